package io.gatehouse.core.server;

import io.gatehouse.core.config.TlsConfig;
import io.gatehouse.core.config.EntryPointConfig;
import io.gatehouse.core.config.RouterConfig;
import io.gatehouse.core.config.ServersTransportConfig;
import io.gatehouse.core.config.ServiceConfig;
import io.gatehouse.core.middleware.Middleware;
import io.gatehouse.core.middleware.MiddlewareTypes;
import io.gatehouse.core.provider.Provider;
import io.undertow.server.HttpHandler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/** Code-first configuration of a {@link Gatehouse}. Not thread-safe; use it from one thread. */
public final class GatehouseBuilder {

    private final Map<String, EntryPointConfig> entryPoints = new LinkedHashMap<>();
    private final Map<String, RouterConfig> routers = new LinkedHashMap<>();
    private final Map<String, ServiceConfig> services = new LinkedHashMap<>();
    private final Map<String, ServersTransportConfig> transports = new LinkedHashMap<>();
    private final Map<String, Middleware> middlewares = new LinkedHashMap<>();
    private int ioThreads = Math.max(1, Runtime.getRuntime().availableProcessors());
    private int workerThreads = -1;
    private final List<Provider> providers = new ArrayList<>();
    private final Map<String, HttpHandler> internalServices = new LinkedHashMap<>();
    private Duration providersThrottleDuration = Duration.ofSeconds(2);
    private Duration removedRouteGracePeriod = Duration.ofSeconds(10);
    private MiddlewareTypes middlewareTypes;
    private TlsConfig tls = TlsConfig.EMPTY;

    GatehouseBuilder() {
    }

