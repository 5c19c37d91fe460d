package io.gatehouse.core.service.composite;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one HTTP client every mirroring service sends with (the JDK's: asynchronous, pooled). Its two daemon threads
 * also start each send, so an IO thread never waits for a mirror, not even for a connect or a name lookup.
 */
final class MirrorClient {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private static final AtomicInteger THREADS = new AtomicInteger();
    static final ExecutorService EXECUTOR = Executors.newFixedThreadPool(2, task -> {
        Thread thread = new Thread(task, "gatehouse-mirror-" + THREADS.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    });
    static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(CONNECT_TIMEOUT)
            .executor(EXECUTOR)
            .build();

    private MirrorClient() {
    }
}
