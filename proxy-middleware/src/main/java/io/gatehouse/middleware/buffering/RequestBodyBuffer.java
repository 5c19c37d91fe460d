package io.gatehouse.middleware.buffering;

import io.gatehouse.core.http.PlainResponses;
import io.undertow.server.Connectors;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.ImmediatePooledByteBuffer;
import org.xnio.IoUtils;
import org.xnio.channels.StreamSourceChannel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Reads a request body before the next handler runs, without blocking: reads what is there, and
 * waits for the channel's read-ready event when nothing is (as Undertow's RequestBufferingHandler).
 * The bytes are then handed back to the exchange ("unget"), so the next handler reads them as if
 * untouched. Over {@code max} the client gets 413; over {@code mem} the bytes read so far are handed
 * back and the rest streams (with Undertow's entity-size limit still enforcing {@code max}).
 */
final class RequestBodyBuffer {

    private final HttpServerExchange exchange;
    private final HttpHandler next;
    private final long max;
    private final long mem;
    private final StreamSourceChannel channel;
    private final ByteBuffer chunk = ByteBuffer.allocate(16 * 1024);
    private byte[] body = new byte[4096];
    private int size;
    private boolean inCall = true;

    private RequestBodyBuffer(HttpServerExchange exchange, HttpHandler next, long max, long mem) {
        this.exchange = exchange;
        this.next = next;
        this.max = max;
        this.mem = mem;
        this.channel = exchange.getRequestChannel();
    }

    /** Buffers the body (if any), then runs {@code next}; answers 413 itself when the body is too large. */
    static void handle(HttpServerExchange exchange, HttpHandler next, long max, long mem) throws Exception {
        long declared = exchange.getRequestContentLength();
        boolean chunked = exchange.getRequestHeaders().contains(Headers.TRANSFER_ENCODING);
        if (declared == 0 || declared < 0 && !chunked || exchange.isRequestComplete()) {
            next.handleRequest(exchange);
            return;
        }
        if (max > 0 && declared > max) {
            PlainResponses.send(exchange, 413);
            return;
        }
        if (!exchange.isRequestChannelAvailable()) {
            next.handleRequest(exchange);
            return;
        }
        RequestBodyBuffer buffer = new RequestBodyBuffer(exchange, next, max, mem);
        buffer.read();
        buffer.inCall = false;
    }

    private void read() {
        try {
            while (true) {
                chunk.clear();
                int n = channel.read(chunk);
                if (n == 0) {
                    channel.getReadSetter().set(c -> {
                        channel.suspendReads();
                        read();
                    });
                    channel.resumeReads();
                    return;
                }
                if (n < 0) {
                    forward(true);
                    return;
                }
                append(chunk.flip());
                if (max > 0 && size > max) {
                    channel.getReadSetter().set(null);
                    PlainResponses.send(exchange, 413);
                    return;
                }
                if (size >= mem) {
                    forward(false);
                    return;
                }
            }
        } catch (IOException e) {
            IoUtils.safeClose(channel);
            exchange.setPersistent(false);
            PlainResponses.send(exchange, 400);
        }
    }

    private void append(ByteBuffer data) {
        int n = data.remaining();
        if (size + n > body.length) {
            body = Arrays.copyOf(body, Math.max(size + n, body.length * 2));
        }
        data.get(body, size, n);
        size += n;
    }

    /** Hands the bytes back and runs the next handler as a new dispatch of the exchange. */
    private void forward(boolean complete) {
        channel.getReadSetter().set(null);
        channel.suspendReads();
        if (size > 0) {
            Connectors.ungetRequestBytes(exchange, new ImmediatePooledByteBuffer(ByteBuffer.wrap(body, 0, size)));
        }
        Connectors.resetRequestChannel(exchange);
        if (!complete && max > 0) {
            try {
                exchange.setMaxEntitySize(Math.max(0, max - size));
            } catch (IllegalStateException e) {
                // the limit cannot be changed on this connection; max was checked against Content-Length
            }
        }
        if (!inCall) {
            Connectors.executeRootHandler(next, exchange);
            return;
        }
        try {
            next.handleRequest(exchange);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
