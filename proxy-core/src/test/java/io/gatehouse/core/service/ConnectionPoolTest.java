package io.gatehouse.core.service;

import io.gatehouse.core.config.ForwardingTimeouts;
import io.gatehouse.core.config.ServersTransportConfig;
import io.gatehouse.core.testing.EchoHandler;
import io.gatehouse.core.testing.TestProxy;
import io.gatehouse.core.testing.TestServer;
import io.undertow.server.HttpServerExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class ConnectionPoolTest {

    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    static void await(BooleanSupplier condition) throws InterruptedException {
        while (!condition.getAsBoolean()) { // bounded by @Timeout
            Thread.sleep(20);
        }
    }

    @Test
    void manyConcurrentRequestsToOneServerAreNotRejected() throws Exception {
        // The server answers only once all N requests are in flight at the same time: with Undertow's default
        // pool (10 connections per IO thread, no queue) most of them would get 503.
        int n = 120;
        Queue<HttpServerExchange> waiting = new ConcurrentLinkedQueue<>();
        AtomicInteger arrived = new AtomicInteger();
        TestServer backend = TestServer.http(exchange -> {
            waiting.add(exchange);
            exchange.dispatch(() -> { });
            if (arrived.incrementAndGet() == n) {
                for (HttpServerExchange e = waiting.poll(); e != null; e = waiting.poll()) {
                    HttpServerExchange ready = e;
                    ready.getIoThread().execute(() -> ready.getResponseSender().send("ok"));
                }
            }
        });
        try (backend; TestProxy proxy = TestProxy.to(backend.url())) {
            List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                responses.add(CLIENT.sendAsync(HttpRequest.newBuilder(URI.create(proxy.url("/" + i))).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            for (CompletableFuture<HttpResponse<String>> response : responses) {
                assertThat(response.get().statusCode()).isEqualTo(200);
            }
            assertThat(arrived.get()).isEqualTo(n);
        }
    }

    @Test
    void connectionsAreReused() throws Exception {
        AtomicInteger connections = new AtomicInteger();
        TestServer backend = TestServer.http(exchange -> {
            if (exchange.getConnection().getAttachment(SEEN) == null) {
                exchange.getConnection().putAttachment(SEEN, Boolean.TRUE);
                connections.incrementAndGet();
            }
            exchange.getResponseSender().send("ok");
        });
        try (backend; TestProxy proxy = TestProxy.to(backend.url())) {
            for (int i = 0; i < 20; i++) {
                assertThat(CLIENT.send(HttpRequest.newBuilder(URI.create(proxy.url("/"))).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            }
            // at most one connection per proxy IO thread
            assertThat(connections.get()).isBetween(1, 2);
        }
    }

    static final io.undertow.util.AttachmentKey<Boolean> SEEN = io.undertow.util.AttachmentKey.create(Boolean.class);

    @Test
    void idleConnectionsCloseAfterIdleConnTimeout() throws Exception {
        ServersTransportConfig transport = new ServersTransportConfig(null, false, List.of(), List.of(), 200,
                new ForwardingTimeouts(Duration.ofSeconds(5), Duration.ZERO, Duration.ofMillis(200)), false);
        try (TestServer backend = TestServer.http(new EchoHandler("a"));
             TestProxy proxy = TestProxy.to(List.of(backend.url()), transport)) {
            CLIENT.send(HttpRequest.newBuilder(URI.create(proxy.url("/"))).build(), HttpResponse.BodyHandlers.ofString());
            Server server = proxy.service().servers().get(0);
            assertThat(server.backend().openConnections()).isEqualTo(1);
            await(() -> server.backend().openConnections() == 0);
        }
    }

    @Test
    void closeReleasesIdleConnections() throws Exception {
        try (TestServer backend = TestServer.http(new EchoHandler("a"));
             TestProxy proxy = TestProxy.to(backend.url())) {
            CLIENT.send(HttpRequest.newBuilder(URI.create(proxy.url("/"))).build(), HttpResponse.BodyHandlers.ofString());
            Server server = proxy.service().servers().get(0);
            assertThat(server.backend().openConnections()).isEqualTo(1);
            proxy.service().close();
            await(() -> server.backend().openConnections() == 0);
        }
    }
}
