package io.gatehouse.core.service;

import io.undertow.server.HttpHandler;

/**
 * A built service of any kind (loadBalancer, weighted, mirroring, failover, highestRandomWeight): what routes
 * call, what a parent service asks about its health, and what a reload closes.
 */
public interface ServiceHandler extends HttpHandler, AutoCloseable {

    /** The service's qualified name. */
    String name();

    /**
     * Whether the service can take traffic: a load balancer with at least one available server, a composite
     * with a live child. Parents with {@code healthCheck: {}} read it per request, so it must be O(1) and
     * lock-free.
     */
    boolean isUp();

    /** Stops pooling: idle connections close now, connections in use when their request (or WebSocket) ends. */
    @Override
    void close();

    /** Closes every connection now, requests in flight and WebSockets included (the service was removed). */
    void closeNow();
}
