package io.gatehouse.core.config;

/**
 * {@code sticky}: sticky sessions. Traefik knows only the cookie kind.
 *
 * @param cookie the sticky cookie
 */
public record StickyConfig(CookieConfig cookie) {

    public StickyConfig {
        cookie = cookie == null ? CookieConfig.DEFAULTS : cookie;
    }
}
