package io.gatehouse.core.server;

import io.gatehouse.core.config.DynamicConfig;
import io.gatehouse.core.config.HealthCheckConfig;
import io.gatehouse.core.config.HttpConfig;
import io.gatehouse.core.config.LoadBalancerConfig;
import io.gatehouse.core.config.PassiveHealthCheckConfig;
import io.gatehouse.core.config.RouterConfig;
import io.gatehouse.core.config.ServerConfig;
import io.gatehouse.core.config.ServiceConfig;
import io.gatehouse.core.provider.ConfigSink;
import io.gatehouse.core.provider.Provider;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** A reload that rebuilds a service keeps the health of its unchanged servers. */
@Timeout(60)
class HealthAcrossReloadTest {

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Manual provider = new Manual();
    private Gatehouse gatehouse;

    static final class Manual implements Provider {
        volatile ConfigSink sink;

        @Override
        public String name() {
            return "manual";
        }

        @Override
        public void start(ConfigSink sink) {
            this.sink = sink;
        }

        @Override
        public void close() {
        }
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private String backend(HttpHandler handler) {
        Undertow server = Undertow.builder().setIoThreads(1).addHttpListener(0, "127.0.0.1", handler).build();
        server.start();
        toClose.add(server::stop);
        return "http://127.0.0.1:" + ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    private String counting(String name, AtomicInteger hits, int status) {
        return backend(exchange -> {
            if (!exchange.getRequestPath().equals("/health")) {
                hits.incrementAndGet();
            }
            exchange.setStatusCode(status);
            exchange.getResponseSender().send(name);
        });
    }

    private void start() {
        gatehouse = Gatehouse.builder().ioThreads(1).entryPoint("web", "127.0.0.1:0")
                .providersThrottleDuration(Duration.ZERO).provider(provider).start();
        toClose.add(gatehouse);
    }

    private void publish(LoadBalancerConfig lb) throws InterruptedException {
        RouterConfig router = new RouterConfig(List.of(), "PathPrefix(`/`)", null, 0, List.of(), "s");
        provider.sink.publish(new DynamicConfig(new HttpConfig(Map.of("r", router), Map.of("s", new ServiceConfig(lb)),
                null, null), null));
        assertThat(gatehouse.awaitConfigApplied(Duration.ofSeconds(30))).isTrue();
    }

    private HttpResponse<String> get() throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gatehouse.port("web") + "/app")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static LoadBalancerConfig lb(boolean passHostHeader, HealthCheckConfig active, PassiveHealthCheckConfig passive,
                                         String... urls) {
        return new LoadBalancerConfig(java.util.Arrays.stream(urls).map(ServerConfig::of).toList(), passHostHeader, null,
                null, null, null, active, passive);
    }

    @Test
    void anEjectedServerStaysEjectedAfterAnUnrelatedEditOfItsService() throws Exception {
        AtomicInteger aHits = new AtomicInteger();
        AtomicInteger bHits = new AtomicInteger();
        AtomicInteger cHits = new AtomicInteger();
        String a = counting("a", aHits, 200);
        String b = counting("b", bHits, 500);
        String c = counting("c", cHits, 200);
        PassiveHealthCheckConfig passive = new PassiveHealthCheckConfig(Duration.ofHours(1), 1);
        start();
        publish(lb(true, null, passive, a, b));
        while (bHits.get() == 0) {
            get();
        }
        // an edit of the service (another server, passHostHeader): it is rebuilt, b's ejection goes on
        publish(lb(false, null, passive, a, b, c));
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            seen.add(get().body());
        }
        assertThat(bHits.get()).isEqualTo(1);
        assertThat(seen).containsOnly("a", "c").contains("a", "c");
    }

    @Test
    void aChangedHealthConfigurationStartsAfresh() throws Exception {
        AtomicInteger aHits = new AtomicInteger();
        AtomicInteger bHits = new AtomicInteger();
        String a = counting("a", aHits, 200);
        String b = counting("b", bHits, 500);
        start();
        publish(lb(true, null, new PassiveHealthCheckConfig(Duration.ofHours(1), 1), a, b));
        while (bHits.get() == 0) {
            get();
        }
        publish(lb(true, null, new PassiveHealthCheckConfig(Duration.ofHours(1), 2), a, b));
        for (int i = 0; i < 30; i++) {
            get();
        }
        assertThat(bHits.get()).isEqualTo(3); // one before the reload, then two more until ejected again
    }

    @Test
    void aServerFoundDownByActiveChecksStaysDownAfterAReload() throws Exception {
        AtomicInteger aHits = new AtomicInteger();
        AtomicInteger bHits = new AtomicInteger();
        String a = counting("a", aHits, 200);
        String b = counting("b", bHits, 503);
        // checked every 200 ms while up, every hour once down
        HealthCheckConfig active = new HealthCheckConfig(null, null, "/health", null, 0, 0, Duration.ofMillis(200),
                Duration.ofHours(1), Duration.ofSeconds(5), null, true, Map.of());
        start();
        publish(lb(true, active, null, a, b));
        // wait until b's check failed: no more traffic reaches it
        int quiet = 0;
        while (quiet < 10) {
            int before = bHits.get();
            get();
            quiet = bHits.get() == before ? quiet + 1 : 0;
        }
        int hitsBefore = bHits.get();
        publish(lb(false, active, null, a, b));
        for (int i = 0; i < 30; i++) {
            assertThat(get().body()).isEqualTo("a");
        }
        assertThat(bHits.get()).isEqualTo(hitsBefore);
    }
}
