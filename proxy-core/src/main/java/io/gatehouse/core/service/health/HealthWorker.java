package io.gatehouse.core.service.health;

import io.undertow.connector.ByteBufferPool;
import io.undertow.server.DefaultByteBufferPool;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.Xnio;
import org.xnio.XnioIoThread;
import org.xnio.XnioWorker;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one thread that runs every active health check of every service: its timers schedule the checks and its
 * non-blocking client sends them, so no thread ever waits for a server. Created on first use; a daemon thread.
 */
final class HealthWorker {

    private static HealthWorker instance;

    final XnioIoThread thread;
    final ByteBufferPool buffers;

    private HealthWorker(XnioIoThread thread, ByteBufferPool buffers) {
        this.thread = thread;
        this.buffers = buffers;
    }

    static synchronized HealthWorker get() {
        if (instance == null) {
            try {
                XnioWorker worker = Xnio.getInstance().createWorker(OptionMap.builder()
                        .set(Options.WORKER_NAME, "gatehouse-health")
                        .set(Options.WORKER_IO_THREADS, 1)
                        .set(Options.WORKER_TASK_CORE_THREADS, 1)
                        .set(Options.WORKER_TASK_MAX_THREADS, 1)
                        .set(Options.THREAD_DAEMON, true)
                        .getMap());
                instance = new HealthWorker(worker.getIoThread(), new DefaultByteBufferPool(false, 8192, 64, 0));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the health check thread", e);
            }
        }
        return instance;
    }
}
