package io.gatehouse.core.server;

import io.gatehouse.core.config.LoadBalancerConfig;
import io.gatehouse.core.config.ServerConfig;
import io.gatehouse.core.config.ServiceConfig;

import java.util.ArrayList;
import java.util.List;

/** Builds a load-balanced service in code: {@code s -> s.server("http://10.0.0.5:8080")}. */
public final class ServiceBuilder {

    private final List<ServerConfig> servers = new ArrayList<>();
    private boolean passHostHeader = true;
    private String serversTransport;

    ServiceBuilder() {
    }

    /** Adds a server with weight 1. */
    public ServiceBuilder server(String url) {
        return server(new ServerConfig(url, 1, false));
    }

    /** Adds a server with a weight (0 drains it). */
    public ServiceBuilder server(String url, int weight) {
        return server(new ServerConfig(url, weight, false));
    }

    public ServiceBuilder server(ServerConfig server) {
        servers.add(server);
        return this;
    }

    /** Whether the client's Host header is forwarded (default true, as Traefik). */
    public ServiceBuilder passHostHeader(boolean pass) {
        this.passHostHeader = pass;
        return this;
    }

    /** The name of a transport registered with {@link GatehouseBuilder#serversTransport}. */
    public ServiceBuilder serversTransport(String name) {
        this.serversTransport = name;
        return this;
    }

    ServiceConfig build() {
        return new ServiceConfig(new LoadBalancerConfig(servers, passHostHeader, serversTransport, null));
    }
}