    /** IO threads (default: one per core). Each runs an event loop; nothing blocks on them. */
    public GatehouseBuilder ioThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("ioThreads must be at least 1, got " + threads);
        }
        this.ioThreads = threads;
        return this;
    }

    /** Worker threads for middleware that must block (default: 8 per IO thread). */
    public GatehouseBuilder workerThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("workerThreads must be at least 1, got " + threads);
        }
        this.workerThreads = threads;
        return this;
    }

    /** An entry point listening on every interface at {@code port} (0 picks a free port). */
    public GatehouseBuilder entryPoint(String name, int port) {
        return entryPoint(name, EntryPointConfig.of(":" + port));
    }

    /** An entry point at a Traefik-style address such as {@code 127.0.0.1:8080}. */
    public GatehouseBuilder entryPoint(String name, String address) {
        return entryPoint(name, EntryPointConfig.of(address));
    }

    public GatehouseBuilder entryPoint(String name, EntryPointConfig config) {
        put(entryPoints, "entry point", name, config);
        return this;
    }

    public GatehouseBuilder middleware(String name, Middleware middleware) {
        put(middlewares, "middleware", name, middleware);
        return this;
    }

    public GatehouseBuilder serversTransport(String name, ServersTransportConfig transport) {
        put(transports, "serversTransport", name, transport);
        return this;
    }

    /**
     * Certificates, TLS options and the default store, as a provider's {@code tls} section (provider
     * {@code code}: its options are named {@code name@code}, {@code default} is the default). Routers with
     * a tls section serve HTTPS on every entry point; see docs/tls.md.
     */
    public GatehouseBuilder tls(TlsConfig tls) {
        this.tls = Objects.requireNonNull(tls, "tls");
        return this;
    }

    public GatehouseBuilder service(String name, Consumer<ServiceBuilder> spec) {
        ServiceBuilder builder = new ServiceBuilder();
        spec.accept(builder);
        return service(name, builder.build());
    }

    public GatehouseBuilder service(String name, ServiceConfig service) {
        put(services, "service", name, service);
        return this;
    }

    public GatehouseBuilder router(String name, Consumer<RouterBuilder> spec) {
        RouterBuilder builder = new RouterBuilder();
        spec.accept(builder);
        return router(name, builder.build());
    }

    public GatehouseBuilder router(String name, RouterConfig router) {
        put(routers, "router", name, router);
        return this;
    }

    /**
     * A source of dynamic configuration (a {@code FileProvider}, Docker labels ...). Its routers,
     * services and middlewares are named {@code name@<provider name>}; inside it they may be written
     * unqualified, and other providers refer to them qualified. Provider names must be unique and must
     * not be {@code code} or {@code internal} (what this builder defines is provider {@code code}).
     * Providers start when the Gatehouse is built and stop when it is closed.
     */
    public GatehouseBuilder provider(Provider provider) {
        Objects.requireNonNull(provider, "provider");
        String name = provider.name();
        if (name == null || name.isBlank() || name.indexOf('@') >= 0) {
            throw new IllegalArgumentException("a provider needs a name without '@', got '" + name + "'");
        }
        if (name.equals("code") || name.equals("internal")) {
            throw new IllegalArgumentException("provider name '" + name + "' is reserved");
        }
        for (Provider other : providers) {
            if (other.name().equals(name)) {
                throw new IllegalArgumentException("provider '" + name + "' is added twice");
            }
        }
        providers.add(provider);
        return this;
    }

    /**
     * How often one provider's updates are applied at most (default 2s, as Traefik's
     * {@code providersThrottleDuration}): updates within the period are coalesced, the latest wins.
     * Zero applies every update.
     */
    public GatehouseBuilder providersThrottleDuration(Duration duration) {
        this.providersThrottleDuration = nonNegative("providersThrottleDuration", duration);
        return this;
    }

    /** The middleware types configuration may use (default: {@link MiddlewareTypes#load()}, ServiceLoader). */
    public GatehouseBuilder middlewareTypes(MiddlewareTypes types) {
        this.middlewareTypes = Objects.requireNonNull(types, "types");
        return this;
    }

    /**
     * A service implemented in code, named {@code name@internal} (e.g. {@code ping@internal});
     * routers of any provider refer to it by that name.
     */
    public GatehouseBuilder internalService(String name, HttpHandler handler) {
        Objects.requireNonNull(handler, "handler");
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("an internal service needs a name");
        }
        String qualified = name.endsWith("@internal") ? name : name + "@internal";
        if (qualified.indexOf('@') != qualified.length() - "@internal".length()) {
            throw new IllegalArgumentException("internal service name '" + name + "' must not contain '@'");
        }
        if (internalServices.putIfAbsent(qualified, handler) != null) {
            throw new IllegalArgumentException("internal service '" + qualified + "' is defined twice");
        }
        return this;
    }

    /**
     * After a configuration change, how long the services it removed or replaced keep their
     * connections (default 10s). Then idle connections close, and the open connections of a service
     * whose name is gone are cut (WebSockets and streams on removed routes end).
     */
    public GatehouseBuilder removedRouteGracePeriod(Duration period) {
        this.removedRouteGracePeriod = nonNegative("removedRouteGracePeriod", period);
        return this;
    }

    private static Duration nonNegative(String what, Duration duration) {
        Objects.requireNonNull(duration, what);
        if (duration.isNegative()) {
            throw new IllegalArgumentException(what + " must not be negative, got " + duration);
        }
        return duration;
    }

    /**
     * Builds without listening: use {@link Gatehouse#handler()} in your own server, or call start().
     * Providers start here.
     */
    public Gatehouse build() {
        CodeConfig config = new CodeConfig(entryPoints, routers, services, transports, middlewares, tls);
        List<String> providerNames = providers.stream().map(Provider::name).toList();
        ConfigPipeline pipeline = new ConfigPipeline(config, providerNames, internalServices,
                middlewareTypes != null ? middlewareTypes : MiddlewareTypes.load(),
                providersThrottleDuration, removedRouteGracePeriod);
        return new Gatehouse(config, ioThreads, workerThreads > 0 ? workerThreads : ioThreads * 8, pipeline, providers);
    }

    /** Builds and starts listening on every entry point. */
    public Gatehouse start() {
        return build().start();
    }

    private static <V> void put(Map<String, V> map, String kind, String name, V value) {
        Objects.requireNonNull(value, kind + " must not be null");
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a " + kind + " needs a name");
        }
        if (name.indexOf('@') >= 0) {
            throw new IllegalArgumentException(kind + " name '" + name + "' must not contain '@' (reserved for name@provider)");
        }
        if (map.putIfAbsent(name, value) != null) {
            throw new IllegalArgumentException(kind + " '" + name + "' is defined twice");
        }
    }
}
