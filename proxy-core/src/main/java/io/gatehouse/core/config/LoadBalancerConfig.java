package io.gatehouse.core.config;

import java.time.Duration;
import java.util.List;

/**
 * {@code http.services.<name>.loadBalancer}.
 *
 * @param servers            the servers
 * @param passHostHeader     forward the client's Host header (Traefik default true)
 * @param serversTransport   the name of the transport to reach the servers with; null for the default
 * @param flushInterval      responseForwarding.flushInterval (Traefik default 100ms; negative means
 *                           flush after every write); streaming responses are always flushed as they
 *                           arrive, so this only bounds buffering
 * @param strategy           wrr (default), p2c, hrw or leasttime
 * @param sticky             sticky sessions; null for none
 * @param healthCheck        active health checks; null for none
 * @param passiveHealthCheck passive health checks; null for none
 */
public record LoadBalancerConfig(List<ServerConfig> servers, boolean passHostHeader, String serversTransport,
                                 Duration flushInterval, String strategy, StickyConfig sticky,
                                 HealthCheckConfig healthCheck, PassiveHealthCheckConfig passiveHealthCheck) {

    public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofMillis(100);
    public static final String DEFAULT_STRATEGY = "wrr";

    public LoadBalancerConfig {
        servers = ConfigLists.copy(servers);
        flushInterval = flushInterval == null ? DEFAULT_FLUSH_INTERVAL : flushInterval;
        strategy = strategy == null ? DEFAULT_STRATEGY : strategy;
    }

    public LoadBalancerConfig(List<ServerConfig> servers, boolean passHostHeader, String serversTransport,
                              Duration flushInterval) {
        this(servers, passHostHeader, serversTransport, flushInterval, null, null, null, null);
    }

    public static LoadBalancerConfig of(List<ServerConfig> servers) {
        return new LoadBalancerConfig(servers, true, null, null);
    }
}
