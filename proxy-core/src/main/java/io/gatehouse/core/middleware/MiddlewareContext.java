package io.gatehouse.core.middleware;

/** What a middleware may know about where it is being built. */
public interface MiddlewareContext {

    /** The middleware's name in configuration, e.g. {@code api-strip@file}. */
    String name();

    static MiddlewareContext named(String name) {
        return () -> name;
    }
}
