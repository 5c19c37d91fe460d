package io.gatehouse.middleware.auth;

import java.util.HashMap;
import java.util.Map;

/** The parameters of a {@code Digest k=v, k="v"} Authorization header. */
final class DigestParams {

    private DigestParams() {
    }

    /** The parameters (names lower-cased), or null when the header is absent, not Digest, or malformed. */
    static Map<String, String> parse(String header) {
        if (header == null || header.length() < 7 || !header.regionMatches(true, 0, "Digest ", 0, 7)) {
            return null;
        }
        Map<String, String> params = new HashMap<>();
        int i = 7;
        int n = header.length();
        while (i < n) {
            while (i < n && (header.charAt(i) == ' ' || header.charAt(i) == ',' || header.charAt(i) == '\t')) {
                i++;
            }
            if (i >= n) {
                break;
            }
            int eq = header.indexOf('=', i);
            if (eq < 0) {
                return null;
            }
            String name = header.substring(i, eq).trim().toLowerCase(java.util.Locale.ROOT);
            i = eq + 1;
            String value;
            if (i < n && header.charAt(i) == '"') {
                StringBuilder quoted = new StringBuilder();
                i++;
                while (i < n && header.charAt(i) != '"') {
                    char c = header.charAt(i);
                    if (c == '\\' && i + 1 < n) {
                        c = header.charAt(++i);
                    }
                    quoted.append(c);
                    i++;
                }
                if (i >= n) {
                    return null;
                }
                i++;
                value = quoted.toString();
            } else {
                int end = header.indexOf(',', i);
                end = end < 0 ? n : end;
                value = header.substring(i, end).trim();
                i = end;
            }
            if (params.put(name, value) != null || params.size() > 32) {
                return null;
            }
        }
        return params;
    }
}
