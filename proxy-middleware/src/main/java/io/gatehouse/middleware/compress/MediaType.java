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

    /** Whether a response's Content-Type is this configured type. */
    boolean matches(MediaType actual) {
        return type.equals(actual.type) && (parameters.isEmpty() || parameters.equals(actual.parameters));
    }
}
