package io.gatehouse.core.server;

import io.gatehouse.core.config.TlsConfig;
import io.gatehouse.core.config.DynamicConfig;
import io.gatehouse.core.config.RouterConfig;
import io.gatehouse.core.config.ServersTransportConfig;
import io.gatehouse.core.config.ServiceConfig;
import io.gatehouse.core.middleware.Middleware;
import io.undertow.server.HttpHandler;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every provider's configuration merged into one, each name qualified as {@code name@provider}.
 * Middlewares are either a {@link io.gatehouse.core.config.MiddlewareConfig} from configuration
 * or a {@link Middleware} written in code.
 */
record Aggregate(Map<String, Owned<RouterConfig>> routers,
                 Map<String, Owned<ServiceConfig>> services,
                 Map<String, Owned<Object>> middlewares,
                 Map<String, Owned<ServersTransportConfig>> serversTransports,
                 Map<String, HttpHandler> internalServices,
                 Map<String, TlsConfig> tls) {

    /** The provider name under which code configuration (the builder's routers, services ...) is qualified. */
    static final String CODE = "code";
    /** The provider name of services implemented in code ({@code ping@internal}). */
    static final String INTERNAL = "internal";

    /**
     * @param code      the builder's configuration, qualified as {@code @code}
     * @param providers each provider's last good configuration, in registration order
     * @param internal  services implemented in code, by qualified name
     */
    static Aggregate of(CodeConfig code, Map<String, DynamicConfig> providers, Map<String, HttpHandler> internal) {
        int routerCount = code.routers().size();
        int serviceCount = code.services().size();
        for (DynamicConfig config : providers.values()) {
            routerCount += config.http().routers().size();
            serviceCount += config.http().services().size();
        }
        Map<String, Owned<RouterConfig>> routers = new LinkedHashMap<>((int) (routerCount / 0.75f) + 1);
        Map<String, Owned<ServiceConfig>> services = new LinkedHashMap<>((int) (serviceCount / 0.75f) + 1);
        Map<String, Owned<Object>> middlewares = new LinkedHashMap<>();
        Map<String, Owned<ServersTransportConfig>> transports = new LinkedHashMap<>();
        put(routers, CODE, code.routers());
        put(services, CODE, code.services());
        put(middlewares, CODE, code.middlewares());
        put(transports, CODE, code.serversTransports());
        Map<String, TlsConfig> tls = new LinkedHashMap<>();
        tls.put(CODE, code.tls());
        providers.forEach((provider, config) -> {
            put(routers, provider, config.http().routers());
            put(services, provider, config.http().services());
            put(middlewares, provider, config.http().middlewares());
            put(transports, provider, config.http().serversTransports());
            tls.put(provider, config.tls());
        });
        return new Aggregate(Collections.unmodifiableMap(routers), Collections.unmodifiableMap(services),
                Collections.unmodifiableMap(middlewares), Collections.unmodifiableMap(transports), Map.copyOf(internal),
                Collections.unmodifiableMap(tls));
    }

    private static <T> void put(Map<String, Owned<T>> target, String provider, Map<String, ? extends T> items) {
        items.forEach((name, value) -> target.put(name + "@" + provider, new Owned<>(provider, value)));
    }
}
