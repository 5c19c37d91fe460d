package io.gatehouse.middleware.buffering;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import org.xnio.IoUtils;
import io.gatehouse.middleware.support.BufferSinkConduit;
import org.xnio.conduits.StreamSinkConduit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Holds a response body back until it is complete, so a slow client does not hold the server. A body
 * whose Content-Length is over {@code max} is replaced with a 500 (as Traefik); one without a length
 * that grows over {@code max} is cut off, because Undertow fixes the status once the body starts.
 * Memory is bounded by {@code mem}: past it, what is held goes out and the rest streams.
 */
final class ResponseBodyBuffer extends BufferSinkConduit {

    private static final byte[] TOO_LARGE = "Internal Server Error\n".getBytes(StandardCharsets.US_ASCII);

    private final HttpServerExchange exchange;
    private final long max;
    private final long mem;
    private byte[] held = new byte[8192];
    private int heldSize;
    private int heldSent;
    private long total;
    private boolean streaming;
    private boolean finishing;
    private boolean nextTerminated;
    private boolean discarding;

    ResponseBodyBuffer(StreamSinkConduit next, HttpServerExchange exchange, long max, long mem) {
        super(next);
        this.exchange = exchange;
        this.max = max;
        this.mem = mem;
    }

    /** Before the framing is chosen: a declared length over {@code max} becomes the 500 right away. */
    static boolean declaredTooLarge(HttpServerExchange exchange, long max) {
        long length = exchange.getResponseContentLength();
        if (max <= 0 || length <= max) {
            return false;
        }
        replaceWithError(exchange, true);
        return true;
    }

    /** A conduit that drops the server's body and sends the 500's instead (its headers are already set). */
    static ResponseBodyBuffer discarding(StreamSinkConduit next, HttpServerExchange exchange) {
        ResponseBodyBuffer buffer = new ResponseBodyBuffer(next, exchange, 0, 0);
        buffer.discarding = true;
        buffer.held = TOO_LARGE.clone();
        buffer.heldSize = TOO_LARGE.length;
        return buffer;
    }

    private static void replaceWithError(HttpServerExchange exchange, boolean setLength) {
        HeaderMap headers = exchange.getResponseHeaders();
        List<HttpString> names = new ArrayList<>(headers.getHeaderNames());
        for (HttpString name : names) {
            if (!name.equals(Headers.TRANSFER_ENCODING) && !name.equals(Headers.CONNECTION)) {
                headers.remove(name);
            }
        }
        exchange.setStatusCode(500);
        headers.put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
        if (setLength) {
            headers.put(Headers.CONTENT_LENGTH, TOO_LARGE.length);
        }
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        int n = src.remaining();
        if (discarding) {
            src.position(src.limit());
            return n;
        }
        if (streaming) {
            if (!drain()) {
                return 0;
            }
            if (max > 0 && total + n > max) {
                // too late for a 500: the status went out; cut the response off rather than exceed the limit
                IoUtils.safeClose(exchange.getConnection());
                throw new IOException("response body larger than maxResponseBodyBytes");
            }
            int written = next.write(src);
            total += written;
            return written;
        }
        total += n;
        if (max > 0 && total > max) {
            // Without a Content-Length the status was fixed when the body started (Undertow): it cannot
            // become a 500 any more, so the response is cut off instead of exceeding the limit.
            IoUtils.safeClose(exchange.getConnection());
            throw new IOException("response body larger than maxResponseBodyBytes");
        }
        if (heldSize + n > held.length) {
            held = Arrays.copyOf(held, (int) Math.min(Math.max(heldSize + n, held.length * 2L), Integer.MAX_VALUE - 8));
        }
        src.get(held, heldSize, n);
        heldSize += n;
        if (heldSize >= mem) {
            streaming = true;
            drain();
        }
        return n;
    }

    @Override
    public boolean flush() throws IOException {
        if (!finishing && !streaming) {
            // held back until complete: nothing to flush yet
            return true;
        }
        if (!drain()) {
            return false;
        }
        if (finishing && !nextTerminated) {
            next.terminateWrites();
            nextTerminated = true;
        }
        return next.flush();
    }

    @Override
    public void terminateWrites() throws IOException {
        if (finishing) {
            return;
        }
        finishing = true;
        if (!streaming && io.undertow.server.Connectors.isEntityBodyAllowed(exchange)
                && !exchange.getRequestMethod().equals(io.undertow.util.Methods.HEAD)
                && !exchange.getResponseHeaders().contains(Headers.TRANSFER_ENCODING)
                && !exchange.getResponseHeaders().contains(Headers.CONTENT_LENGTH)) {
            exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, heldSize);
        }
    }

    /** Writes what is held; true when all of it is out. */
    private boolean drain() throws IOException {
        while (heldSent < heldSize) {
            int n = next.write(ByteBuffer.wrap(held, heldSent, heldSize - heldSent));
            if (n == 0) {
                return false;
            }
            heldSent += n;
        }
        if (streaming && held.length > 0 && heldSent == heldSize) {
            held = new byte[0];
            heldSize = 0;
            heldSent = 0;
        }
        return true;
    }
}
