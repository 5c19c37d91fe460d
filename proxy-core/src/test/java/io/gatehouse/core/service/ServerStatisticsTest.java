package io.gatehouse.core.service;

import io.gatehouse.core.testing.EchoHandler;
import io.gatehouse.core.testing.TestProxy;
import io.gatehouse.core.testing.TestServer;
import io.undertow.server.handlers.BlockingHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** The per-server statistics p2c and leasttime read, as the proxy path maintains them. */
@Timeout(60)
class ServerStatisticsTest {

    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    static void await(BooleanSupplier condition) throws InterruptedException {
        while (!condition.getAsBoolean()) {
            Thread.sleep(10); // bounded by the test's @Timeout
        }
    }

    @Test
    void aRequestIsInFlightUntilItsExchangeCompletes() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch arrived = new CountDownLatch(2);
        TestServer slow = TestServer.http(new BlockingHandler(exchange -> {
            arrived.countDown();
            release.await(30, TimeUnit.SECONDS);
            exchange.getResponseSender().send("done");
        }));
        try (slow; TestProxy proxy = TestProxy.to(slow.url())) {
            Server server = proxy.service().servers().get(0);
            assertThat(server.inFlight()).isZero();
            assertThat(server.responseTimeNanos()).isZero();
            HttpRequest request = HttpRequest.newBuilder(URI.create(proxy.url("/"))).build();
            CompletableFuture<HttpResponse<String>> one = CLIENT.sendAsync(request, HttpResponse.BodyHandlers.ofString());
            CompletableFuture<HttpResponse<String>> two = CLIENT.sendAsync(request, HttpResponse.BodyHandlers.ofString());
            assertThat(arrived.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(server.inFlight()).isEqualTo(2);
            release.countDown();
            assertThat(one.get().body()).isEqualTo("done");
            assertThat(two.get().body()).isEqualTo("done");
            await(() -> server.inFlight() == 0);
            assertThat(server.responseTimeNanos()).isPositive();
        }
    }

    @Test
    void aRetriedRequestStopsCountingOnTheServerItLeft() throws Exception {
        try (ResettingBackend resetting = new ResettingBackend(); TestServer good = TestServer.http(new EchoHandler("good"));
             TestProxy proxy = TestProxy.to(resetting.url(), good.url())) {
            for (int i = 0; i < 4; i++) {
                assertThat(CLIENT.send(HttpRequest.newBuilder(URI.create(proxy.url("/"))).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            }
            Server failing = proxy.service().servers().get(0);
            Server answering = proxy.service().servers().get(1);
            await(() -> failing.inFlight() == 0 && answering.inFlight() == 0);
            assertThat(failing.responseTimeNanos()).isPositive(); // a failed attempt counts as slow, not as fast
            assertThat(answering.responseTimeNanos()).isPositive();
        }
    }
}
