package io.gatehouse.middleware.paths;

import io.gatehouse.core.middleware.Middleware;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/** Puts a prefix in front of the forwarded path, as Traefik's addPrefix. */
public final class AddPrefix implements Middleware {

    private final String prefix;

    public AddPrefix(AddPrefixConfig config) {
        this.prefix = RequestPaths.toForwardedForm(config.prefix());
    }

    /** {@code AddPrefix.of("/api")}. */
    public static AddPrefix of(String prefix) {
        return new AddPrefix(new AddPrefixConfig(prefix));
    }

    @Override
    public HttpHandler wrap(HttpHandler next) {
        return exchange -> handle(exchange, next);
    }

    private void handle(HttpServerExchange exchange, HttpHandler next) throws Exception {
        RequestPaths.set(exchange, prefix.concat(RequestPaths.current(exchange)));
        next.handleRequest(exchange);
    }
}
