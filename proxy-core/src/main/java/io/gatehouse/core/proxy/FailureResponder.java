package io.gatehouse.core.proxy;

import io.gatehouse.core.http.PlainResponses;
import io.undertow.server.DefaultResponseListener;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.StatusCodes;

/**
 * Turns ProxyHandler's bare error endings into our statuses and plain bodies. ProxyHandler ends a failed
 * exchange with {@code setStatusCode(503)} (500 when a stream breaks) and {@code endExchange()}; no response
 * has been sent yet at that point, so Undertow runs the default response listeners, and this one answers
 * with the status of the recorded {@link ProxyFailure}.
 */
public final class FailureResponder implements DefaultResponseListener {

    public static final FailureResponder INSTANCE = new FailureResponder();

    private FailureResponder() {
    }

    @Override
    public boolean handleDefaultResponse(HttpServerExchange exchange) {
        if (exchange.isResponseStarted()) {
            return false;
        }
        ProxyFailure failure = ProxyFailure.of(exchange);
        int status = exchange.getStatusCode();
        if (failure != null) {
            status = failure.status();
        } else if (status == StatusCodes.INTERNAL_SERVER_ERROR) {
            // ProxyHandler's IoExceptionHandler: a body stream to or from the server broke before any response.
            status = StatusCodes.BAD_GATEWAY;
        } else if (status < 400) {
            return false;
        }
        PlainResponses.send(exchange, status);
        return true;
    }
}
