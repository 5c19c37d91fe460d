package io.gatehouse.core.server;

import io.undertow.connector.PooledByteBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ThreadCachedBufferPoolTest {

    @Test
    void hands_out_cleared_direct_buffers_of_its_size_and_a_heap_pool_beside() {
        ThreadCachedBufferPool pool = new ThreadCachedBufferPool(1024, true);
        PooledByteBuffer pooled = pool.allocate();
        assertThat(pooled.getBuffer().isDirect()).isTrue();
        assertThat(pooled.getBuffer().capacity()).isEqualTo(1024);
        pooled.getBuffer().put((byte) 1).flip();
        pooled.close();

        ByteBuffer again = pool.allocate().getBuffer();
        assertThat(again.position()).isZero();
        assertThat(again.limit()).isEqualTo(1024);

        assertThat(pool.getArrayBackedPool().isDirect()).isFalse();
        assertThat(pool.getArrayBackedPool().allocate().getBuffer().hasArray()).isTrue();
        assertThat(pool.getArrayBackedPool().getBufferSize()).isEqualTo(1024);
    }

    @Test
    void the_last_buffer_released_on_a_thread_is_the_next_it_gets() {
        ThreadCachedBufferPool pool = new ThreadCachedBufferPool(64, true);
        PooledByteBuffer first = pool.allocate();
        PooledByteBuffer second = pool.allocate();
        ByteBuffer secondBuffer = second.getBuffer();
        first.close();
        second.close();
        assertThat(pool.allocate().getBuffer()).isSameAs(secondBuffer);
    }

    @Test
    void closing_a_loan_twice_returns_the_buffer_once() {
        ThreadCachedBufferPool pool = new ThreadCachedBufferPool(64, false);
        PooledByteBuffer loan = pool.allocate();
        ByteBuffer buffer = loan.getBuffer();
        loan.close();
        loan.close();
        assertThat(loan.isOpen()).isFalse();
        assertThatThrownBy(loan::getBuffer).isInstanceOf(IllegalStateException.class);
        ByteBuffer a = pool.allocate().getBuffer();
        ByteBuffer b = pool.allocate().getBuffer();
        assertThat(a).isSameAs(buffer);
        assertThat(b).isNotSameAs(buffer); // handed out once, not twice
    }

    @Test
    void buffers_beyond_a_threads_own_share_go_to_other_threads() throws Exception {
        ThreadCachedBufferPool pool = new ThreadCachedBufferPool(64, false);
        int count = ThreadCachedBufferPool.PER_THREAD + 10;
        List<PooledByteBuffer> loans = new ArrayList<>();
        Set<ByteBuffer> released = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int i = 0; i < count; i++) {
            loans.add(pool.allocate());
        }
        loans.forEach(loan -> released.add(loan.getBuffer()));
        loans.forEach(PooledByteBuffer::close);

        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            Future<List<ByteBuffer>> taken = other.submit(() -> {
                List<ByteBuffer> buffers = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    buffers.add(pool.allocate().getBuffer());
                }
                return buffers;
            });
            // the ten that did not fit this thread's own cache
            assertThat(taken.get()).allMatch(released::contains);
        } finally {
            other.shutdownNow();
        }
    }

    @Test
    void a_buffer_released_on_another_thread_serves_that_thread() throws Exception {
        ThreadCachedBufferPool pool = new ThreadCachedBufferPool(64, true);
        PooledByteBuffer loan = pool.allocate();
        ByteBuffer original = loan.getBuffer();
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            ByteBuffer reused = other.submit(() -> {
                loan.close();
                return pool.allocate().getBuffer();
            }).get();
            assertThat(reused).isSameAs(original);
            assertThat(pool.allocate().getBuffer()).isNotSameAs(original); // not in this thread's cache
        } finally {
            other.shutdownNow();
        }
    }

    @Test
    void many_threads_allocating_and_releasing_never_share_a_buffer_at_once() throws Exception {
        ThreadCachedBufferPool pool = new ThreadCachedBufferPool(16, false);
        Set<ByteBuffer> inUse = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<CompletableFuture<Boolean>> runs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                runs.add(CompletableFuture.supplyAsync(() -> {
                    for (int i = 0; i < 20_000; i++) {
                        List<PooledByteBuffer> held = List.of(pool.allocate(), pool.allocate(), pool.allocate());
                        for (PooledByteBuffer loan : held) {
                            if (!inUse.add(loan.getBuffer())) {
                                return false;
                            }
                        }
                        for (PooledByteBuffer loan : held) {
                            inUse.remove(loan.getBuffer());
                            loan.close();
                        }
                    }
                    return true;
                }, threads));
            }
            for (CompletableFuture<Boolean> run : runs) {
                assertThat(run.get()).isTrue();
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void a_closed_pool_refuses_to_allocate_and_drops_what_is_released() {
        ThreadCachedBufferPool pool = new ThreadCachedBufferPool(64, true);
        PooledByteBuffer loan = pool.allocate();
        pool.close();
        loan.close(); // no error: the buffer is left to the garbage collector
        assertThatThrownBy(pool::allocate).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> pool.getArrayBackedPool().allocate()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void a_size_that_is_not_positive_is_refused() {
        assertThatThrownBy(() -> new ThreadCachedBufferPool(0, true)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0");
        assertThatThrownBy(() -> new ThreadCachedBufferPool(-5, false)).isInstanceOf(IllegalArgumentException.class);
    }
}
