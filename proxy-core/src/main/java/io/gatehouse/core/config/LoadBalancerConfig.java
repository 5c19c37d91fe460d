package io.gatehouse.core.config;

import java.time.Duration;
import java.util.List;

/**
 * {@code http.services.<name>.loadBalancer}.
 *
 * @param servers          the servers
 * @param passHostHeader   forward the client's Host header (Traefik default true)
 * @param serversTransport the name of the transport to reach the servers with; null for the default
 * @param flushInterval    responseForwarding.flushInterval (Traefik default 100ms); streaming
 *                         responses are always flushed as they arrive, so this only bounds buffering
 */
public record LoadBalancerConfig(List<ServerConfig> servers, boolean passHostHeader, String serversTransport,
                                 Duration flushInterval) {

    public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofMillis(100);

    public LoadBalancerConfig {
        servers = servers == null ? List.of() : List.copyOf(servers);
        flushInterval = flushInterval == null ? DEFAULT_FLUSH_INTERVAL : flushInterval;
    }

    public static LoadBalancerConfig of(List<ServerConfig> servers) {
        return new LoadBalancerConfig(servers, true, null, null);
    }
}
