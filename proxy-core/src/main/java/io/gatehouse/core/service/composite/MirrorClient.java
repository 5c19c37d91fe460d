package io.gatehouse.core.service.composite;

import javax.net.ssl.SSLContext;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP client mirroring services send with (the JDK's: asynchronous, pooled). Its two daemon threads
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
    static final HttpClient CLIENT = builder().build();

    private MirrorClient() {
    }

    /**
     * A client with a serversTransport's TLS settings, for one mirror (its own connection pool, sharing the
     * executor). Dropped with the configuration that built it; the JDK stops its selector thread then.
     */
    static HttpClient withTls(SSLContext context) {
        return builder().sslContext(context).build();
    }

    private static HttpClient.Builder builder() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(CONNECT_TIMEOUT)
                .executor(EXECUTOR);
    }
}
