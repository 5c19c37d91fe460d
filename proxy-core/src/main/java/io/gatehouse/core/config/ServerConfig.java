package io.gatehouse.core.config;

/**
 * {@code loadBalancer.servers[n]}.
 *
 * @param url          the server's base URL, e.g. {@code http://10.0.0.5:8080}; null only for a server
 *                     decoded from labels that gives a port instead, until its provider fills in the URL
 * @param weight       its weight (Traefik default 1; 0 drains it)
 * @param preservePath whether the URL's path is kept in front of the request path
 * @param port         labels only ({@code loadbalancer.server.port}): the container port the provider
 *                     builds the URL with; null otherwise
 * @param scheme       labels only ({@code loadbalancer.server.scheme}): the scheme for that URL; null
 *                     means http
 */
public record ServerConfig(String url, int weight, boolean preservePath, String port, String scheme) {

    public ServerConfig(String url, int weight, boolean preservePath) {
        this(url, weight, preservePath, null, null);
    }

    public static ServerConfig of(String url) {
        return new ServerConfig(url, 1, false);
    }
}
