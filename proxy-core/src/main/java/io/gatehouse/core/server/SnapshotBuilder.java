package io.gatehouse.core.server;

import io.gatehouse.core.config.ConfigError;
import io.gatehouse.core.config.ConfigException;
import io.gatehouse.core.config.MiddlewareConfig;
import io.gatehouse.core.config.RouterConfig;
import io.gatehouse.core.config.RouterTlsConfig;
import io.gatehouse.core.tls.TlsSnapshot;
import io.gatehouse.core.tls.TlsSnapshotBuilder;
import io.gatehouse.core.config.ServersTransportConfig;
import io.gatehouse.core.config.ServiceConfig;
import io.gatehouse.core.middleware.Middleware;
import io.gatehouse.core.middleware.MiddlewareContext;
import io.gatehouse.core.middleware.MiddlewareType;
import io.gatehouse.core.middleware.MiddlewareTypes;
import io.gatehouse.core.pipeline.ChainMiddlewareType;
import io.gatehouse.core.routing.Route;
import io.gatehouse.core.routing.RouteTable;
import io.gatehouse.core.routing.RouterHandler;
import io.gatehouse.core.rule.ParsedRule;
import io.gatehouse.core.rule.RuleParser;
import io.gatehouse.core.rule.RuleSyntax;
import io.gatehouse.core.rule.RuleSyntaxException;
import io.gatehouse.core.server.RoutingSnapshot.CachedRoute;
import io.gatehouse.core.server.RoutingSnapshot.LiveMiddleware;
import io.gatehouse.core.server.RoutingSnapshot.LiveService;
import io.gatehouse.core.server.RoutingSnapshot.RuleKey;
import io.gatehouse.core.service.LoadBalancedService;
import io.gatehouse.core.service.ServiceHandler;
import io.gatehouse.core.service.composite.Child;
import io.gatehouse.core.service.composite.CompositeServices;
import io.undertow.server.HttpHandler;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns an {@link Aggregate} into a {@link RoutingSnapshot}, once per configuration. Rules are
 * compiled, services created and each router's middleware chain composed here, never per request.
 *
 * <p>Incremental: what the previous snapshot built from an equal configuration is reused (services
 * with their connection pools and balancer state, middleware instances, parsed rules, and whole
 * routes whose router, service and middlewares are unchanged), so a one-route change costs little.
 *
 * <p>Each error belongs to a provider. It is <em>hard</em> when it is that provider's own mistake
 * (a bad rule, a reference inside the provider that does not resolve, a chain cycle): the pipeline
 * then keeps the provider's last good configuration. It is <em>soft</em> when it depends on another
 * provider (a reference to {@code auth@docker} that is not there yet) or on the static entry points:
 * the router is left out (or off that entry point) and the rest applies.
 */
final class SnapshotBuilder {

    /** What a build produced: the snapshot, the hard errors by provider, and the services and middlewares it created. */
    record Result(RoutingSnapshot snapshot, Map<String, List<ConfigError>> hardErrors,
                  List<ServiceHandler> created, List<Middleware> createdMiddlewares) {
    }

    private static final Object FAILED = new Object();

    private final Aggregate aggregate;
    private final List<String> entryPoints;
    private final List<RouterTlsConfig> entryPointTls;
    private final TlsSnapshotBuilder tls;
    private final RoutingSnapshot previous;
    private final MiddlewareTypes types;
    private final List<ConfigError> errors = new ArrayList<>();
    private final Map<String, List<ConfigError>> hardErrors = new LinkedHashMap<>();
    private final List<ServiceHandler> created = new ArrayList<>();
    private final List<Middleware> createdMiddlewares = new ArrayList<>();
    private final Map<String, LiveService> services;
    private final Map<String, LiveMiddleware> middlewares;
    private final Map<String, Object> resolvedChains = new HashMap<>();
    /** Services that could not be built, and those of them that failed only on another provider's account. */
    private final Set<String> failedServices = new HashSet<>();
    private final Set<String> softFailedServices = new HashSet<>();
    private final Map<String, CachedRoute> routes;
    private final Map<RuleKey, ParsedRule> rules;

