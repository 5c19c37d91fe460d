package io.gatehouse.core.service;

import io.gatehouse.core.http.PlainResponses;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.StatusCodes;

/**
 * Where a request goes when the load balancer it reached has no available server. A failover service sets its
 * fallback here before handing a request to its main service: health can change between the failover's look at
 * {@code isUp()} and the main service's pick, and the request then goes to the fallback instead of getting 503.
 */
public final class NoServerFallback implements HttpHandler {

    private static final AttachmentKey<HttpHandler> KEY = AttachmentKey.create(HttpHandler.class);

    static final NoServerFallback INSTANCE = new NoServerFallback();

    private NoServerFallback() {
    }

    /** The handler for this exchange when the service it reaches has no server (used once). */
    public static void set(HttpServerExchange exchange, HttpHandler fallback) {
        exchange.putAttachment(KEY, fallback);
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        HttpHandler fallback = exchange.removeAttachment(KEY);
        if (fallback == null) {
            PlainResponses.send(exchange, StatusCodes.SERVICE_UNAVAILABLE);
        } else {
            fallback.handleRequest(exchange);
        }
    }
}
