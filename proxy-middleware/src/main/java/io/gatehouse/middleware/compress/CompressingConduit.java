package io.gatehouse.middleware.compress;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import org.xnio.IoUtils;
import io.gatehouse.middleware.support.BufferSinkConduit;
import org.xnio.conduits.StreamSinkConduit;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;

/**
 * Compresses a response body on its way out, without blocking: the encoder writes into a buffer that
 * is drained into the next conduit as fast as it accepts bytes; a write is refused (returns 0) while
 * earlier output is still pending, which is the ordinary back-pressure signal.
 *
 * <p>The first {@code minSize} bytes are held back: a body that ends before is sent as it is (with a
 * Content-Length), and so is one flushed before (a stream such as server-sent events must not wait).
 * Otherwise the headers are switched to the encoding (Content-Encoding set, Content-Length removed)
 * before the first byte goes out.
 */
final class CompressingConduit extends BufferSinkConduit {

    private final HttpServerExchange exchange;
    private final Encoding encoding;
    private final int minSize;
    private ByteSink lookahead;
    private final ByteSink pending = new ByteSink(1024);
    private byte[] scratch;
    private OutputStream encoder;
    private boolean decided;
    private boolean codecFlushed = true;
    private boolean finishing;
    private boolean nextTerminated;
    private boolean encoderClosed;

    /**
     * @param lengthKnown the response had a Content-Length of at least minSize: the caller already switched the
     *                    headers (before the next conduit was framed), so encoding starts at once
     */
    CompressingConduit(StreamSinkConduit next, HttpServerExchange exchange, Encoding encoding, int minSize,
                       boolean lengthKnown) throws IOException {
        super(next);
        this.exchange = exchange;
        this.encoding = encoding;
        this.minSize = minSize;
        // brotli and zstd hold native memory: release it however the exchange ends
        exchange.addExchangeCompleteListener((ex, nextListener) -> {
            closeEncoder();
            nextListener.proceed();
        });
        if (lengthKnown) {
            decided = true;
            encoder = encoding.open(pending);
        } else {
            this.lookahead = new ByteSink(Math.min(minSize, 8192));
        }
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        if (finishing) {
            throw new ClosedChannelException();
        }
        if (!drain()) {
            return 0;
        }
        int n = src.remaining();
        if (!decided) {
            if (lookahead.size() + n < minSize) {
                copy(src, lookahead);
                return n;
            }
            startEncoding();
        }
        if (encoder == null) {
            return next.write(src);
        }
        copy(src, encoder);
        codecFlushed = false;
        drain();
        return n;
    }

    @Override
    public boolean flush() throws IOException {
        if (!decided) {
            if (lookahead.size() == 0 && !finishing) {
                // nothing written yet: the headers must wait until we know the encoding
                return true;
            }
            // flushed before the look-ahead filled: a stream; send what we have as it is
            sendAsIs(finishing);
        }
        if (encoder != null && !finishing && !codecFlushed) {
            encoder.flush();
            codecFlushed = true;
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
        if (!decided) {
            sendAsIs(true);
        } else if (encoder != null) {
            encoder.close();
            encoderClosed = true;
        }
    }

    private void closeEncoder() {
        if (encoder != null && !encoderClosed) {
            encoderClosed = true;
            IoUtils.safeClose(encoder);
        }
    }

    @Override
    public void truncateWrites() throws IOException {
        finishing = true;
        closeEncoder();
        next.truncateWrites();
    }

    private void startEncoding() throws IOException {
        decided = true;
        exchange.getResponseHeaders().remove(Headers.CONTENT_LENGTH);
        exchange.getResponseHeaders().put(Headers.CONTENT_ENCODING, encoding.token);
        encoder = encoding.open(pending);
        encoder.write(lookahead.array(), lookahead.start(), lookahead.size());
        codecFlushed = false;
        lookahead = null;
    }

    /** Gives up compressing: the held-back bytes go out as they are; at the end they are the whole body. */
    private void sendAsIs(boolean whole) {
        decided = true;
        if (whole && !exchange.getResponseHeaders().contains(Headers.TRANSFER_ENCODING)) {
            exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, lookahead.size());
        }
        pending.write(lookahead.array(), lookahead.start(), lookahead.size());
        lookahead = null;
    }

    /** Writes pending output to the next conduit; true when nothing is left. */
    private boolean drain() throws IOException {
        while (pending.size() > 0) {
            int n = next.write(ByteBuffer.wrap(pending.array(), pending.start(), pending.size()));
            if (n == 0) {
                return false;
            }
            pending.consumed(n);
        }
        return true;
    }

    private void copy(ByteBuffer src, OutputStream out) throws IOException {
        if (src.hasArray()) {
            out.write(src.array(), src.arrayOffset() + src.position(), src.remaining());
            src.position(src.limit());
            return;
        }
        if (scratch == null) {
            scratch = new byte[8192];
        }
        while (src.hasRemaining()) {
            int n = Math.min(scratch.length, src.remaining());
            src.get(scratch, 0, n);
            out.write(scratch, 0, n);
        }
    }
}
