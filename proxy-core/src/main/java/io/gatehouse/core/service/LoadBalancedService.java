package io.gatehouse.core.service;

import io.gatehouse.core.config.ConfigError;
import io.gatehouse.core.config.ConfigException;
import io.gatehouse.core.config.LoadBalancerConfig;
import io.gatehouse.core.config.ServerConfig;
import io.gatehouse.core.config.ServersTransportConfig;
import io.gatehouse.core.proxy.Backend;
import io.gatehouse.core.proxy.BackendOutcomes;
import io.gatehouse.core.proxy.BackendTransport;
import io.gatehouse.core.proxy.FailureResponder;
import io.gatehouse.core.proxy.RequestBodyEnd;
import io.gatehouse.core.service.balance.RandomSource;
import io.gatehouse.core.service.balance.Strategies;
import io.gatehouse.core.service.sticky.StickyCookie;
import io.gatehouse.core.service.health.HealthCheckSpec;
import io.gatehouse.core.service.health.PassiveSpec;
import io.gatehouse.core.service.health.ServiceHealth;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.proxy.ProxyHandler;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code http.services.<name>.loadBalancer}: forwards each request to one of the service's servers, picked
 * by the configured strategy (or the sticky cookie), through Undertow's ProxyHandler with per-server connection pools. Everything per request that
 * can be computed ahead (URLs, TLS contexts, pool options, header names) is computed in {@link #create}.
 *
 * <p>The exchange must arrive with its path already normalized; {@code getRequestURI()} is forwarded as is
 * (after the server's path when preservePath is set), with {@code getQueryString()}. Do not set a resolved path
 * on the exchange (as Undertow's PathHandler does): ProxyHandler would cut it off the forwarded URI.
 *
 * <p>Mount it behind {@link io.gatehouse.core.proxy.ForwardedHeadersHandler}, which removes X-Forwarded-* headers
 * sent by untrusted clients and adds the proxy's; this handler then appends the peer to X-Forwarded-For and removes
 * hop-by-hop headers in both directions.
 */
public final class LoadBalancedService implements ServiceHandler {


    private final String name;
    private final List<Server> servers;
    private final HttpHandler proxy;
    private final boolean watchRequestBodyEnd;
    private final ServiceHealth health;
    private final BackendTransport transport;

    private LoadBalancedService(String name, List<Server> servers, HttpHandler proxy, boolean watchRequestBodyEnd,
                                ServiceHealth health, BackendTransport transport) {
        this.name = name;
        this.transport = transport;
        this.servers = servers;
        this.proxy = proxy;
        this.watchRequestBodyEnd = watchRequestBodyEnd;
        this.health = health;
    }

    /**
     * Validates and builds the service. Every problem is reported at once, with paths like
     * {@code http.services.<name>.loadBalancer.servers[0].url} and {@code http.serversTransports.<name>.rootCAs[0]}.
     *
     * @param transport the serversTransport named by {@code lb.serversTransport()}, or null for the default one
     */
    public static LoadBalancedService create(String serviceName, LoadBalancerConfig lb, ServersTransportConfig transport)
            throws ConfigException {
        return create(serviceName, lb, transport, null);
    }

    /**
     * As {@link #create(String, LoadBalancerConfig, ServersTransportConfig)}, replacing {@code previous} (the
     * service of the same name in the last configuration, of any kind, or null): servers with the same URL and the
     * same health configuration keep their health, so a known-down server gets no traffic after an unrelated edit.
     */
    public static LoadBalancedService create(String serviceName, LoadBalancerConfig lb, ServersTransportConfig transport,
                                             ServiceHandler previous) throws ConfigException {
        String base = "http.services." + serviceName + ".loadBalancer";
        String transportPath = "http.serversTransports." + (lb.serversTransport() == null ? "default" : lb.serversTransport());
        ServersTransportConfig transportConfig = transport == null ? ServersTransportConfig.DEFAULT : transport;
        List<ConfigError> errors = new ArrayList<>();

        List<ServerUrl> urls = new ArrayList<>();
        boolean tls = false;
        for (int i = 0; i < lb.servers().size(); i++) {
            ServerConfig server = lb.servers().get(i);
            String at = base + ".servers[" + i + "]";
            if (server == null) {
                errors.add(new ConfigError(at, null, "must have a url"));
                urls.add(null);
                continue;
            }
            if (server.weight() < 0) {
                errors.add(new ConfigError(at + ".weight", String.valueOf(server.weight()), "must be 0 or more"));
            }
            ServerUrl url = ServerUrl.parse(server.url(), at + ".url", errors);
            urls.add(url);
            tls |= url != null && url.target().getScheme().equals("https");
        }
        if (lb.flushInterval().isNegative()) {
            errors.add(new ConfigError(base + ".responseForwarding.flushInterval", lb.flushInterval().toString(),
                    "must not be negative"));
        }
        String strategy = lb.strategy().toLowerCase(Locale.ROOT);
        if (!Strategies.isKnown(strategy)) {
            errors.add(new ConfigError(base + ".strategy", lb.strategy(),
                    "expected one of " + String.join(", ", Strategies.KNOWN)));
        }
        if (lb.sticky() != null) {
            StickyCookie.validate(lb.sticky().cookie(), base + ".sticky.cookie", errors);
        }
        HealthCheckSpec check = HealthCheckSpec.of(lb.healthCheck(), base + ".healthCheck", errors);
        PassiveSpec passive = PassiveSpec.of(lb.passiveHealthCheck(), base + ".passiveHealthCheck", errors);
        tls |= check != null && "https".equals(check.scheme());
        BackendTransport backendTransport = BackendTransport.create(transportConfig, transportPath, tls, errors);
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }

        ServiceHealth health = ServiceHealth.create(serviceName,
                lb.servers().stream().map(ServerConfig::url).toList(),
                lb.servers().stream().map(ServerConfig::weight).toList(), check, passive, backendTransport,
                previous instanceof LoadBalancedService old ? old.health : null);
        List<Server> servers = new ArrayList<>(urls.size());
        for (int i = 0; i < urls.size(); i++) {
            ServerConfig config = lb.servers().get(i);
            ServerUrl url = urls.get(i);
            Backend backend = new Backend(url.target(), url.authority(), config.preservePath() ? url.path() : "",
                    lb.passHostHeader(), backendTransport, passive == null ? BackendOutcomes.NONE : health.server(i));
            servers.add(new Server(config.url(), config.weight(), backend, i, health.server(i)));
        }
        StickyCookie sticky = null;
        if (lb.sticky() != null) {
            // validated above
            sticky = StickyCookie.create(serviceName, lb.sticky().cookie(), servers, base + ".sticky.cookie", errors);
        }
        LoadBalancer balancer = new TrialClaims(Strategies.create(strategy, servers, RandomSource.THREAD_LOCAL), servers.size());
        int pickable = (int) servers.stream().filter(s -> s.weight() > 0).count();
        ProxyHandler proxy = ProxyHandler.builder()
                .setProxyClient(new ServiceProxyClient(balancer, sticky, servers))
                // a failed connection is retried on another server, each server at most once (RetryPolicy)
                .setMaxConnectionRetries(Math.max(0, pickable - 1))
                .setIdempotentRequestPredicate(RetryPolicy.INSTANCE)
                .setNext(NoServerFallback.INSTANCE)
                // X-Forwarded-* come from ForwardedHeadersHandler; BackendRequestHeaders sets X-Forwarded-For.
                .setReuseXForwarded(true)
                .setRewriteHostHeader(false)
                .build();
        return new LoadBalancedService(serviceName, List.copyOf(servers), proxy,
                backendTransport.responseHeaderTimeoutMillis() > 0, health, backendTransport);
    }

    /** How the servers are reached: the serversTransport's timeouts and TLS settings, validated. */
    public BackendTransport transport() {
        return transport;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        // forwarded again by a middleware (retry): a fresh start, every server may be picked again
        ServerAttempts.forget(exchange);
        exchange.addDefaultResponseListener(FailureResponder.INSTANCE);
        if (watchRequestBodyEnd) {
            RequestBodyEnd.watch(exchange);
        }
        proxy.handleRequest(exchange);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean isUp() {
        return health.isUp();
    }

    public List<Server> servers() {
        return servers;
    }

    @Override
    public void close() {
        health.close();
        for (Server server : servers) {
            server.backend().close();
        }
    }

    @Override
    public void closeNow() {
        health.close();
        for (Server server : servers) {
            server.backend().closeNow();
        }
    }
}
