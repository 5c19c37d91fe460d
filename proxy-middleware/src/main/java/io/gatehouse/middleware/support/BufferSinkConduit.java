package io.gatehouse.middleware.support;

import org.xnio.IoUtils;
import org.xnio.channels.StreamSourceChannel;
import org.xnio.conduits.AbstractStreamSinkConduit;
import org.xnio.conduits.ConduitWritableByteChannel;
import org.xnio.conduits.Conduits;
import org.xnio.conduits.StreamSinkConduit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * A response conduit that transforms what passes through it one buffer at a time: every other
 * way of writing (gathering writes, final writes, file and channel transfers) goes through
 * {@link #write(ByteBuffer)}, so a subclass implements that, flush and termination only.
 */
public abstract class BufferSinkConduit extends AbstractStreamSinkConduit<StreamSinkConduit> {

    protected BufferSinkConduit(StreamSinkConduit next) {
        super(next);
    }

    @Override
    public abstract int write(ByteBuffer src) throws IOException;

    /** Each buffer in turn, stopping at the first one not written whole. */
    @Override
    public long write(ByteBuffer[] srcs, int offs, int len) throws IOException {
        long total = 0;
        for (int i = offs; i < offs + len; i++) {
            int want = srcs[i].remaining();
            int done = write(srcs[i]);
            total += done;
            if (done < want) {
                break;
            }
        }
        return total;
    }

    @Override
    public int writeFinal(ByteBuffer src) throws IOException {
        return Conduits.writeFinalBasic(this, src);
    }

    @Override
    public long writeFinal(ByteBuffer[] srcs, int offs, int len) throws IOException {
        return Conduits.writeFinalBasic(this, srcs, offs, len);
    }

    @Override
    public long transferFrom(FileChannel src, long position, long count) throws IOException {
        return src.transferTo(position, count, new ConduitWritableByteChannel(this));
    }

    @Override
    public long transferFrom(StreamSourceChannel source, long count, ByteBuffer throughBuffer) throws IOException {
        return IoUtils.transfer(source, count, throughBuffer, new ConduitWritableByteChannel(this));
    }
}
