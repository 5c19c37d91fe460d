package io.gatehouse.core.server;

import io.gatehouse.core.config.TlsConfig;
import io.gatehouse.core.config.EntryPointConfig;
import io.gatehouse.core.config.RouterConfig;
import io.gatehouse.core.config.ServersTransportConfig;
import io.gatehouse.core.config.ServiceConfig;
import io.gatehouse.core.middleware.Middleware;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything a {@link GatehouseBuilder} was given, frozen. Maps keep insertion order so that
 * errors and logs come out in the order the user wrote things.
 */
record CodeConfig(Map<String, EntryPointConfig> entryPoints,
                  Map<String, RouterConfig> routers,
                  Map<String, ServiceConfig> services,
                  Map<String, ServersTransportConfig> serversTransports,
                  Map<String, Middleware> middlewares,
                  TlsConfig tls) {

    CodeConfig {
        entryPoints = freeze(entryPoints);
        routers = freeze(routers);
        services = freeze(services);
        serversTransports = freeze(serversTransports);
        middlewares = freeze(middlewares);
        tls = tls == null ? TlsConfig.EMPTY : tls;
    }

    private static <V> Map<String, V> freeze(Map<String, V> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
