package io.gatehouse.core.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The short plain bodies the proxy answers with itself (404, 502, 503, 504 ...). Never a stack
 * trace, never a backend address. The bodies are built once; each response sends a read-only view.
 */
public final class PlainResponses {

    private static final ByteBuffer[] BODIES = new ByteBuffer[600];

    static {
        for (int status = 100; status < BODIES.length; status++) {
            String reason = StatusCodes.getReason(status);
            if (reason != null && !reason.startsWith("Unknown")) {
                BODIES[status] = ByteBuffer.wrap((reason + "\n").getBytes(StandardCharsets.US_ASCII)).asReadOnlyBuffer();
            }
        }
    }

    private PlainResponses() {
    }

    /** Ends the exchange with {@code status} and its reason phrase as a text/plain body. */
    public static void send(HttpServerExchange exchange, int status) {
        if (exchange.isResponseStarted()) {
            exchange.endExchange();
            return;
        }
        exchange.setStatusCode(status);
        ByteBuffer body = status > 0 && status < BODIES.length ? BODIES[status] : null;
        if (body == null) {
            exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, 0);
            exchange.endExchange();
            return;
        }
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
        exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, body.remaining());
        exchange.getResponseSender().send(body.duplicate());
    }
}
