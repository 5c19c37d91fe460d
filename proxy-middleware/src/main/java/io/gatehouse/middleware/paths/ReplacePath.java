package io.gatehouse.middleware.paths;

import io.gatehouse.core.middleware.Middleware;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/** Forwards a fixed path and keeps the original in {@code X-Replaced-Path}, as Traefik's replacePath. */
public final class ReplacePath implements Middleware {

    private final String path;

    public ReplacePath(ReplacePathConfig config) {
        this.path = RequestPaths.toForwardedForm(config.path());
    }

    /** {@code ReplacePath.of("/foo")}. */
    public static ReplacePath of(String path) {
        return new ReplacePath(new ReplacePathConfig(path));
    }

    @Override
    public HttpHandler wrap(HttpHandler next) {
        return exchange -> handle(exchange, next);
    }

    private void handle(HttpServerExchange exchange, HttpHandler next) throws Exception {
        exchange.getRequestHeaders().add(RequestPaths.X_REPLACED_PATH, RequestPaths.current(exchange));
        RequestPaths.set(exchange, path);
        next.handleRequest(exchange);
    }
}
