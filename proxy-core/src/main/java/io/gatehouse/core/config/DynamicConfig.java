package io.gatehouse.core.config;

/**
 * Traefik's dynamic configuration: what one provider says about routing. The {@code tcp} and
 * {@code udp} sections are read and reported as not supported yet.
 *
 * @param http routers, services, middlewares and servers transports
 * @param tls  certificates, TLS options and stores
 */
public record DynamicConfig(HttpConfig http, TlsConfig tls) {

    public static final DynamicConfig EMPTY = new DynamicConfig(HttpConfig.EMPTY, TlsConfig.EMPTY);

    public DynamicConfig {
        http = http == null ? HttpConfig.EMPTY : http;
        tls = tls == null ? TlsConfig.EMPTY : tls;
    }
}
