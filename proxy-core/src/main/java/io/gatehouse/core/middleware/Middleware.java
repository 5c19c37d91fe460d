package io.gatehouse.core.middleware;

import io.undertow.server.HttpHandler;

/**
 * A step in a router's or a service's chain. A middleware wraps the next handler once, when the
 * configuration is built; it never composes per request.
 */
@FunctionalInterface
public interface Middleware {

    HttpHandler wrap(HttpHandler next);

    /**
     * Releases what the middleware holds (connections, threads) once no configuration uses it any more: the
     * pipeline calls it a grace period after a reload dropped the middleware, or when it stops. Nothing by default.
     */
    default void close() {
    }
}
