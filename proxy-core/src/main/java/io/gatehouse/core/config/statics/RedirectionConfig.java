package io.gatehouse.core.config.statics;

/**
 * {@code entryPoints.<name>.http.redirections.entryPoint}: every request on the entry point is
 * redirected to another entry point's port, as Traefik does with a generated router.
 *
 * @param to        the target entry point's name, or a port written {@code :443}
 * @param scheme    the scheme of the redirect location (default {@code https})
 * @param permanent 301/308 when true (default), 302/307 when false
 * @param priority  the generated router's priority (default {@link #DEFAULT_PRIORITY}, just below ping's)
 */
public record RedirectionConfig(String to, String scheme, boolean permanent, int priority) {

    public static final int DEFAULT_PRIORITY = Integer.MAX_VALUE - 1;
    public static final String DEFAULT_SCHEME = "https";
}
