package io.gatehouse.core.routing;

import java.util.Locale;

/**
 * The canonical request host, as Traefik's requestdecorator computes it: the port stripped (Go's
 * {@code net.SplitHostPort}), lower-cased, surrounding spaces trimmed; and, as Traefik's Host
 * matcher tolerates, one trailing dot removed.
 *
 * <p>IPv6 literals lose their brackets ({@code [::1]:8080} and {@code [::1]} are both {@code ::1}).
 * Traefik gives {@code ::1} for the first and keeps {@code [::1]} for the second; one spelling is
 * simpler to write rules for, and a rule's host loses its brackets too ({@code Host(`[::1]`)}).
 */
final class RequestHost {

    private RequestHost() {
    }

    /** {@code ""} for a missing or empty Host. */
    static String canonical(String hostHeader) {
        if (hostHeader == null) {
            return "";
        }
        String host = stripPort(hostHeader.strip());
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        return host.toLowerCase(Locale.ROOT);
    }

    private static String stripPort(String host) {
        if (!host.isEmpty() && host.charAt(0) == '[') {
            int close = host.indexOf(']');
            if (close < 0) {
                return host;
            }
            String rest = host.substring(close + 1);
            // Go accepts "[h]:port" with any (even empty) port; anything else after ']' is kept whole.
            if (rest.isEmpty() || (rest.charAt(0) == ':' && rest.indexOf(':', 1) < 0)) {
                return host.substring(1, close);
            }
            return host;
        }
        int colon = host.indexOf(':');
        if (colon < 0 || host.indexOf(':', colon + 1) >= 0) {
            return host; // no port, or an unbracketed IPv6 literal: Go keeps it whole
        }
        return host.substring(0, colon);
    }
}
