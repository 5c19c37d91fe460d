package io.gatehouse.middleware.contenttype;

/**
 * {@code contentType}: Traefik's option.
 *
 * @param autoDetect deprecated in Traefik v3: not given or true enables detection, false makes the
 *                   middleware do nothing (Traefik's default without the middleware)
 */
public record ContentTypeConfig(Boolean autoDetect) {

    public static final ContentTypeConfig DEFAULTS = new ContentTypeConfig(null);

    /** Detection on, the middleware's reason to exist. */
    public static ContentTypeConfig detect() {
        return DEFAULTS;
    }
}