    private SnapshotBuilder(Aggregate aggregate, List<String> entryPoints, List<RouterTlsConfig> entryPointTls,
                            RoutingSnapshot previous, MiddlewareTypes types) {
        this.aggregate = aggregate;
        this.entryPoints = entryPoints;
        this.entryPointTls = entryPointTls;
        this.tls = new TlsSnapshotBuilder(previous.tls());
        aggregate.tls().forEach(tls::provider);
        this.previous = previous;
        this.types = types;
        // Sized up front: at 10,000 routers, rehashing is a visible part of a reload.
        this.services = new HashMap<>(capacity(aggregate.services().size()));
        this.middlewares = new HashMap<>(capacity(aggregate.middlewares().size()));
        this.routes = new HashMap<>(capacity(aggregate.routers().size()));
        this.rules = new HashMap<>();
    }

    private static int capacity(int entries) {
        return (int) (entries / 0.75f) + 1;
    }

    /**
     * @param entryPoints   the entry points' names, in order
     * @param entryPointTls each entry point's {@code http.tls} (null entries when unset), same order
     */
    static Result build(Aggregate aggregate, List<String> entryPoints, List<RouterTlsConfig> entryPointTls,
                        RoutingSnapshot previous, MiddlewareTypes types) {
        return new SnapshotBuilder(aggregate, entryPoints, entryPointTls, previous, types).build();
    }

    private Result build() {
        aggregate.services().forEach(this::buildService);
        aggregate.middlewares().forEach(this::buildMiddleware);
        // Chains are checked even when no router uses them: a cycle is an error wherever it is.
        aggregate.middlewares().forEach((name, owned) -> {
            if (owned.value() instanceof MiddlewareConfig config && ChainMiddlewareType.isChain(config)) {
                resolveMiddleware(name, new ArrayList<>());
            }
        });
        List<List<Route>> byEntryPoint = new ArrayList<>();
        List<List<Route>> secureByEntryPoint = new ArrayList<>();
        entryPoints.forEach(name -> {
            byEntryPoint.add(new ArrayList<>());
            secureByEntryPoint.add(new ArrayList<>());
        });
        List<Route> unbound = new ArrayList<>();
        aggregate.routers().forEach((name, owned) -> {
            Route route = buildRoute(name, owned);
            if (route == null) {
                return;
            }
            RouterConfig router = owned.value();
            TlsPlacement placement = new TlsPlacement(name, owned, route);
            if (router.entryPoints().isEmpty()) {
                unbound.add(route);
                for (int index = 0; index < entryPoints.size(); index++) {
                    placement.place(index, byEntryPoint, secureByEntryPoint);
                }
                return;
            }
            for (int i = 0; i < router.entryPoints().size(); i++) {
                String entryPoint = router.entryPoints().get(i);
                int index = entryPoints.indexOf(entryPoint);
                if (index < 0) {
                    soft(owned.provider(), new ConfigError("http.routers." + name + ".entryPoints[" + i + "]", entryPoint,
                            "no such entry point; known: " + entryPoints));
                } else {
                    placement.place(index, byEntryPoint, secureByEntryPoint);
                }
            }
        });
        // Usually every router is on every entry point: then one table serves them all.
        RouteTable unboundTable = RouteTable.build(unbound);
        RouterHandler unboundRouter = new RouterHandler(unboundTable);
        RouterHandler[] routers = new RouterHandler[entryPoints.size()];
        for (int i = 0; i < routers.length; i++) {
            List<Route> routes = byEntryPoint.get(i);
            routers[i] = sameRoutes(routes, unbound) ? unboundRouter : new RouterHandler(RouteTable.build(routes));
        }
        RouterHandler[] secureRouters = new RouterHandler[entryPoints.size()];
        for (int i = 0; i < secureRouters.length; i++) {
            List<Route> routes = secureByEntryPoint.get(i);
            secureRouters[i] = i > 0 && sameRoutes(routes, secureByEntryPoint.get(i - 1))
                    ? secureRouters[i - 1] : new RouterHandler(RouteTable.build(routes));
        }
        TlsSnapshot tlsSnapshot = tls.build();
        errors.addAll(tls.errors()); // soft: a bad certificate or options set leaves only itself out
        RoutingSnapshot snapshot = new RoutingSnapshot(routers, secureRouters, unboundRouter, tlsSnapshot, errors,
                services, middlewares, routes, rules, aggregate.routers().size(), services.size());
        return new Result(snapshot, hardErrors, created, createdMiddlewares);
    }

