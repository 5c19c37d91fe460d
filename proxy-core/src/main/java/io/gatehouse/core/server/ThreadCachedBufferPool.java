package io.gatehouse.core.server;

import io.undertow.connector.ByteBufferPool;
import io.undertow.connector.PooledByteBuffer;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * The entry points' buffer pool: each thread keeps a few free buffers of its own in a {@link ThreadLocal}, and a
 * bounded shared queue takes the rest. Undertow's {@code DefaultByteBufferPool} finds a thread's cache in a
 * synchronized {@code WeakHashMap} on every allocation and release, which took about 7% of the proxy's CPU under
 * load; a {@code ThreadLocal} lookup takes no lock. The threads here are the workers' IO and task threads, which
 * live as long as the server; a buffer released on another thread than the one that took it joins that thread's
 * cache. Buffers beyond both bounds are left to the garbage collector.
 */
final class ThreadCachedBufferPool implements ByteBufferPool {

    /** Free buffers a thread keeps for itself. */
    static final int PER_THREAD = 16;
    /** Free buffers kept for all threads together, beyond the threads' own. */
    static final int SHARED = 256;

    private final int bufferSize;
    private final boolean direct;
    private final ThreadLocal<ArrayDeque<ByteBuffer>> local = ThreadLocal.withInitial(() -> new ArrayDeque<>(PER_THREAD));
    private final ConcurrentLinkedQueue<ByteBuffer> shared = new ConcurrentLinkedQueue<>();
    private final AtomicInteger sharedCount = new AtomicInteger();
    private final ThreadCachedBufferPool arrayBacked;
    private volatile boolean closed;

    ThreadCachedBufferPool(int bufferSize, boolean direct) {
        if (bufferSize <= 0) {
            throw new IllegalArgumentException("buffer size must be positive: " + bufferSize);
        }
        this.bufferSize = bufferSize;
        this.direct = direct;
        this.arrayBacked = direct ? new ThreadCachedBufferPool(bufferSize, false) : this;
    }

    @Override
    public PooledByteBuffer allocate() {
        if (closed) {
            throw new IllegalStateException("buffer pool is closed");
        }
        ByteBuffer buffer = local.get().poll();
        if (buffer == null) {
            buffer = shared.poll();
            if (buffer != null) {
                sharedCount.decrementAndGet();
            } else {
                buffer = direct ? ByteBuffer.allocateDirect(bufferSize) : ByteBuffer.allocate(bufferSize);
            }
        }
        return new Pooled(this, buffer);
    }

    private void release(ByteBuffer buffer) {
        if (closed) {
            return;
        }
        buffer.clear();
        ArrayDeque<ByteBuffer> mine = local.get();
        if (mine.size() < PER_THREAD) {
            mine.push(buffer); // last in, first out: the buffer most likely still in this core's cache
        } else if (sharedCount.incrementAndGet() <= SHARED) {
            shared.offer(buffer);
        } else {
            sharedCount.decrementAndGet();
        }
    }

    @Override
    public ByteBufferPool getArrayBackedPool() {
        return arrayBacked;
    }

    /** Drops the shared buffers; buffers released later are dropped too. Threads' own caches go with the threads. */
    @Override
    public void close() {
        closed = true;
        shared.clear();
        sharedCount.set(0);
        if (arrayBacked != this) {
            arrayBacked.close();
        }
    }

    @Override
    public int getBufferSize() {
        return bufferSize;
    }

    @Override
    public boolean isDirect() {
        return direct;
    }

    /** One loan of a buffer; closing it twice returns it once. */
    private static final class Pooled implements PooledByteBuffer {

        private static final AtomicIntegerFieldUpdater<Pooled> CLOSED =
                AtomicIntegerFieldUpdater.newUpdater(Pooled.class, "closed");

        private final ThreadCachedBufferPool pool;
        private final ByteBuffer buffer;
        private volatile int closed;

        Pooled(ThreadCachedBufferPool pool, ByteBuffer buffer) {
            this.pool = pool;
            this.buffer = buffer;
        }

        @Override
        public ByteBuffer getBuffer() {
            if (closed != 0) {
                throw new IllegalStateException("buffer already returned to the pool");
            }
            return buffer;
        }

        @Override
        public void close() {
            if (CLOSED.compareAndSet(this, 0, 1)) {
                pool.release(buffer);
            }
        }

        @Override
        public boolean isOpen() {
            return closed == 0;
        }
    }
}
