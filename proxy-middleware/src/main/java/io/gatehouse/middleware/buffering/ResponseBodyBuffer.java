package io.gatehouse.middleware.buffering;

import io.gatehouse.middleware.support.BufferSinkConduit;
import io.undertow.server.Connectors;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import org.xnio.IoUtils;
import org.xnio.conduits.StreamSinkConduit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Holds a response body back until it is complete, so a slow client does not hold the server: up to {@code mem}
 * bytes in memory, the rest in a {@link SpillFile} written and read back on a worker thread. A body whose
 * Content-Length is over {@code max} is replaced with a 500 (as Traefik); one without a length that grows over
 * {@code max} is cut off, because Undertow fixes the status once the response channel exists.
 * <p>
 * While a file operation is in flight, writes take nothing (return 0) and the writer's wish to be told when it may
 * write again is kept here rather than passed on, so it is not woken again and again by a writable socket; it is
 * woken once the operation is done.
 */
final class ResponseBodyBuffer extends BufferSinkConduit {

    private static final byte[] TOO_LARGE = "Internal Server Error\n".getBytes(StandardCharsets.US_ASCII);
    private static final int CHUNK = 64 * 1024;

    private final HttpServerExchange exchange;
    private final long max;
    private final long mem;
    private final SpillFiles spillFiles;
    private byte[] held = new byte[8192];
    private int heldSize;
    private int heldSent;
    private long total;
    private SpillFile file;
    /** Bytes on their way to the file, and later bytes read back from it on their way out. */
    private ByteBuffer chunk;
    private long fileSent;
    private boolean tailSpilled;
    private boolean readingBack;
    private boolean fileBusy;
    private boolean writesWanted;
    private IOException fileFailure;
    private boolean finishing;
    private boolean nextTerminated;
    private boolean discarding;

    ResponseBodyBuffer(StreamSinkConduit next, HttpServerExchange exchange, long max, long mem, SpillFiles spillFiles) {
        super(next);
        this.exchange = exchange;
        this.max = max;
        this.mem = mem;
        this.spillFiles = spillFiles;
    }

    /** Before the framing is chosen: a declared length over {@code max} becomes the 500 right away. */
    static boolean declaredTooLarge(HttpServerExchange exchange, long max) {
        long length = exchange.getResponseContentLength();
        if (max <= 0 || length <= max) {
            return false;
        }
        replaceWithError(exchange);
        return true;
    }

    /** A conduit that drops the server's body and sends the 500's instead (its headers are already set). */
    static ResponseBodyBuffer discarding(StreamSinkConduit next, HttpServerExchange exchange) {
        ResponseBodyBuffer buffer = new ResponseBodyBuffer(next, exchange, 0, Long.MAX_VALUE, null);
        buffer.discarding = true;
        buffer.held = TOO_LARGE.clone();
        buffer.heldSize = TOO_LARGE.length;
        return buffer;
    }

    private static void replaceWithError(HttpServerExchange exchange) {
        HeaderMap headers = exchange.getResponseHeaders();
        List<HttpString> names = new ArrayList<>(headers.getHeaderNames());
        for (HttpString name : names) {
            if (!name.equals(Headers.TRANSFER_ENCODING) && !name.equals(Headers.CONNECTION)) {
                headers.remove(name);
            }
        }
        exchange.setStatusCode(500);
        headers.put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
        headers.put(Headers.CONTENT_LENGTH, TOO_LARGE.length);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        int n = src.remaining();
        if (discarding) {
            src.position(src.limit());
            return n;
        }
        if (fileFailure != null) {
            throw fileFailure;
        }
        if (fileBusy) {
            return 0;
        }
        if (max > 0 && total + n > max) {
            // Without a Content-Length the status was fixed when the response channel was created (Undertow):
            // it cannot become a 500 any more, so the response is cut off instead of exceeding the limit.
            IoUtils.safeClose(exchange.getConnection());
            throw new IOException("response body larger than maxResponseBodyBytes");
        }
        if (file == null) {
            int toMemory = (int) Math.min(n, mem - heldSize);
            if (heldSize + toMemory > held.length) {
                held = Arrays.copyOf(held, (int) Math.min(Math.max(heldSize + toMemory, held.length * 2L), mem));
            }
            src.get(held, heldSize, toMemory);
            heldSize += toMemory;
            total += toMemory;
            if (toMemory == n) {
                return n;
            }
            file = spillFiles.forExchange(exchange);
            chunk = ByteBuffer.allocate(CHUNK);
        }
        int before = src.remaining();
        int limit = src.limit();
        src.limit(src.position() + Math.min(before, chunk.remaining()));
        chunk.put(src);
        src.limit(limit);
        int taken = n - src.remaining();
        total += before - src.remaining();
        if (!chunk.hasRemaining()) {
            spillChunk();
        }
        return taken;
    }