    /**
     * Puts a route on an entry point's plain or TLS table: its own tls section, else the entry
     * point's http.tls, makes it a TLS route. A TLS route whose options do not resolve is left off.
     */
    private final class TlsPlacement {
        private final String name;
        private final Owned<RouterConfig> owned;
        private final Route route;
        private final Map<RouterTlsConfig, String> resolved = new HashMap<>();

        TlsPlacement(String name, Owned<RouterConfig> owned, Route route) {
            this.name = name;
            this.owned = owned;
            this.route = route;
        }

        void place(int index, List<List<Route>> plain, List<List<Route>> secure) {
            RouterTlsConfig routerTls = owned.value().tls();
            RouterTlsConfig effective = routerTls != null ? routerTls : entryPointTls.get(index);
            if (effective == null) {
                plain.get(index).add(route);
                return;
            }
            String options = resolved.computeIfAbsent(effective, config -> {
                String path = routerTls != null ? "http.routers." + name + ".tls"
                        : "entryPoints." + entryPoints.get(index) + ".http.tls";
                if (config.certResolver() != null && !config.certResolver().isBlank()) {
                    soft(owned.provider(), new ConfigError(path + ".certResolver", config.certResolver(),
                            "certificate resolvers (ACME) are not supported yet; the certificates of tls.certificates "
                                    + "and the default certificate serve this router"));
                }
                String qualified = tls.resolveOptions(owned.provider(), config.options(), path + ".options");
                if (qualified != null) {
                    tls.hosts(name, route.rule().hosts(), qualified);
                }
                return qualified == null ? "" : qualified;
            });
            if (!options.isEmpty()) {
                secure.get(index).add(route);
            }
        }
    }

    private void hard(String provider, ConfigError error) {
        errors.add(error);
        hardErrors.computeIfAbsent(provider, p -> new ArrayList<>()).add(error);
    }

    private void soft(String provider, ConfigError error) {
        errors.add(error);
    }

    /** A reference that does not resolve is the owner's mistake unless it names another provider. */
    private void unresolved(Owned<?> owner, String qualifiedRef, ConfigError error) {
        String target = QualifiedNames.providerOf(qualifiedRef);
        if (target != null && !target.equals(owner.provider())) {
            soft(owner.provider(), error);
        } else {
            hard(owner.provider(), error);
        }
    }

    // ---- services

    private void buildService(String name, Owned<ServiceConfig> owned) {
        ensureService(name);
    }

    /**
     * Builds the service {@code name} unless this build already did (composites build their children first, so
     * the configuration's order does not matter); false when it cannot be built (its errors are reported).
     * Composites are walked depth-first with an explicit stack, not by recursion: a configuration may nest or
     * loop services thousands deep, and each service is built (or found failed) once, so the walk is linear.
     */
    private boolean ensureService(String name) {
        if (services.containsKey(name)) {
            return true;
        }
        if (failedServices.contains(name)) {
            return false;
        }
        Owned<ServiceConfig> owned = aggregate.services().get(name);
        if (owned == null) {
            return false;
        }
        if (!CompositeServices.isComposite(owned.value())) {
            return buildLeaf(name, owned);
        }
        CompositeFrame root = openComposite(name, owned);
        if (root == null) {
            return false;
        }
        List<CompositeFrame> stack = new ArrayList<>();
        Map<String, Integer> depthOnStack = new HashMap<>();
        stack.add(root);
        depthOnStack.put(name, 0);
        boolean built = false;
        while (!stack.isEmpty()) {
            CompositeFrame frame = stack.get(stack.size() - 1);
            if (frame.next == frame.refs.size()) {
                stack.remove(stack.size() - 1);
                depthOnStack.remove(frame.name);
                built = finishComposite(frame);
                if (!stack.isEmpty()) {
                    childDone(stack.get(stack.size() - 1), built);
                }
                continue;
            }
            CompositeServices.Reference ref = frame.refs.get(frame.next++);
            String qualified = frame.owned.qualify(ref.name());
            Integer depth = depthOnStack.get(qualified);
            if (depth != null) {
                List<String> cycle = new ArrayList<>(stack.size() - depth + 1);
                for (int i = depth; i < stack.size(); i++) {
                    cycle.add(stack.get(i).name);
                }
                cycle.add(qualified);
                hard(frame.owned.provider(), new ConfigError(ref.path(), ref.name(),
                        "services form a cycle: " + String.join(" -> ", cycle)));
                failedServices.addAll(cycle);
                frame.ok = false;
                frame.soft = false;
                continue;
            }
            Owned<ServiceConfig> child = aggregate.services().get(qualified);
            if (child == null) {
                String target = QualifiedNames.providerOf(qualified);
                frame.soft &= target != null && !target.equals(frame.owned.provider());
                unresolved(frame.owned, qualified, new ConfigError(ref.path(), ref.name(),
                        aggregate.internalServices().containsKey(qualified)
                                ? "'" + qualified + "' is an internal service; a composite service needs configured services"
                                : "no such service '" + qualified + "'; known: " + aggregate.services().keySet()));
                frame.ok = false;
                continue;
            }
            frame.pending = ref;
            frame.pendingName = qualified;
            if (services.containsKey(qualified)) {
                childDone(frame, true);
            } else if (failedServices.contains(qualified)) {
                childDone(frame, false);
            } else if (!CompositeServices.isComposite(child.value())) {
                childDone(frame, buildLeaf(qualified, child));
            } else {
                CompositeFrame opened = openComposite(qualified, child);
                if (opened == null) {
                    childDone(frame, false);
                } else {
                    depthOnStack.put(qualified, stack.size());
                    stack.add(opened);
                }
            }
        }
        return built;
    }

