package io.gatehouse.core.server;

import io.gatehouse.core.config.EntryPointConfig;
import io.gatehouse.core.tls.TlsSnapshot;
import io.undertow.Undertow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.Xnio;
import org.xnio.XnioWorker;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where a TLS handshake's work runs and how often: the engine's delegated tasks (key exchange,
 * signature) go to the handshake executor, never the IO thread, and only while a connection
 * handshakes: keep-alive requests on it cause none.
 */
@Timeout(60)
class TlsHandshakeTasksTest {

    private XnioWorker worker;
    private EntryPointServer server;
    /** The threads the handshake tasks ran on, one entry per task. */
    private final List<String> taskThreads = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        worker = Xnio.getInstance(Undertow.class.getClassLoader()).createWorker(OptionMap.builder()
                .set(Options.WORKER_NAME, "tasks-test")
                .set(Options.WORKER_IO_THREADS, 1)
                .set(Options.WORKER_TASK_CORE_THREADS, 2)
                .set(Options.WORKER_TASK_MAX_THREADS, 2)
                .getMap());
        Executor recording = task -> worker.execute(() -> {
            taskThreads.add(Thread.currentThread().getName());
            task.run();
        });
        TlsSnapshot tls = TlsSnapshot.empty(); // the generated default certificate, default options
        server = new EntryPointServer("websecure", EntryPointConfig.of(":0"), worker,
                exchange -> exchange.getResponseSender().send("ok"), () -> tls, recording);
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.beginDrain();
        worker.shutdownNow();
    }

    /** The production wiring (no executor given): a handshake starts the worker's first task thread. */
    @Test
    void byDefaultHandshakesRunOnTheWorkersTaskThreads() throws Exception {
        String name = "default-wiring-" + System.nanoTime();
        XnioWorker own = Xnio.getInstance(Undertow.class.getClassLoader()).createWorker(OptionMap.builder()
                .set(Options.WORKER_NAME, name)
                .set(Options.WORKER_IO_THREADS, 1)
                .set(Options.WORKER_TASK_CORE_THREADS, 1)
                .set(Options.WORKER_TASK_MAX_THREADS, 1)
                .getMap());
        TlsSnapshot tls = TlsSnapshot.empty();
        EntryPointServer plainWiring = new EntryPointServer("web", EntryPointConfig.of(":0"), own,
                exchange -> exchange.getResponseSender().send("ok"), () -> tls);
        try {
            plainWiring.start();
            assertThat(taskThreadsOf(name)).isZero(); // XNIO starts task threads only when given a task
            try (TlsClient client = TlsClient.connect(plainWiring.port(), null, TlsClient.trustingAnything())) {
                assertThat(client.get("a.test", "/").body()).isEqualTo("ok");
            }
            assertThat(taskThreadsOf(name)).isEqualTo(1);
        } finally {
            plainWiring.beginDrain();
            own.shutdownNow();
        }
    }

    private static long taskThreadsOf(String workerName) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith(workerName + " task-")).count();
    }

    @Test
    void handshakeTasksRunOffTheIoThreadAndOnlyWhileHandshaking() throws Exception {
        try (TlsClient client = TlsClient.connect(server.port(), null, TlsClient.trustingAnything())) {
            assertThat(client.get("a.test", "/").body()).isEqualTo("ok");
            int afterHandshake = taskThreads.size();
            assertThat(afterHandshake).isPositive();
            assertThat(taskThreads).noneMatch(name -> name.contains("I/O"));

            for (int i = 0; i < 50; i++) {
                assertThat(client.get("a.test", "/").status()).isEqualTo(200);
            }
            assertThat(taskThreads).hasSize(afterHandshake); // keep-alive requests do not handshake again

            try (TlsClient second = TlsClient.connect(server.port(), "b.test", TlsClient.trustingAnything())) {
                assertThat(second.get("b.test", "/").body()).isEqualTo("ok");
            }
            assertThat(taskThreads.size()).isGreaterThan(afterHandshake); // a new connection handshakes
            assertThat(taskThreads).noneMatch(name -> name.contains("I/O"));
        }
    }
}
