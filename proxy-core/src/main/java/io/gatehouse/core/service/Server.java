package io.gatehouse.core.service;

import io.gatehouse.core.proxy.Backend;
import io.gatehouse.core.service.health.ServerHealth;
import io.undertow.server.handlers.proxy.ProxyClient;

/** One server of a load-balanced service: its configured URL and weight, and the way to reach it. */
public final class Server implements ProxyClient.ProxyTarget {

    private final String url;
    private final int weight;
    private final Backend backend;
    private final ServerHealth health;

    Server(String url, int weight, Backend backend, ServerHealth health) {
        this.url = url;
        this.weight = weight;
        this.backend = backend;
        this.health = health;
    }

    /** The URL as configured. */
    public String url() {
        return url;
    }

    public int weight() {
        return weight;
    }

    /**
     * Whether the balancer may pick this server now: its active checks pass and it is not ejected by passive
     * checks. Read on every pick: O(1), lock-free. Call it only for the server about to be used: when an
     * ejection window has ended, the first true is the one trial request (see {@link ServerHealth}).
     */
    public boolean available() {
        return health.available();
    }

    /** Its health: up or down, and why (see the logs). */
    public ServerHealth health() {
        return health;
    }

    Backend backend() {
        return backend;
    }

    @Override
    public String toString() {
        return url;
    }
}
