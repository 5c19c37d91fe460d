package io.gatehouse.core.service;

import io.gatehouse.core.proxy.Backend;
import io.undertow.server.handlers.proxy.ProxyClient;

/** One server of a load-balanced service: its configured URL and weight, and the way to reach it. */
public final class Server implements ProxyClient.ProxyTarget {

    private final String url;
    private final int weight;
    private final Backend backend;

    Server(String url, int weight, Backend backend) {
        this.url = url;
        this.weight = weight;
        this.backend = backend;
    }

    /** The URL as configured. */
    public String url() {
        return url;
    }

    public int weight() {
        return weight;
    }

    /**
     * Whether the balancer may pick this server now. Read on every pick: O(1), lock-free.
     * TODO(#4 health): active and passive health checks decide this.
     */
    public boolean available() {
        return true;
    }

    Backend backend() {
        return backend;
    }

    @Override
    public String toString() {
        return url;
    }
}
