package io.gatehouse.core.config;

/**
 * {@code loadBalancer.servers[n]}.
 *
 * @param url          the server's base URL, e.g. {@code http://10.0.0.5:8080}
 * @param weight       its weight (Traefik default 1; 0 drains it)
 * @param preservePath whether the URL's path is kept in front of the request path
 */
public record ServerConfig(String url, int weight, boolean preservePath) {

    public static ServerConfig of(String url) {
        return new ServerConfig(url, 1, false);
    }
}
