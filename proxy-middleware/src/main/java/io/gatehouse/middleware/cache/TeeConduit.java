package io.gatehouse.middleware.cache;

import org.xnio.channels.StreamSourceChannel;
import org.xnio.conduits.AbstractStreamSinkConduit;
import org.xnio.conduits.StreamSinkConduit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Streams the server's response body to the client unchanged while copying it, up to a limit, for the cache.
 * The client never waits for the copy: a body over the limit, a transfer that breaks, or a length that does not
 * match Content-Length simply ends the copy and nothing is stored.
 */
final class TeeConduit extends AbstractStreamSinkConduit<StreamSinkConduit> {

    /** Told once, from the exchange's IO thread, how the copy ended. */
    interface Sink {
        void captured(ByteBuffer body);

        void abandoned(String why);
    }

    private final long declaredLength;
    private final int limit;
    private final Sink sink;
    private ByteBuffer copy;
    private boolean finished;

    TeeConduit(StreamSinkConduit next, long declaredLength, int limit, Sink sink) {
        super(next);
        this.declaredLength = declaredLength;
        this.limit = limit;
        this.sink = sink;
        this.copy = ByteBuffer.allocate(declaredLength >= 0 ? (int) declaredLength : Math.min(limit, 8192));
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        int start = src.position();
        int written = next.write(src);
        keep(src, start, written);
        return written;
    }

    @Override
    public long write(ByteBuffer[] srcs, int offs, int len) throws IOException {
        int[] starts = new int[len];
        for (int i = 0; i < len; i++) {
            starts[i] = srcs[offs + i].position();
        }
        long written = next.write(srcs, offs, len);
        for (int i = 0; i < len; i++) {
            ByteBuffer b = srcs[offs + i];
            keep(b, starts[i], b.position() - starts[i]);
        }
        return written;
    }

    @Override
    public int writeFinal(ByteBuffer src) throws IOException {
        int start = src.position();
        int written = next.writeFinal(src);
        keep(src, start, written);
        if (!src.hasRemaining()) {
            complete();
        }
        return written;
    }

    @Override
    public long writeFinal(ByteBuffer[] srcs, int offs, int len) throws IOException {
        int[] starts = new int[len];
        for (int i = 0; i < len; i++) {
            starts[i] = srcs[offs + i].position();
        }
        long written = next.writeFinal(srcs, offs, len);
        boolean all = true;
        for (int i = 0; i < len; i++) {
            ByteBuffer b = srcs[offs + i];
            keep(b, starts[i], b.position() - starts[i]);
            all &= !b.hasRemaining();
        }
        if (all) {
            complete();
        }
        return written;
    }

    @Override
    public long transferFrom(FileChannel src, long position, long count) throws IOException {
        abandon("file-transfer"); // bytes we cannot see on the way
        return next.transferFrom(src, position, count);
    }

    @Override
    public long transferFrom(StreamSourceChannel source, long count, ByteBuffer throughBuffer) throws IOException {
        abandon("channel-transfer");
        return next.transferFrom(source, count, throughBuffer);
    }

    @Override
    public void terminateWrites() throws IOException {
        next.terminateWrites();
        complete();
    }

    @Override
    public void truncateWrites() throws IOException {
        abandon("truncated");
        next.truncateWrites();
    }

    private void keep(ByteBuffer src, int start, int count) {
        if (copy == null || count <= 0) {
            return;
        }
        if (copy.remaining() < count) {
            long needed = (long) copy.position() + count;
            if (needed > limit || (declaredLength >= 0 && needed > declaredLength)) {
                abandon("too-large");
                return;
            }
            ByteBuffer bigger = ByteBuffer.allocate((int) Math.min(limit, Math.max(needed, copy.capacity() * 2L)));
            copy.flip();
            bigger.put(copy);
            copy = bigger;
        }
        ByteBuffer slice = src.duplicate();
        slice.limit(start + count).position(start);
        copy.put(slice);
    }

    private void complete() {
        if (finished) {
            return;
        }
        finished = true;
        if (copy == null) {
            return; // already abandoned
        }
        ByteBuffer body = copy;
        copy = null;
        if (declaredLength >= 0 && body.position() != declaredLength) {
            sink.abandoned("incomplete");
            return;
        }
        body.flip();
        if (body.capacity() != body.limit()) {
            // a buffer grown by doubling: keep only the body, once, so the store holds what it weighs
            body = ByteBuffer.allocate(body.limit()).put(body).flip();
        }
        sink.captured(body);
    }

    private void abandon(String why) {
        if (copy != null) {
            copy = null;
            finished = true;
            sink.abandoned(why);
        }
    }
}
