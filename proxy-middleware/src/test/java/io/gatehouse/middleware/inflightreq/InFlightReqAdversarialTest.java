package io.gatehouse.middleware.inflightreq;

import io.gatehouse.middleware.testing.ProxiedMiddleware;
import io.undertow.server.HttpHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.gatehouse.middleware.testing.HostileConfig.accepted;
import static io.gatehouse.middleware.testing.HostileConfig.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class InFlightReqAdversarialTest {

    @ParameterizedTest
    @ValueSource(strings = {"amount: 0", "amount: -1", "amount: abc", "amount: 99999999999999999999999", "amount: ~", "amount: [1]", "amount: 1.5"})
    void badAmountIsAnError(String option) {
        assertRejected("inFlightReq", "amount", option);
    }

    @Test
    void missingAmountIsAnError() {
        assertRejected("inFlightReq", "amount", "sourceCriterion:\n  requestHost: true");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ipStrategy:\n    depth: -2", "ipStrategy:\n    excludedIPs: [\"1.2.3.4/40\"]",
            "requestHeaderName: X\n  requestHost: true", "ipStrategy:\n    ipv6Subnet: 200"})
    void badSourceCriterionIsAnError(String criterion) {
        assertRejected("inFlightReq", "sourceCriterion", "amount: 1\nsourceCriterion:\n  " + criterion);
    }

    @Test
    void floodBeyondAmountGets429AndSlotsComeBack() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch arrived = new CountDownLatch(2);
        HttpHandler slow = exchange -> {
            if (exchange.isInIoThread()) {
                exchange.dispatch(exchange.getConnection().getWorker(), () -> {
                    try {
                        arrived.countDown();
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    exchange.getResponseSender().send("done");
                });
            }
        };
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(accepted("inFlightReq", "amount: 2"), slow)) {
            HttpClient client = HttpClient.newHttpClient();
            List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                held.add(client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxy.port() + "/")).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            assertThat(arrived.await(30, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < 10; i++) {
                assertThat(proxy.get("/").statusCode()).isEqualTo(429);
            }
            release.countDown();
            for (CompletableFuture<HttpResponse<String>> f : held) {
                assertThat(f.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            }
            assertThat(proxy.get("/").statusCode()).isEqualTo(200);
        }
    }
}