    /** A composite being built: its references, how far it got, and the children built so far. */
    private static final class CompositeFrame {
        final String name;
        final Owned<ServiceConfig> owned;
        final List<CompositeServices.Reference> refs;
        final List<Child> children;
        final Map<String, LiveService> used = new LinkedHashMap<>();
        int next;
        boolean ok = true;
        boolean soft = true;
        CompositeServices.Reference pending;
        String pendingName;

        CompositeFrame(String name, Owned<ServiceConfig> owned, List<CompositeServices.Reference> refs) {
            this.name = name;
            this.owned = owned;
            this.refs = refs;
            this.children = new ArrayList<>(refs.size());
        }
    }

    private boolean buildLeaf(String name, Owned<ServiceConfig> owned) {
        int before = errors.size();
        buildLoadBalancer(name, owned);
        if (services.containsKey(name)) {
            return true;
        }
        failedServices.add(name);
        if (hardErrorsSince(before) == 0) {
            softFailedServices.add(name);
        }
        return false;
    }

    private int hardErrorsSince(int before) {
        int hard = 0;
        for (int i = before; i < errors.size(); i++) {
            ConfigError error = errors.get(i);
            for (List<ConfigError> list : hardErrors.values()) {
                if (list.contains(error)) {
                    hard++;
                    break;
                }
            }
        }
        return hard;
    }

    /** The composite's references, or null (its errors reported) when its own options are wrong. */
    private CompositeFrame openComposite(String name, Owned<ServiceConfig> owned) {
        try {
            return new CompositeFrame(name, owned, CompositeServices.references(name, owned.value()));
        } catch (ConfigException e) {
            e.errors().forEach(error -> hard(owned.provider(), error));
            failedServices.add(name);
            return null;
        }
    }

    /** Records the outcome of the child {@code frame} was waiting for. */
    private void childDone(CompositeFrame frame, boolean built) {
        CompositeServices.Reference ref = frame.pending;
        String qualified = frame.pendingName;
        frame.pending = null;
        frame.pendingName = null;
        if (built) {
            LiveService live = services.get(qualified);
            frame.children.add(new Child(qualified, ref.weight(), live.handler(), live.counted()));
            frame.used.put(qualified, live);
            return;
        }
        frame.ok = false;
        if (failedServices.contains(frame.name)) {
            frame.soft = false; // part of a cycle, reported where it was found
            return;
        }
        boolean childSoft = softFailedServices.contains(qualified);
        frame.soft &= childSoft;
        ConfigError error = new ConfigError(ref.path(), ref.name(),
                "the service '" + qualified + "' has errors (reported with it)");
        if (childSoft) {
            soft(frame.owned.provider(), error);
        } else {
            hard(frame.owned.provider(), error);
        }
    }

