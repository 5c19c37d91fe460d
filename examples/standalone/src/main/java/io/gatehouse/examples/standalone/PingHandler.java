package io.gatehouse.examples.standalone;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import io.undertow.util.StatusCodes;

/**
 * Traefik's {@code ping@internal}: {@code GET|HEAD /ping} answers 200 {@code OK}, or the
 * terminating status code once shutdown has begun, so load balancers take the instance out first.
 */
final class PingHandler implements HttpHandler {

    private final int terminatingStatusCode;
    private volatile boolean terminating;

    PingHandler(int terminatingStatusCode) {
        this.terminatingStatusCode = terminatingStatusCode;
    }

    void terminating() {
        terminating = true;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        if (!exchange.getRequestMethod().equals(Methods.GET) && !exchange.getRequestMethod().equals(Methods.HEAD)) {
            exchange.setStatusCode(StatusCodes.METHOD_NOT_ALLOWED);
            exchange.getResponseHeaders().put(Headers.ALLOW, "GET, HEAD");
            exchange.endExchange();
            return;
        }
        int status = terminating ? terminatingStatusCode : StatusCodes.OK;
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
        exchange.getResponseSender().send(StatusCodes.getReason(status));
    }
}
