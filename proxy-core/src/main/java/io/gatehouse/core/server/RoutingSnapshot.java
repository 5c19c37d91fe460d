package io.gatehouse.core.server;

import io.gatehouse.core.tls.TlsSnapshot;
import io.gatehouse.core.config.ConfigError;
import io.gatehouse.core.config.RouterConfig;
import io.gatehouse.core.config.ServersTransportConfig;
import io.gatehouse.core.config.ServiceConfig;
import io.gatehouse.core.middleware.Middleware;
import io.gatehouse.core.routing.Route;
import io.gatehouse.core.routing.RouterHandler;
import io.gatehouse.core.rule.ParsedRule;
import io.gatehouse.core.service.ServiceHandler;
import io.undertow.server.HttpHandler;

import java.util.List;
import java.util.Map;

/**
 * One built configuration: a router per entry point (by index, in the order the entry points were
 * declared), the router for handler() (routers that name no entry point), the errors that left
 * parts out, and the live objects the next build may reuse when their configuration is unchanged.
 * Immutable once built; swapped whole.
 */
final class RoutingSnapshot {

    /**
     * A running service, what it was built from, and its in-flight count (what routes call); for a composite
     * service, the live children it was built with (so it is reused only while they are).
     */
    record LiveService(ServiceConfig config, ServersTransportConfig transport, ServiceHandler handler,
                       InFlightCounter counted, Map<String, LiveService> children) {

        LiveService(ServiceConfig config, ServersTransportConfig transport, ServiceHandler handler,
                    InFlightCounter counted) {
            this(config, transport, handler, counted, Map.of());
        }
    }

    /** A middleware instance and what it was built from (for a code middleware, itself). */
    record LiveMiddleware(Object config, Middleware middleware, Map<String, HttpHandler> servicesUsed) {

        LiveMiddleware(Object config, Middleware middleware) {
            this(config, middleware, Map.of());
        }
    }

    /** A built route and what it was built from, so an unchanged router is not rebuilt. */
    record CachedRoute(RouterConfig config, HttpHandler service, List<Middleware> chain, Route route) {
    }

    /** A parsed rule's key: the text and the syntax. */
    record RuleKey(String rule, String syntax) {
    }

    static final RoutingSnapshot EMPTY = new RoutingSnapshot(new RouterHandler[0], new RouterHandler[0],
            new RouterHandler(), null, List.of(), Map.of(), Map.of(), Map.of(), Map.of(), 0, 0);

    private final RouterHandler[] routers;
    private final RouterHandler[] secureRouters;
    private final TlsSnapshot tls;
    private final RouterHandler unbound;
    private final List<ConfigError> errors;
    final Map<String, LiveService> services;
    final Map<String, LiveMiddleware> middlewares;
    final Map<String, CachedRoute> routes;
    final Map<RuleKey, ParsedRule> rules;
    private final int routerCount;
    private final int serviceCount;

    RoutingSnapshot(RouterHandler[] routers, RouterHandler[] secureRouters, RouterHandler unbound, TlsSnapshot tls,
                    List<ConfigError> errors,
                    Map<String, LiveService> services, Map<String, LiveMiddleware> middlewares,
                    Map<String, CachedRoute> routes, Map<RuleKey, ParsedRule> rules, int routerCount, int serviceCount) {
        this.routers = routers;
        this.secureRouters = secureRouters;
        this.tls = tls;
        this.unbound = unbound;
        this.errors = List.copyOf(errors);
        this.services = services;
        this.middlewares = middlewares;
        this.routes = routes;
        this.rules = rules;
        this.routerCount = routerCount;
        this.serviceCount = serviceCount;
    }

    /** The router of the entry point at {@code index}; -1 for the routers that name no entry point. */
    RouterHandler router(int index) {
        return index < 0 || index >= routers.length ? unbound : routers[index];
    }

    /**
     * The router for a request on entry point {@code index}: over TLS the routers with a tls section
     * (or the entry point's http.tls), else the others, as Traefik splits them.
     */
    RouterHandler router(int index, boolean secure) {
        if (index < 0 || index >= routers.length) {
            return unbound;
        }
        return secure ? secureRouters[index] : routers[index];
    }

    /** Certificates and TLS options for new handshakes; null only in {@link #EMPTY}. */
    TlsSnapshot tls() {
        return tls;
    }

    List<ConfigError> errors() {
        return errors;
    }

    int routerCount() {
        return routerCount;
    }

    int serviceCount() {
        return serviceCount;
    }
}
