package io.gatehouse.middleware.cache;

import org.xnio.channels.StreamSourceChannel;
import org.xnio.conduits.AbstractStreamSinkConduit;
import org.xnio.conduits.StreamSinkConduit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Sends a stored body in place of what the server sends (a 304 that refreshed a stored response, or an error
 * replaced by a stale response under stale-if-error). The server's bytes are consumed and dropped; the stored
 * body goes out as the channel allows, without blocking: {@link #flush()} reports false until it is all written.
 */
final class ReplayConduit extends AbstractStreamSinkConduit<StreamSinkConduit> {

    private final ByteBuffer body;
    private boolean terminated;
    private boolean nextTerminated;

    ReplayConduit(StreamSinkConduit next, ByteBuffer body) {
        super(next);
        this.body = body;
    }

    @Override
    public int write(ByteBuffer src) {
        int n = src.remaining();
        src.position(src.limit());
        return n;
    }

    @Override
    public long write(ByteBuffer[] srcs, int offs, int len) {
        long n = 0;
        for (int i = offs; i < offs + len; i++) {
            n += write(srcs[i]);
        }
        return n;
    }

    @Override
    public int writeFinal(ByteBuffer src) throws IOException {
        int n = write(src);
        terminateWrites();
        return n;
    }

    @Override
    public long writeFinal(ByteBuffer[] srcs, int offs, int len) throws IOException {
        long n = write(srcs, offs, len);
        terminateWrites();
        return n;
    }

    @Override
    public long transferFrom(FileChannel src, long position, long count) throws IOException {
        return Math.max(0, Math.min(count, src.size() - position));
    }

    @Override
    public long transferFrom(StreamSourceChannel source, long count, ByteBuffer throughBuffer) throws IOException {
        throughBuffer.clear();
        if (count < throughBuffer.remaining()) {
            throughBuffer.limit((int) count);
        }
        long read = source.read(throughBuffer);
        throughBuffer.clear().flip(); // nothing left over for the caller to write
        return read;
    }

    @Override
    public void terminateWrites() throws IOException {
        terminated = true;
        if (push()) {
            terminateNext();
        }
    }

    @Override
    public boolean flush() throws IOException {
        if (!push()) {
            return false;
        }
        if (terminated) {
            terminateNext();
        }
        return next.flush();
    }

    private boolean push() throws IOException {
        while (body.hasRemaining()) {
            if (next.write(body) == 0) {
                return false;
            }
        }
        return true;
    }

    private void terminateNext() throws IOException {
        if (!nextTerminated) {
            nextTerminated = true;
            next.terminateWrites();
        }
    }
}
