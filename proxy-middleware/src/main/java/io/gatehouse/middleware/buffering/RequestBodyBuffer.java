package io.gatehouse.middleware.buffering;

import io.gatehouse.core.http.PlainResponses;
import io.undertow.connector.PooledByteBuffer;
import io.undertow.server.Connectors;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.ImmediatePooledByteBuffer;
import io.undertow.util.SameThreadExecutor;
import org.xnio.IoUtils;
import org.xnio.channels.StreamSourceChannel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Reads a whole request body before the next handler runs, without blocking: reads what is there, and waits for
 * the channel's read-ready event when nothing is (as Undertow's RequestBufferingHandler). Up to {@code mem} bytes
 * are held in memory, the rest goes to a {@link SpillFile} (written on a worker thread; reads are suspended
 * meanwhile, so a fast client cannot pile buffers up). Over {@code max} the client gets 413.
 * <p>
 * The body is then handed back to the exchange ("unget"), so the next handler reads it as if untouched. It has to
 * be handed back whole: once Undertow has seen the end of the body, the exchange's request channel only serves
 * bytes handed back, synchronously. A spilled part is therefore handed back as a read-only mapping of the file,
 * loaded on the worker first: outside the heap, and read from memory by the IO thread. The file itself is deleted
 * when the exchange ends (the mapping stays valid until it is no longer referenced).
 */
final class RequestBodyBuffer {

    private static final int CHUNK = 64 * 1024;

    private final HttpServerExchange exchange;
    private final HttpHandler next;
    private final long max;
    private final long mem;
    private final SpillFiles spillFiles;
    private final StreamSourceChannel channel;
    private final ByteBuffer chunk;
    private byte[] body = new byte[4096];
    private int size;
    private long total;
    private SpillFile file;
    private boolean inCall = true;

    private RequestBodyBuffer(HttpServerExchange exchange, HttpHandler next, long max, long mem, SpillFiles spillFiles) {
        this.exchange = exchange;
        this.next = next;
        this.max = max;
        this.mem = mem;
        this.spillFiles = spillFiles;
        this.channel = exchange.getRequestChannel();
        this.chunk = ByteBuffer.allocate(CHUNK);
    }

    /** Buffers the body (if any), then runs {@code next}; answers 413 itself when the body is too large. */
    static void handle(HttpServerExchange exchange, HttpHandler next, long max, long mem, SpillFiles spillFiles)
            throws Exception {
        long declared = exchange.getRequestContentLength();
        boolean chunked = exchange.getRequestHeaders().contains(Headers.TRANSFER_ENCODING);
        if (declared == 0 || declared < 0 && !chunked || exchange.isRequestComplete()) {
            next.handleRequest(exchange);
            return;
        }
        if (max > 0 && declared > max) {
            exchange.setPersistent(false); // the body is not read
            PlainResponses.send(exchange, 413);
            return;
        }
        if (!exchange.isRequestChannelAvailable()) {
            next.handleRequest(exchange);
            return;
        }
        RequestBodyBuffer buffer = new RequestBodyBuffer(exchange, next, max, mem, spillFiles);
        buffer.read();
        buffer.inCall = false;
    }

    private void read() {
        try {
            while (true) {
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
                    ended();
                    return;
                }
                total += n;
                if (max > 0 && total > max) {
                    channel.getReadSetter().set(null);
                    exchange.setPersistent(false); // the rest of the body is not read
                    PlainResponses.send(exchange, 413);
                    return;
                }
                if (file == null) {
                    // memory takes up to mem bytes; only a byte over needs a file (so a missing or full
                    // temporary directory matters only then)
                    chunk.flip();
                    append(chunk, (int) Math.min(chunk.remaining(), mem - size));
                    if (chunk.hasRemaining()) {
                        file = spillFiles.forExchange(exchange);
                        chunk.compact();
                    } else {
                        chunk.clear();
                    }
                }
                if (file != null && !chunk.hasRemaining()) {
                    spill(this::read);
                    return;
                }
            }
        } catch (IOException e) {
            IoUtils.safeClose(channel);
            exchange.setPersistent(false);
            PlainResponses.send(exchange, 400);
        }
    }

    private void append(ByteBuffer data, int n) {
        if (size + n > body.length) {
            body = Arrays.copyOf(body, (int) Math.max(size + n, Math.min(body.length * 2L, mem)));
        }
        data.get(body, size, n);
        size += n;
    }

    /** Writes the chunk to the file on a worker, then goes on with {@code then} on the IO thread. */
    private void spill(Runnable then) {
        channel.getReadSetter().set(null);
        channel.suspendReads();
        chunk.flip();
        async(() -> file.append(chunk, () -> {
            chunk.clear();
            if (!exchange.isComplete()) { // the client may have gone meanwhile
                then.run();
            }
        }, this::failed));
    }

    private void ended() {
        channel.getReadSetter().set(null);
        channel.suspendReads();
        if (file == null) {
            forward(new PooledByteBuffer[] {memory()});
        } else if (chunk.position() > 0) {
            spill(this::forwardSpilled);
        } else {
            forwardSpilled();
        }
    }

    private void forwardSpilled() {
        async(() -> file.map(pieces -> {
            if (exchange.isComplete()) {
                return;
            }
            PooledByteBuffer[] all = new PooledByteBuffer[pieces.length + 1];
            all[0] = memory();
            for (int i = 0; i < pieces.length; i++) {
                all[i + 1] = new ImmediatePooledByteBuffer(pieces[i]);
            }
            forward(all);
        }, this::failed));
    }

    private PooledByteBuffer memory() {
        return new ImmediatePooledByteBuffer(ByteBuffer.wrap(body, 0, size));
    }

    /** Starts a file operation; while the exchange is in its handler call, after the call (so it is not ended). */
    private void async(Runnable start) {
        if (inCall) {
            exchange.dispatch(SameThreadExecutor.INSTANCE, start);
        } else {
            start.run();
        }
    }

    /** The file could not be written or read (a full disk ...): 500, as Traefik when its buffer fails. */
    private void failed(IOException e) {
        if (exchange.isComplete()) {
            return;
        }
        IoUtils.safeClose(channel);
        exchange.setPersistent(false);
        if (exchange.isResponseStarted()) {
            IoUtils.safeClose(exchange.getConnection());
        } else {
            PlainResponses.send(exchange, 500);
        }
    }

    /**
     * Hands the bytes back and runs the next handler as a new dispatch of the exchange. The body's length is known
     * now: it is forwarded with a Content-Length instead of chunked, as Traefik does.
     */
    private void forward(PooledByteBuffer[] bytes) {
        HeaderMap headers = exchange.getRequestHeaders();
        headers.remove(Headers.TRANSFER_ENCODING);
        headers.put(Headers.CONTENT_LENGTH, total);
        if (total > 0) {
            Connectors.ungetRequestBytes(exchange, bytes);
        }
        Connectors.resetRequestChannel(exchange);
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
