package io.gatehouse.core.http;

import io.undertow.connector.PooledByteBuffer;
import io.undertow.server.Connectors;
import io.undertow.server.ExchangeCompletionListener;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.ImmediatePooledByteBuffer;
import io.undertow.util.Protocols;
import org.xnio.IoUtils;
import org.xnio.channels.StreamSourceChannel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A request body read once, up to a limit, into the connection's pooled buffers, so that it can be forwarded
 * several times: before each forward, {@link #replay} hands the exchange a fresh read-only view of it. Reading
 * never blocks: what is there is read, then the channel's read-ready event continues (as Undertow's
 * RequestBufferingHandler). A body over the limit is handed back as read so far, with the rest streaming:
 * it can be forwarded once. The buffers go back to the pool when the exchange completes.
 *
 * <p>Used by the retry middleware and the failover service, with {@link io.gatehouse.core.proxy.ResponseVeto}.
 */
public final class ReplayableBody implements ExchangeCompletionListener {

    /** What happens once the body has been read (or found too large to keep). */
    public interface Then {
        /** @param body the kept body (an empty one when the request has none), or null when it is larger than the limit */
        void run(HttpServerExchange exchange, ReplayableBody body) throws Exception;
    }

    private final HttpServerExchange exchange;
    private final long max;
    private final Then then;
    private final StreamSourceChannel channel;
    private PooledByteBuffer[] buffers = new PooledByteBuffer[4];
    private int count;
    private long size;
    private boolean inCall = true;

    private ReplayableBody(HttpServerExchange exchange, long max, Then then) {
        this.exchange = exchange;
        this.max = max;
        this.then = then;
        this.channel = exchange.getRequestChannel();
    }

    /**
     * Reads the body (up to {@code max} bytes; -1 for no limit), then runs {@code then}: with the body, or with
     * null if it was larger (then it streams, once). Runs {@code then} directly when there is no body to read.
     */
    public static void read(HttpServerExchange exchange, long max, Then then) throws Exception {
        long declared = exchange.getRequestContentLength();
        boolean framed = declared >= 0 || exchange.getRequestHeaders().contains(Headers.TRANSFER_ENCODING)
                || exchange.getProtocol().equals(Protocols.HTTP_2_0); // HTTP/2 bodies need no length
        if (declared == 0 || !framed || exchange.isRequestComplete()) {
            then.run(exchange, EMPTY);
            return;
        }
        if (max >= 0 && declared > max || !exchange.isRequestChannelAvailable()) {
            then.run(exchange, null);
            return;
        }
        ReplayableBody body = new ReplayableBody(exchange, max, then);
        exchange.addExchangeCompleteListener(body); // frees the buffers however the exchange ends
        body.readAvailable();
        body.inCall = false;
    }

    /** A request without a body: nothing to hand back. */
    private static final ReplayableBody EMPTY = new ReplayableBody();

    private ReplayableBody() {
        this.exchange = null;
        this.max = 0;
        this.then = null;
        this.channel = null;
    }

    /**
     * Makes the whole body readable again from its start, for one more forward: drops what the last forward left
     * unread, then hands back a fresh view of every buffer.
     */
    public void replay(HttpServerExchange target) throws IOException {
        if (count == 0) {
            return;
        }
        StreamSourceChannel existing = Connectors.getExistingRequestChannel(target);
        if (existing != null && !target.isRequestComplete()) {
            // a forward taken back while its body was still being sent: skip the rest of that copy (in memory)
            Connectors.resetRequestChannel(target);
            StreamSourceChannel leftover = target.getRequestChannel();
            ByteBuffer sink = ByteBuffer.allocate(4096);
            while (leftover.read(sink.clear()) > 0) {
                // discard
            }
        }
        PooledByteBuffer[] views = new PooledByteBuffer[count];
        for (int i = 0; i < count; i++) {
            views[i] = new ImmediatePooledByteBuffer(buffers[i].getBuffer().duplicate());
        }
        Connectors.ungetRequestBytes(target, views);
        Connectors.resetRequestChannel(target);
    }

    /** A copy of the whole body on the heap (for a mirror), leaving the kept body as it is. */
    public byte[] toByteArray() {
        long total = 0;
        for (int i = 0; i < count; i++) {
            total += buffers[i].getBuffer().remaining();
        }
        if (total > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("a body of " + total + " bytes does not fit in a byte array");
        }
        byte[] copy = new byte[(int) total];
        int at = 0;
        for (int i = 0; i < count; i++) {
            ByteBuffer view = buffers[i].getBuffer().duplicate();
            int n = view.remaining();
            view.get(copy, at, n);
            at += n;
        }
        return copy;
    }

    private void readAvailable() {
        try {
            while (true) {
                PooledByteBuffer current = count == 0 ? null : buffers[count - 1];
                if (current == null || !current.getBuffer().hasRemaining()) {
                    current = add(exchange.getConnection().getByteBufferPool().allocate());
                }
                int n = channel.read(current.getBuffer());
                if (n == 0) {
                    channel.getReadSetter().set(c -> {
                        channel.suspendReads();
                        readAvailable();
                    });
                    channel.resumeReads();
                    return;
                }
                if (n < 0) {
                    kept();
                    return;
                }
                size += n;
                if (max >= 0 && size > max) {
                    tooLarge();
                    return;
                }
            }
        } catch (IOException e) {
            free();
            IoUtils.safeClose(channel);
            exchange.setPersistent(false);
            PlainResponses.send(exchange, 400);
        }
    }

    private PooledByteBuffer add(PooledByteBuffer buffer) {
        if (count == buffers.length) {
            buffers = Arrays.copyOf(buffers, count * 2);
        }
        buffers[count++] = buffer;
        return buffer;
    }

    /** The whole body is here: flip the buffers for reading; they stay ours until the exchange completes. */
    private void kept() {
        for (int i = 0; i < count; i++) {
            buffers[i].getBuffer().flip();
        }
        if (count > 0 && !buffers[count - 1].getBuffer().hasRemaining()) {
            buffers[--count].close(); // the last one was allocated for the end of the stream only
        }
        proceed(this);
    }

    /** Too large to keep: hand what was read back to the exchange (which frees it) and let the rest stream. */
    private void tooLarge() {
        PooledByteBuffer[] read = Arrays.copyOf(buffers, count);
        for (PooledByteBuffer buffer : read) {
            buffer.getBuffer().flip();
        }
        count = 0;
        Connectors.ungetRequestBytes(exchange, read);
        Connectors.resetRequestChannel(exchange);
        proceed(null);
    }

    private void proceed(ReplayableBody body) {
        channel.getReadSetter().set(null);
        channel.suspendReads();
        if (inCall) {
            run(body);
        } else {
            Connectors.executeRootHandler(ex -> run(body), exchange);
        }
    }

    private void run(ReplayableBody body) {
        try {
            then.run(exchange, body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Frees the buffers; called by the exchange when it completes, not by users. */
    @Override
    public void exchangeEvent(HttpServerExchange ex, NextListener nextListener) {
        try {
            free();
        } finally {
            nextListener.proceed();
        }
    }

    private void free() {
        for (int i = 0; i < count; i++) {
            buffers[i].close();
        }
        count = 0;
    }
}
