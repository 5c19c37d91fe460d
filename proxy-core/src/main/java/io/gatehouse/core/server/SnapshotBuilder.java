package io.gatehouse.core.server;

import io.gatehouse.core.config.ConfigError;
import io.gatehouse.core.config.ConfigException;
import io.gatehouse.core.config.RouterConfig;
import io.gatehouse.core.config.ServersTransportConfig;
import io.gatehouse.core.config.ServiceConfig;
import io.gatehouse.core.middleware.Middleware;
import io.gatehouse.core.routing.Route;
import io.gatehouse.core.routing.RouteTable;
import io.gatehouse.core.rule.ParsedRule;
import io.gatehouse.core.rule.RuleParser;
import io.gatehouse.core.rule.RuleSyntax;
import io.gatehouse.core.rule.RuleSyntaxException;
import io.gatehouse.core.service.LoadBalancedService;
import io.undertow.server.HttpHandler;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a configuration into route tables, once. Rules are compiled, services created and each
 * router's middleware chain composed here, so that nothing of it happens per request.
 * A router or service with a problem is left out and reported; the rest is built.
 */
final class SnapshotBuilder {

    private final CodeConfig config;
    private final List<ConfigError> errors = new ArrayList<>();
    private final Map<String, HttpHandler> services = new HashMap<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();

    private SnapshotBuilder(CodeConfig config) {
        this.config = config;
    }

    static RoutingSnapshot build(CodeConfig config) {
        return new SnapshotBuilder(config).build();
    }

    private RoutingSnapshot build() {
        config.services().forEach(this::buildService);
        Map<String, List<Route>> byEntryPoint = new LinkedHashMap<>();
        config.entryPoints().keySet().forEach(name -> byEntryPoint.put(name, new ArrayList<>()));
        List<Route> unbound = new ArrayList<>();
        config.routers().forEach((name, router) -> {
            Route route = buildRoute(name, router);
            if (route == null) {
                return;
            }
            if (router.entryPoints().isEmpty()) {
                unbound.add(route);
                byEntryPoint.values().forEach(routes -> routes.add(route));
                return;
            }
            for (int i = 0; i < router.entryPoints().size(); i++) {
                String entryPoint = router.entryPoints().get(i);
                List<Route> routes = byEntryPoint.get(entryPoint);
                if (routes == null) {
                    errors.add(new ConfigError("http.routers." + name + ".entryPoints[" + i + "]", entryPoint,
                            "no such entry point; known: " + config.entryPoints().keySet()));
                } else {
                    routes.add(route);
                }
            }
        });
        Map<String, RouteTable> tables = new HashMap<>();
        byEntryPoint.forEach((name, routes) -> tables.put(name, RouteTable.build(routes)));
        return new RoutingSnapshot(tables, RouteTable.build(unbound), errors, closeables);
    }

    private void buildService(String name, ServiceConfig service) {
        String path = "http.services." + name;
        if (service.loadBalancer() == null) {
            errors.add(new ConfigError(path, null, "a service needs a loadBalancer"));
            return;
        }
        String transportName = service.loadBalancer().serversTransport();
        ServersTransportConfig transport = ServersTransportConfig.DEFAULT;
        if (transportName != null) {
            transport = config.serversTransports().get(transportName);
            if (transport == null) {
                errors.add(new ConfigError(path + ".loadBalancer.serversTransport", transportName,
                        "no such serversTransport; known: " + config.serversTransports().keySet()));
                return;
            }
        }
        try {
            LoadBalancedService handler = LoadBalancedService.create(name, service.loadBalancer(), transport);
            services.put(name, handler);
            closeables.add(handler);
        } catch (ConfigException e) {
            errors.addAll(e.errors());
        }
    }

    private Route buildRoute(String name, RouterConfig router) {
        String path = "http.routers." + name;
        int before = errors.size();
        ParsedRule rule = parseRule(path, router);
        HttpHandler service = null;
        if (router.service() == null || router.service().isBlank()) {
            errors.add(new ConfigError(path + ".service", router.service(), "a router needs a service"));
        } else {
            service = services.get(router.service());
            if (service == null) {
                errors.add(new ConfigError(path + ".service", router.service(), config.services().containsKey(router.service())
                        ? "the service has errors (see above)"
                        : "no such service; known: " + config.services().keySet()));
            }
        }
        List<Middleware> chain = new ArrayList<>();
        for (int i = 0; i < router.middlewares().size(); i++) {
            String middlewareName = router.middlewares().get(i);
            Middleware middleware = config.middlewares().get(middlewareName);
            if (middleware == null) {
                errors.add(new ConfigError(path + ".middlewares[" + i + "]", middlewareName,
                        "no such middleware; known: " + config.middlewares().keySet()));
            }
            chain.add(middleware);
        }
        if (errors.size() > before) {
            return null;
        }
        HttpHandler handler = service;
        for (int i = chain.size() - 1; i >= 0; i--) {
            handler = chain.get(i).wrap(handler);
        }
        return new Route(name, rule, router.priority(), handler);
    }

    private ParsedRule parseRule(String path, RouterConfig router) {
        RuleSyntax syntax = RuleSyntax.V3;
        if (router.ruleSyntax() != null && !router.ruleSyntax().isEmpty()) {
            switch (router.ruleSyntax().toLowerCase(java.util.Locale.ROOT)) {
                case "v3" -> syntax = RuleSyntax.V3;
                case "v2" -> syntax = RuleSyntax.V2;
                default -> {
                    errors.add(new ConfigError(path + ".ruleSyntax", router.ruleSyntax(), "expected 'v3' or 'v2'"));
                    return null;
                }
            }
        }
        try {
            return RuleParser.parse(router.rule(), syntax);
        } catch (RuleSyntaxException e) {
            errors.add(new ConfigError(path + ".rule", router.rule(), e.getMessage()));
            return null;
        }
    }
}
