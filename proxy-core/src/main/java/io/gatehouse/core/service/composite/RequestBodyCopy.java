package io.gatehouse.core.service.composite;

import io.undertow.UndertowLogger;
import io.undertow.connector.PooledByteBuffer;
import io.undertow.server.Connectors;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.protocol.http.HttpContinue;
import org.xnio.IoUtils;
import org.xnio.channels.StreamSourceChannel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a request body up to a limit without blocking, hands a copy to the caller and puts the bytes back on the
 * exchange (as Undertow's RequestBufferingHandler does), so the next handler reads the whole body as if nothing
 * had happened. A body over the limit is not copied: what was read is put back and the rest streams as usual.
 */
final class RequestBodyCopy {

    /** What to do once the body is read: {@code body} is null when it was over the limit. */
    interface Then {
        void run(HttpServerExchange exchange, byte[] body) throws Exception;
    }

    static final byte[] EMPTY = new byte[0];
    private static final long MAX_COPY = Integer.MAX_VALUE - 16;

    private RequestBodyCopy() {
    }

    /**
     * @param limit the largest body copied, in bytes; -1 for no limit
     */
    static void read(HttpServerExchange exchange, long limit, Then then) throws Exception {
        if (exchange.isRequestComplete()) {
            then.run(exchange, EMPTY);
            return;
        }
        if (HttpContinue.requiresContinueResponse(exchange.getRequestHeaders())) {
            then.run(exchange, null); // reading would send 100 Continue on the client's behalf: leave it to the server
            return;
        }
        // A byte[] holds at most about 2 GiB: "no limit" stops there.
        long effective = limit < 0 || limit > MAX_COPY ? MAX_COPY : limit;
        Reader reader = new Reader(exchange, effective, then);
        if (reader.readAvailable()) {
            reader.finish();
            return;
        }
        reader.channel.getReadSetter().set(channel -> {
            try {
                if (reader.readAvailable()) {
                    channel.getReadSetter().set(null);
                    channel.suspendReads();
                    reader.finishFromListener();
                }
            } catch (IOException | RuntimeException e) {
                reader.fail(e);
            }
        });
        reader.channel.resumeReads();
    }

    private static final class Reader {

        private final HttpServerExchange exchange;
        private final long limit;
        private final Then then;
        private final StreamSourceChannel channel;
        private final List<PooledByteBuffer> buffers = new ArrayList<>();
        private long total;
        private boolean tooLarge;

        Reader(HttpServerExchange exchange, long limit, Then then) {
            this.exchange = exchange;
            this.limit = limit;
            this.then = then;
            this.channel = exchange.getRequestChannel();
        }

        /** Reads what is there; true when done (end of body, or over the limit). */
        boolean readAvailable() throws IOException {
            while (true) {
                PooledByteBuffer pooled = buffers.isEmpty() ? null : buffers.get(buffers.size() - 1);
                if (pooled == null || !pooled.getBuffer().hasRemaining()) {
                    pooled = exchange.getConnection().getByteBufferPool().allocate();
                    buffers.add(pooled);
                }
                int read = channel.read(pooled.getBuffer());
                if (read == -1) {
                    return true;
                }
                if (read == 0) {
                    return false;
                }
                total += read;
                if (total > limit) {
                    tooLarge = true;
                    return true;
                }
            }
        }

        void finish() throws Exception {
            byte[] copy = putBack();
            then.run(exchange, copy);
        }

        void finishFromListener() {
            byte[] copy = putBack();
            Connectors.executeRootHandler(ex -> then.run(ex, copy), exchange);
        }

        private byte[] putBack() {
            List<PooledByteBuffer> filled = new ArrayList<>(buffers.size());
            for (PooledByteBuffer pooled : buffers) {
                if (pooled.getBuffer().position() == 0) {
                    pooled.close();
                } else {
                    pooled.getBuffer().flip();
                    filled.add(pooled);
                }
            }
            byte[] copy = null;
            if (!tooLarge) {
                copy = new byte[(int) total];
                int at = 0;
                for (PooledByteBuffer pooled : filled) {
                    ByteBuffer view = pooled.getBuffer().duplicate();
                    int n = view.remaining();
                    view.get(copy, at, n);
                    at += n;
                }
            }
            if (!filled.isEmpty()) {
                Connectors.ungetRequestBytes(exchange, filled.toArray(PooledByteBuffer[]::new));
            }
            Connectors.resetRequestChannel(exchange);
            return copy;
        }

        void fail(Exception e) {
            UndertowLogger.REQUEST_IO_LOGGER.debug("reading a request body to mirror failed", e);
            buffers.forEach(IoUtils::safeClose);
            IoUtils.safeClose(exchange.getConnection());
        }
    }
}
