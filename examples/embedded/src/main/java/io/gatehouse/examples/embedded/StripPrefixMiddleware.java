package io.gatehouse.examples.embedded;

import io.gatehouse.core.middleware.Middleware;
import io.undertow.server.HttpHandler;

/** Removes a path prefix before the request is forwarded: /api/orders reaches the backend as /orders. */
public final class StripPrefixMiddleware implements Middleware {

    private final String prefix;

    public StripPrefixMiddleware(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public HttpHandler wrap(HttpHandler next) {
        return exchange -> {
            String path = exchange.getRequestPath();
            if (path.startsWith(prefix)) {
                String stripped = path.substring(prefix.length());
                if (stripped.isEmpty() || stripped.charAt(0) != '/') {
                    stripped = "/" + stripped;
                }
                exchange.setRequestPath(stripped);
                exchange.setRelativePath(stripped);
                exchange.setRequestURI(stripped);
            }
            next.handleRequest(exchange);
        };
    }
}
