package io.gatehouse.examples.embedded;

import io.gatehouse.core.middleware.Middleware;
import io.undertow.server.HttpHandler;
import io.undertow.util.HttpString;

import java.util.concurrent.atomic.AtomicLong;

/** Tags each request with an X-Request-Id (unless the client sent one) and echoes it back. */
public final class RequestIdMiddleware implements Middleware {

    static final HttpString REQUEST_ID = new HttpString("X-Request-Id");

    private final String prefix;
    private final AtomicLong counter = new AtomicLong();

    public RequestIdMiddleware(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public HttpHandler wrap(HttpHandler next) {
        return exchange -> {
            String id = exchange.getRequestHeaders().getFirst(REQUEST_ID);
            if (id == null) {
                id = prefix + "-" + counter.incrementAndGet();
                exchange.getRequestHeaders().put(REQUEST_ID, id);
            }
            exchange.getResponseHeaders().put(REQUEST_ID, id);
            next.handleRequest(exchange);
        };
    }
}
