package io.gatehouse.middleware.chain;

import io.gatehouse.core.middleware.Middleware;
import io.undertow.server.HttpHandler;

import java.util.List;

/** Several middlewares used as one, in order, as Traefik's chain. Composed once, in {@link #wrap}. */
public final class Chain implements Middleware {

    private final List<Middleware> middlewares;

    public Chain(List<Middleware> middlewares) {
        this.middlewares = List.copyOf(middlewares);
    }

    /** {@code Chain.of(StripPrefix.of("/api"), AddPrefix.of("/v1"))}. */
    public static Chain of(Middleware... middlewares) {
        return new Chain(List.of(middlewares));
    }

    @Override
    public HttpHandler wrap(HttpHandler next) {
        HttpHandler handler = next;
        for (int i = middlewares.size() - 1; i >= 0; i--) {
            handler = middlewares.get(i).wrap(handler);
        }
        return handler;
    }
}