    /** Builds the composite once all its children were visited; false when it cannot be built. */
    private boolean finishComposite(CompositeFrame frame) {
        String name = frame.name;
        ServiceConfig service = frame.owned.value();
        if (!frame.ok) {
            failedServices.add(name);
            if (frame.soft) {
                softFailedServices.add(name);
            }
            return false;
        }
        LiveService old = previous.services.get(name);
        if (old != null && old.config().equals(service) && sameChildren(old.children(), frame.used)) {
            services.put(name, old); // keeps its counters and sticky order: its children are the same instances
            return true;
        }
        try {
            ServiceHandler handler = CompositeServices.create(name, service, frame.children);
            created.add(handler);
            services.put(name, new LiveService(service, ServersTransportConfig.DEFAULT, handler,
                    new InFlightCounter(handler), Map.copyOf(frame.used)));
            return true;
        } catch (ConfigException e) {
            e.errors().forEach(error -> hard(frame.owned.provider(), error));
            failedServices.add(name);
            return false;
        }
    }

    private static boolean sameChildren(Map<String, LiveService> old, Map<String, LiveService> now) {
        if (old.size() != now.size()) {
            return false;
        }
        for (Map.Entry<String, LiveService> entry : now.entrySet()) {
            if (old.get(entry.getKey()) != entry.getValue()) {
                return false;
            }
        }
        return true;
    }

    private void buildLoadBalancer(String name, Owned<ServiceConfig> owned) {
        String path = "http.services." + name;
        ServiceConfig service = owned.value();
        if (service.loadBalancer() == null) {
            hard(owned.provider(), new ConfigError(path, null,
                    "a service needs one of loadBalancer, weighted, mirroring, failover, highestRandomWeight"));
            return;
        }
        ServersTransportConfig transport = ServersTransportConfig.DEFAULT;
        String transportName = service.loadBalancer().serversTransport();
        if (transportName != null) {
            String qualified = owned.qualify(transportName);
            Owned<ServersTransportConfig> found = aggregate.serversTransports().get(qualified);
            if (found == null) {
                unresolved(owned, qualified, new ConfigError(path + ".loadBalancer.serversTransport", transportName,
                        "no such serversTransport '" + qualified + "'; known: " + aggregate.serversTransports().keySet()));
                return;
            }
            transport = found.value();
        }
        LiveService old = previous.services.get(name);
        if (old != null && old.config().equals(service) && old.transport().equals(transport)) {
            services.put(name, old); // keeps its pools, balancer position and health
            return;
        }
        try {
            // the changed service's servers that stay the same keep their health (up/down, ejections)
            ServiceHandler handler = LoadBalancedService.create(name, service.loadBalancer(), transport,
                    old == null ? null : old.handler());
            created.add(handler);
            services.put(name, new LiveService(service, transport, handler, new InFlightCounter(handler)));
        } catch (ConfigException e) {
            e.errors().forEach(error -> hard(owned.provider(), error));
        }
    }

    private HttpHandler serviceHandler(String qualified) {
        HttpHandler internal = aggregate.internalServices().get(qualified);
        if (internal != null) {
            return internal;
        }
        LiveService live = services.get(qualified);
        return live == null ? null : live.counted();
    }

    // ---- middlewares

    private void buildMiddleware(String name, Owned<Object> owned) {
        Object config = owned.value();
        if (config instanceof Middleware code) {
            middlewares.put(name, new LiveMiddleware(code, code));
            return;
        }
        MiddlewareConfig middleware = (MiddlewareConfig) config;
        if (ChainMiddlewareType.isChain(middleware)) {
            return; // resolved per router: a chain is its members' middlewares in order
        }
        LiveMiddleware old = previous.middlewares.get(name);
        if (old != null && old.config().equals(middleware) && sameServices(old.servicesUsed())) {
            middlewares.put(name, old); // keeps its state (rate limit counters ...)
            return;
        }
        String path = "http.middlewares." + name;
        MiddlewareType<?> type = types.find(middleware.type()).orElse(null);
        if (type == null) {
            hard(owned.provider(), new ConfigError(path, middleware.type(),
                    "unknown middleware type; installed: " + types.names()));
            return;
        }
        try {
            BuildContext context = new BuildContext(name, owned);
            Middleware instance = create(type, middleware.config(), context);
            if (instance == null) {
                hard(owned.provider(), new ConfigError(path + "." + middleware.type(), null, "the middleware type built nothing"));
                return;
            }
            createdMiddlewares.add(instance);
            middlewares.put(name, new LiveMiddleware(middleware, instance, Map.copyOf(context.servicesUsed)));
        } catch (ConfigException e) {
            e.errors().forEach(error -> hard(owned.provider(), error));
        } catch (RuntimeException e) {
            hard(owned.provider(), new ConfigError(path + "." + middleware.type(), null,
                    "the middleware cannot be built: " + e.getMessage()));
        }
    }

