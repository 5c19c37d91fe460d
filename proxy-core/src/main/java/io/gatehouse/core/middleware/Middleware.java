package io.gatehouse.core.middleware;

import io.undertow.server.HttpHandler;

/**
 * A step in a router's or a service's chain. A middleware wraps the next handler once, when the
 * configuration is built; it never composes per request.
 */
@FunctionalInterface
public interface Middleware {

    HttpHandler wrap(HttpHandler next);
}
