package io.gatehouse.middleware.compress;

import java.util.Locale;

/**
 * A media type for matching Content-Type: type/subtype in lower case, and its parameters when the
 * configured value has some (then they must match too, as Traefik's parsed content types).
 */
record MediaType(String type, String parameters) {

    /** The media type of {@code value}, or null when it is not {@code type/subtype[;params]}. */
    static MediaType parse(String value) {
        if (value == null) {
            return null;
        }
        int semi = value.indexOf(';');
        String type = (semi < 0 ? value : value.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
        int slash = type.indexOf('/');
        if (slash <= 0 || slash == type.length() - 1 || type.indexOf('/', slash + 1) >= 0
                || !type.chars().allMatch(c -> c > 32 && c < 127 && "()<>@,;:\\\"[]?={}".indexOf(c) < 0)) {
            return null;
        }
        String params = semi < 0 ? "" : value.substring(semi + 1).replace(" ", "").toLowerCase(Locale.ROOT);
        return new MediaType(type, params);
    }

    /**
     * Whether a configured value is {@code type/subtype} with only {@code name=value} parameters, as Go's
     * mime.ParseMediaType (Traefik's check) demands: {@code text/html; charset} is refused.
     */
    static boolean isWellFormed(String value) {
        if (parse(value) == null) {
            return false;
        }
        int semi = value.indexOf(';');
        if (semi < 0) {
            return true;
        }
        if (value.indexOf('"') >= 0) {
            return true; // quoted values may hold ';' or '='; left to the plain parse
        }
        for (String param : value.substring(semi + 1).split(";", -1)) {
            String p = param.trim();
            if (p.isEmpty()) {
                continue; // trailing or doubled ';', which Go ignores
            }
            int eq = p.indexOf('=');
            if (eq <= 0 || eq == p.length() - 1 || !isToken(p.substring(0, eq).trim())
                    || !isToken(p.substring(eq + 1).trim())) {
                return false;
            }
        }
        return true;
    }

    private static boolean isToken(String s) {
        return !s.isEmpty() && s.chars().allMatch(c -> c > 32 && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0);
    }

    /** Whether a response's Content-Type is this configured type. */
    boolean matches(MediaType actual) {
        return type.equals(actual.type) && (parameters.isEmpty() || parameters.equals(actual.parameters));
    }
}
