package io.gatehouse.core.middleware;

/** What a middleware may know about where it is being built. */
public interface MiddlewareContext {

    /** The middleware's name in configuration, e.g. {@code api-strip@file}. */
    String name();

    /**
     * A service of the same configuration, by name, for middlewares that send requests to one
     * (errors pages). Names follow the same rules as a router's service reference.
     */
    default io.undertow.server.HttpHandler service(String name) throws io.gatehouse.core.config.ConfigException {
        throw new io.gatehouse.core.config.ConfigException(this.name(), name, "services cannot be referenced here");
    }

    /** Another middleware of the same configuration, by name (chain). */
    default Middleware middleware(String name) throws io.gatehouse.core.config.ConfigException {
        throw new io.gatehouse.core.config.ConfigException(this.name(), name, "middlewares cannot be referenced here");
    }

    static MiddlewareContext named(String name) {
        return () -> name;
    }
}
