package io.gatehouse.core.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code http}: the named routers, services, middlewares and servers transports. Maps keep the
 * order in which the names were written.
 */
public record HttpConfig(Map<String, RouterConfig> routers, Map<String, ServiceConfig> services,
                         Map<String, MiddlewareConfig> middlewares,
                         Map<String, ServersTransportConfig> serversTransports) {

    public static final HttpConfig EMPTY = new HttpConfig(null, null, null, null);

    public HttpConfig {
        routers = copy(routers);
        services = copy(services);
        middlewares = copy(middlewares);
        serversTransports = copy(serversTransports);
    }

    static <V> Map<String, V> copy(Map<String, V> map) {
        return map == null || map.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