    private static <C> Middleware create(MiddlewareType<C> type, Object config, MiddlewareContext context)
            throws ConfigException {
        return type.create(type.configType().cast(config), context);
    }

    /** Whether the services a middleware was built with are still the live ones (else it is rebuilt). */
    private boolean sameServices(Map<String, HttpHandler> used) {
        for (Map.Entry<String, HttpHandler> entry : used.entrySet()) {
            if (serviceHandler(entry.getKey()) != entry.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** What a middleware type sees while it is created: its name and this build's services. */
    private final class BuildContext implements MiddlewareContext {

        private final String name;
        private final Owned<Object> owned;
        private final Map<String, HttpHandler> servicesUsed = new HashMap<>();

        BuildContext(String name, Owned<Object> owned) {
            this.name = name;
            this.owned = owned;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public HttpHandler service(String service) throws ConfigException {
            String qualified = owned.qualify(service);
            HttpHandler handler = serviceHandler(qualified);
            if (handler == null) {
                throw new ConfigException("http.middlewares." + name, service,
                        "no such service '" + qualified + "' (or it has errors); known: " + aggregate.services().keySet());
            }
            servicesUsed.put(qualified, handler);
            return handler;
        }
    }

    /**
     * The middlewares {@code qualified} stands for, chains expanded; null (after reporting) when it
     * cannot be resolved. Results are memoized per build; a chain being resolved is marked so that a
     * cycle is found instead of recursing forever.
     */
    @SuppressWarnings("unchecked")
    private List<Middleware> resolveMiddleware(String qualified, List<String> stack) {
        Object done = resolvedChains.get(qualified);
        if (done == FAILED) {
            return null;
        }
        if (done != null) {
            return (List<Middleware>) done;
        }
        LiveMiddleware live = middlewares.get(qualified);
        if (live != null) {
            return List.of(live.middleware());
        }
        Owned<Object> owned = aggregate.middlewares().get(qualified);
        if (owned == null || !(owned.value() instanceof MiddlewareConfig config) || !ChainMiddlewareType.isChain(config)) {
            return null; // missing or failed to build: the caller reports it
        }
        String path = "http.middlewares." + qualified + "." + config.type() + ".middlewares";
        int start = stack.indexOf(qualified);
        if (start >= 0) {
            List<String> cycle = new ArrayList<>(stack.subList(start, stack.size()));
            cycle.add(qualified);
            hard(owned.provider(), new ConfigError(path, null,
                    "chain middlewares form a cycle: " + String.join(" -> ", cycle)));
            resolvedChains.put(qualified, FAILED);
            return null;
        }
        List<String> members;
        try {
            members = ChainMiddlewareType.members(config);
        } catch (IllegalArgumentException e) {
            hard(owned.provider(), new ConfigError(path, null, e.getMessage()));
            resolvedChains.put(qualified, FAILED);
            return null;
        }
        stack.add(qualified);
        List<Middleware> flat = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < members.size(); i++) {
            String member = members.get(i);
            if (member == null || member.isBlank()) {
                hard(owned.provider(), new ConfigError(path + "[" + i + "]", member, "a middleware name is needed"));
                ok = false;
                continue;
            }
            String ref = owned.qualify(member);
            List<Middleware> resolved = resolveMiddleware(ref, stack);
            if (resolved == null) {
                ok = false;
                if (resolvedChains.get(ref) != FAILED) {
                    reportMissingMiddleware(owned, path + "[" + i + "]", member, ref);
                }
                continue;
            }
            flat.addAll(resolved);
        }
        stack.remove(stack.size() - 1);
        if (resolvedChains.get(qualified) == FAILED) {
            return null; // a cycle through this chain was reported while resolving its members
        }
        if (!ok) {
            resolvedChains.put(qualified, FAILED);
            return null;
        }
        List<Middleware> result = List.copyOf(flat);
        resolvedChains.put(qualified, result);
        return result;
    }

    private void reportMissingMiddleware(Owned<?> owner, String path, String written, String qualified) {
        if (aggregate.middlewares().containsKey(qualified)) {
            unresolved(owner, qualified, new ConfigError(path, written,
                    "the middleware '" + qualified + "' has errors (reported with it)"));
        } else {
            unresolved(owner, qualified, new ConfigError(path, written,
                    "no such middleware '" + qualified + "'; known: " + aggregate.middlewares().keySet()));
        }
    }

    // ---- routers

    private Route buildRoute(String name, Owned<RouterConfig> owned) {
        String path = "http.routers." + name;
        RouterConfig router = owned.value();
        int before = errors.size();
        HttpHandler service = null;
        if (router.service() == null || router.service().isBlank()) {
            hard(owned.provider(), new ConfigError(path + ".service", router.service(), "a router needs a service"));
        } else {
            String qualified = owned.qualify(router.service());
            service = serviceHandler(qualified);
            if (service == null && softFailedServices.contains(qualified)) {
                soft(owned.provider(), new ConfigError(path + ".service", router.service(),
                        "the service '" + qualified + "' has errors (reported with it)"));
            } else if (service == null) {
                unresolved(owned, qualified, new ConfigError(path + ".service", router.service(),
                        aggregate.services().containsKey(qualified)
                                ? "the service '" + qualified + "' has errors (reported with it)"
                                : "no such service '" + qualified + "'; known: " + knownServices()));
            }
        }
        List<Middleware> chain = router.middlewares().isEmpty() ? List.of() : new ArrayList<>();
        for (int i = 0; i < router.middlewares().size(); i++) {
            String written = router.middlewares().get(i);
            String qualified = owned.qualify(written);
            List<Middleware> resolved = resolveMiddleware(qualified, new ArrayList<>());
            if (resolved == null) {
                if (resolvedChains.get(qualified) != FAILED) {
                    reportMissingMiddleware(owned, path + ".middlewares[" + i + "]", written, qualified);
                } else {
                    unresolved(owned, qualified, new ConfigError(path + ".middlewares[" + i + "]", written,
                            "the middleware '" + qualified + "' has errors (reported with it)"));
                }
                continue;
            }
            chain.addAll(resolved);
        }
        CachedRoute cached = previous.routes.get(name);
        if (errors.size() == before && cached != null && cached.service() == service && cached.config().equals(router)
                && sameInstances(cached.chain(), chain)) {
            routes.put(name, cached); // unchanged: not even its rule is looked at again
            return cached.route();
        }
        ParsedRule rule = parseRule(path, owned);
        if (errors.size() > before) {
            return null;
        }
        HttpHandler handler = service;
        for (int i = chain.size() - 1; i >= 0; i--) {
            handler = chain.get(i).wrap(handler);
        }
        // The default priority (the rule's length) is computed once here rather than by every comparison.
        int priority = router.priority() != 0 ? router.priority() : rule.defaultPriority();
        Route route = new Route(name, rule, priority, handler);
        routes.put(name, new CachedRoute(router, service, List.copyOf(chain), route));
        return route;
    }

    private List<String> knownServices() {
        List<String> known = new ArrayList<>(aggregate.services().keySet());
        known.addAll(aggregate.internalServices().keySet());
        return known;
    }

    private static boolean sameRoutes(List<Route> a, List<Route> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i) != b.get(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameInstances(List<Middleware> a, List<Middleware> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i) != b.get(i)) {
                return false;
            }
        }
        return true;
    }

    private ParsedRule parseRule(String path, Owned<RouterConfig> owned) {
        RouterConfig router = owned.value();
        RuleSyntax syntax = RuleSyntax.V3;
        String syntaxName = "v3";
        if (router.ruleSyntax() != null && !router.ruleSyntax().isEmpty()) {
            syntaxName = router.ruleSyntax().toLowerCase(Locale.ROOT);
            switch (syntaxName) {
                case "v3" -> syntax = RuleSyntax.V3;
                case "v2" -> syntax = RuleSyntax.V2;
                default -> {
                    hard(owned.provider(), new ConfigError(path + ".ruleSyntax", router.ruleSyntax(), "expected 'v3' or 'v2'"));
                    return null;
                }
            }
        }
        RuleKey key = new RuleKey(router.rule(), syntaxName);
        ParsedRule rule = rules.get(key);
        if (rule == null) {
            rule = previous.rules.get(key);
        }
        if (rule == null) {
            try {
                rule = RuleParser.parse(router.rule(), syntax);
            } catch (RuleSyntaxException e) {
                hard(owned.provider(), new ConfigError(path + ".rule", router.rule(), e.getMessage()));
                return null;
            }
        }
        rules.put(key, rule);
        return rule;
    }
}
