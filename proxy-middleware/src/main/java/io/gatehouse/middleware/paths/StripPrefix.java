package io.gatehouse.middleware.paths;

import io.gatehouse.core.middleware.Middleware;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/**
 * Removes the first matching prefix from the forwarded path and tells the backend which one in
 * {@code X-Forwarded-Prefix}, as Traefik's stripPrefix.
 */
public final class StripPrefix implements Middleware {

    private final String[] prefixes;
    private final String[] headerValues;

    public StripPrefix(StripPrefixConfig config) {
        int n = config.prefixes().size();
        this.prefixes = new String[n];
        this.headerValues = new String[n];
        for (int i = 0; i < n; i++) {
            String prefix = config.prefixes().get(i);
            prefixes[i] = RequestPaths.toForwardedForm(prefix);
            headerValues[i] = prefix.strip();
        }
    }

    /** {@code StripPrefix.of("/api")}: strips the first of these prefixes that matches. */
    public static StripPrefix of(String... prefixes) {
        return new StripPrefix(StripPrefixConfig.of(prefixes));
    }

    @Override
    public HttpHandler wrap(HttpHandler next) {
        return exchange -> handle(exchange, next);
    }

    private void handle(HttpServerExchange exchange, HttpHandler next) throws Exception {
        String path = RequestPaths.current(exchange);
        for (int i = 0; i < prefixes.length; i++) {
            if (path.startsWith(prefixes[i])) {
                RequestPaths.set(exchange, path.substring(prefixes[i].length()));
                exchange.getRequestHeaders().put(RequestPaths.X_FORWARDED_PREFIX, headerValues[i]);
                break;
            }
        }
        next.handleRequest(exchange);
    }
}
