package io.gatehouse.core.service;

import io.gatehouse.core.proxy.Backend;
import io.gatehouse.core.service.health.ServerHealth;
import io.undertow.server.handlers.proxy.ProxyClient;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/** One server of a load-balanced service: its configured URL and weight, and the way to reach it. */
public final class Server implements ProxyClient.ProxyTarget {

    private final String url;
    private final int weight;
    private final Backend backend;
    private final ServerHealth health;

    /**
     * @param index  the server's position in its service, 0 to servers - 1 (retries remember tried servers by it)
     * @param health its active and passive health
     */
    Server(String url, int weight, Backend backend, int index, ServerHealth health) {
        this.url = url;
        this.weight = weight;
        this.backend = backend;
        this.index = index;
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
     * checks, or its ejection window is over (a trial is due). Read on every pick: O(1), lock-free, no side
     * effect; {@link TrialClaims} then claims the picked server, so that one request only is a trial.
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

    // ---- request statistics (#4 strategies): written from the proxy path without locks ----

    private static final VarHandle IN_FLIGHT;
    private static final VarHandle RESPONSE_TIME;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            IN_FLIGHT = lookup.findVarHandle(Server.class, "inFlight", int.class);
            RESPONSE_TIME = lookup.findVarHandle(Server.class, "responseTimeNanos", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Each new sample weighs 1/2^DECAY_SHIFT: about the last 10 to 20 responses count. */
    private static final int DECAY_SHIFT = 3;

    private final int index;
    @SuppressWarnings("unused") // through IN_FLIGHT
    private volatile int inFlight;
    @SuppressWarnings("unused") // through RESPONSE_TIME
    private volatile long responseTimeNanos;

    /** A server that no connection pool stands behind, for balancer tests and benchmarks. */
    public static Server unconnected(String url, int weight, int index) {
        return new Server(url, weight, null, index, ServerHealth.unchecked(url));
    }

    /** The server's position in its service. */
    public int index() {
        return index;
    }

    /** Requests handed a connection to this server whose exchange has not completed yet. */
    public int inFlight() {
        return (int) IN_FLIGHT.getOpaque(this);
    }

    /** The decayed average time to response headers, in nanoseconds; 0 before the first response. */
    public long responseTimeNanos() {
        return (long) RESPONSE_TIME.getOpaque(this);
    }

    /** A connection to this server was handed to a request. */
    public void requestStarted() {
        IN_FLIGHT.getAndAdd(this, 1);
    }

    /** A request counted by {@link #requestStarted()} ended (its exchange completed, or it moved to another server). */
    public void requestEnded() {
        IN_FLIGHT.getAndAdd(this, -1);
    }

    /** Folds one response time into the decayed average (exponentially weighted, lock-free). */
    public void recordResponseTime(long nanos) {
        long sample = Math.max(1, nanos);
        long old;
        long updated;
        do {
            old = (long) RESPONSE_TIME.getOpaque(this);
            updated = old == 0 ? sample : old + ((sample - old) >> DECAY_SHIFT);
        } while (!RESPONSE_TIME.weakCompareAndSet(this, old, updated));
    }
}