    /** Writes the collected chunk to the file; writes wait meanwhile. */
    private void spillChunk() {
        startFileOperation();
        chunk.flip();
        file.append(chunk, () -> {
            chunk.clear();
            fileOperationDone();
        }, this::fileFailed);
    }

    private void startFileOperation() {
        fileBusy = true;
        next.suspendWrites();
    }

    private void fileOperationDone() {
        fileBusy = false;
        if (writesWanted) {
            next.wakeupWrites();
        }
    }

    private void fileFailed(IOException e) {
        fileFailure = e;
        fileOperationDone();
    }

    @Override
    public void resumeWrites() {
        writesWanted = true;
        if (!fileBusy) {
            next.resumeWrites();
        }
    }

    @Override
    public void wakeupWrites() {
        writesWanted = true;
        if (!fileBusy) {
            next.wakeupWrites();
        }
    }

    @Override
    public void suspendWrites() {
        writesWanted = false;
        next.suspendWrites();
    }

    @Override
    public boolean isWriteResumed() {
        return writesWanted;
    }

    @Override
    public boolean flush() throws IOException {
        if (fileFailure != null) {
            throw fileFailure;
        }
        if (!finishing) {
            // held back until complete: nothing to flush yet
            return true;
        }
        if (fileBusy || !drain()) {
            return false;
        }
        if (!nextTerminated) {
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
        if (!discarding && Connectors.isEntityBodyAllowed(exchange)
                && !exchange.getRequestMethod().equals(Methods.HEAD)
                && !exchange.getResponseHeaders().contains(Headers.TRANSFER_ENCODING)
                && !exchange.getResponseHeaders().contains(Headers.CONTENT_LENGTH)) {
            exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, total);
        }
    }

    /**
     * Sends what is held: the memory part, then the file chunk by chunk (each read on a worker). True when all of
     * it is out; false when the socket is full (the writer waits for it) or a chunk is being read (the writer is
     * woken when it is there).
     */
    private boolean drain() throws IOException {
        while (heldSent < heldSize) {
            int n = next.write(ByteBuffer.wrap(held, heldSent, heldSize - heldSent));
            if (n == 0) {
                return false;
            }
            heldSent += n;
        }
        if (file == null) {
            return true;
        }
        if (!tailSpilled) {
            tailSpilled = true;
            if (chunk.position() > 0) {
                spillChunk(); // the last, partial chunk goes to the file first
                return false;
            }
        }
        if (readingBack) {
            while (chunk.hasRemaining()) {
                if (next.write(chunk) == 0) {
                    return false;
                }
            }
        }
        if (fileSent >= file.size()) {
            return true;
        }
        readChunk();
        return false;
    }

    private void readChunk() {
        startFileOperation();
        chunk.clear();
        long from = fileSent;
        file.read(from, chunk, () -> {
            chunk.flip();
            if (!chunk.hasRemaining()) {
                fileFailed(new IOException("the buffer file ended early"));
                return;
            }
            readingBack = true;
            fileSent = from + chunk.remaining();
            fileOperationDone();
        }, this::fileFailed);
    }
}
