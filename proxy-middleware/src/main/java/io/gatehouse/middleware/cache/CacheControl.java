package io.gatehouse.middleware.cache;

import io.undertow.util.HeaderValues;

/**
 * The Cache-Control directives Gatehouse acts on (RFC 9111 section 5.2, RFC 5861), request or response.
 * Seconds are -1 when absent. A malformed or repeated delta-seconds counts as 0, which makes a response
 * stale rather than fresh longer than meant; values past 2^31 are capped there (RFC 9111 1.2.2).
 * {@code no-cache} and {@code private} with field names are taken as their unqualified forms (the safe reading).
 */
record CacheControl(boolean noStore, boolean noCache, boolean isPrivate, boolean isPublic, long maxAge, long sMaxAge,
                    boolean mustRevalidate, boolean proxyRevalidate, long minFresh, long maxStale,
                    boolean onlyIfCached, long staleWhileRevalidate, long staleIfError) {

    static final long CAP = 2147483648L;
    static final CacheControl NONE = new CacheControl(false, false, false, false, -1, -1, false, false, -1, -1, false, -1, -1);
    static final CacheControl NO_CACHE = new CacheControl(false, true, false, false, -1, -1, false, false, -1, -1, false, -1, -1);

    static CacheControl parse(HeaderValues values) {
        if (values == null || values.isEmpty()) {
            return NONE;
        }
        Builder b = new Builder();
        for (String value : values) {
            parseInto(value, b);
        }
        return b.build();
    }

    static CacheControl parse(String value) {
        if (value == null) {
            return NONE;
        }
        Builder b = new Builder();
        parseInto(value, b);
        return b.build();
    }

    private static void parseInto(String s, Builder b) {
        int i = 0;
        int n = s.length();
        while (i < n) {
            while (i < n && (s.charAt(i) == ' ' || s.charAt(i) == '\t' || s.charAt(i) == ',')) {
                i++;
            }
            int nameStart = i;
            while (i < n && s.charAt(i) != '=' && s.charAt(i) != ',' && s.charAt(i) != ' ' && s.charAt(i) != '\t') {
                i++;
            }
            if (nameStart == i) {
                // a stray character such as '=' with no name: skip it
                if (i < n) {
                    i++;
                }
                continue;
            }
            String name = s.substring(nameStart, i).toLowerCase(java.util.Locale.ROOT);
            while (i < n && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
                i++;
            }
            String arg = null;
            if (i < n && s.charAt(i) == '=') {
                i++;
                while (i < n && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
                    i++;
                }
                if (i < n && s.charAt(i) == '"') {
                    StringBuilder quoted = new StringBuilder();
                    i++;
                    while (i < n && s.charAt(i) != '"') {
                        if (s.charAt(i) == '\\' && i + 1 < n) {
                            i++;
                        }
                        quoted.append(s.charAt(i++));
                    }
                    i++; // closing quote (or end)
                    arg = quoted.toString();
                } else {
                    int argStart = i;
                    while (i < n && s.charAt(i) != ',' && s.charAt(i) != ' ' && s.charAt(i) != '\t') {
                        i++;
                    }
                    arg = s.substring(argStart, i);
                }
            }
            b.directive(name, arg);
            while (i < n && s.charAt(i) != ',') {
                i++; // ignore anything after a directive up to the next comma
            }
        }
    }

    /** delta-seconds: 1*DIGIT; null when the directive has no value. */
    static long seconds(String arg) {
        if (arg == null || arg.isEmpty()) {
            return 0;
        }
        long v = 0;
        for (int i = 0; i < arg.length(); i++) {
            char c = arg.charAt(i);
            if (c < '0' || c > '9') {
                return 0;
            }
            v = v * 10 + (c - '0');
            if (v >= CAP) {
                return CAP;
            }
        }
        return v;
    }

    private static final class Builder {
        boolean noStore, noCache, isPrivate, isPublic, mustRevalidate, proxyRevalidate, onlyIfCached;
        long maxAge = -1, sMaxAge = -1, minFresh = -1, maxStale = -1, swr = -1, sie = -1;

        void directive(String name, String arg) {
            switch (name) {
                case "no-store" -> noStore = true;
                case "no-cache" -> noCache = true;
                case "private" -> isPrivate = true;
                case "public" -> isPublic = true;
                case "must-revalidate" -> mustRevalidate = true;
                case "proxy-revalidate" -> proxyRevalidate = true;
                case "only-if-cached" -> onlyIfCached = true;
                case "max-age" -> maxAge = once(maxAge, seconds(arg));
                case "s-maxage" -> sMaxAge = once(sMaxAge, seconds(arg));
                case "min-fresh" -> minFresh = once(minFresh, seconds(arg));
                case "max-stale" -> maxStale = once(maxStale, arg == null ? CAP : seconds(arg));
                case "stale-while-revalidate" -> swr = once(swr, seconds(arg));
                case "stale-if-error" -> sie = once(sie, seconds(arg));
                default -> {
                    // extensions we do not understand are ignored (RFC 9111 5.2.3)
                }
            }
        }

        /** A repeated directive counts as 0, even with the same value (RFC 9111 4.2.1: treat as stale). */
        private static long once(long previous, long value) {
            return previous < 0 ? value : 0;
        }

        CacheControl build() {
            return new CacheControl(noStore, noCache, isPrivate, isPublic, maxAge, sMaxAge, mustRevalidate,
                    proxyRevalidate, minFresh, maxStale, onlyIfCached, swr, sie);
        }
    }
}
