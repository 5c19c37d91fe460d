package io.gatehouse.middleware.redirect;

/**
 * {@code redirectScheme}: Traefik's options.
 *
 * @param scheme    the scheme to redirect to, e.g. {@code https} (required)
 * @param port      the port to redirect to, as a string as in Traefik; empty keeps no port
 *                  ({@code 80} with http and {@code 443} with https are left out of the URL)
 * @param permanent 301 / 308 instead of 302 / 307
 */
public record RedirectSchemeConfig(String scheme, String port, boolean permanent) {

    public RedirectSchemeConfig {
        if (scheme == null || scheme.isEmpty()) {
            throw new IllegalArgumentException("scheme: a target scheme is required (e.g. https)");
        }
        if (!isScheme(scheme)) {
            throw new IllegalArgumentException("scheme: not a URL scheme (a letter, then letters, digits, '+', '-' or '.') (got '"
                    + io.gatehouse.middleware.support.Options.printable(scheme) + "')");
        }
        port = port == null ? "" : port;
        if (!port.isEmpty() && !isPort(port)) {
            throw new IllegalArgumentException("port: expected a port number from 1 to 65535 (got '"
                    + io.gatehouse.middleware.support.Options.printable(port) + "')");
        }
    }

    /** {@code RedirectSchemeConfig.https(true)}: the usual http to https redirect. */
    public static RedirectSchemeConfig https(boolean permanent) {
        return new RedirectSchemeConfig("https", "", permanent);
    }

    private static boolean isScheme(String s) {
        if (!Character.isLetter(s.charAt(0)) || s.charAt(0) > 0x7F) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c < 0x80 && (Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean isPort(String s) {
        if (s.length() > 5) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        int value = Integer.parseInt(s);
        return value >= 1 && value <= 65535;
    }
}
