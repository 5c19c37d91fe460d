package io.gatehouse.core.server;

import io.gatehouse.core.config.EntryPointConfig;
import io.gatehouse.core.config.RouterConfig;
import io.gatehouse.core.config.ServersTransportConfig;
import io.gatehouse.core.config.ServiceConfig;
import io.gatehouse.core.middleware.Middleware;

import java.util.LinkedHashMap;
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

    /** Builds without listening: use {@link Gatehouse#handler()} in your own server, or call start(). */
    public Gatehouse build() {
        CodeConfig config = new CodeConfig(entryPoints, routers, services, transports, middlewares);
        return new Gatehouse(config, ioThreads, workerThreads > 0 ? workerThreads : ioThreads * 8);
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
