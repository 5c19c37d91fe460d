package io.gatehouse.core.config;

/**
 * {@code sticky.cookie}.
 *
 * @param name     the cookie name; null means Traefik's derived name ({@code _} + 6 hex chars)
 * @param secure   the Secure attribute
 * @param httpOnly the HttpOnly attribute
 * @param sameSite none, lax or strict; null for no SameSite attribute
 * @param maxAge   Max-Age in seconds; 0 means a session cookie, negative means expire now
 * @param path     the Path attribute (default {@code /})
 * @param domain   the Domain attribute; null for none
 */
public record CookieConfig(String name, boolean secure, boolean httpOnly, String sameSite, int maxAge,
                           String path, String domain) {

    public static final String DEFAULT_PATH = "/";
    public static final CookieConfig DEFAULTS = new CookieConfig(null, false, false, null, 0, null, null);

    public CookieConfig {
        path = path == null ? DEFAULT_PATH : path;
    }
}
