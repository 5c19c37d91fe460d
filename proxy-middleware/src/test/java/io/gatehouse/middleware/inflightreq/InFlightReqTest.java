package io.gatehouse.middleware.inflightreq;

import io.gatehouse.core.config.ConfigException;
import io.gatehouse.core.middleware.Middleware;
import io.gatehouse.middleware.source.SourceCriterion;
import io.gatehouse.middleware.testing.TrafficTestProxy;
import io.undertow.server.HttpHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(60)
class InFlightReqTest {

    /** A backend that holds each request until released, and counts arrivals. */
    private static final class HoldingBackend {
        final Semaphore arrived = new Semaphore(0);
        final CountDownLatch release = new CountDownLatch(1);
        final HttpHandler handler = exchange -> {
            if (exchange.isInIoThread()) {
                exchange.dispatch(this.handlerRef());
                return;
            }
            arrived.release();
            release.await(30, TimeUnit.SECONDS);
            exchange.getResponseSender().send("done");
        };

        HttpHandler handlerRef() {
            return handler;
        }
    }

    @Test
    void refusesOverTheAmountAndGivesSlotsBackWhenExchangesEnd() throws Exception {
        HoldingBackend backend = new HoldingBackend();
        try (TrafficTestProxy proxy = TrafficTestProxy.start(InFlightReq.of(2), backend.handler)) {
            HttpRequest request = HttpRequest.newBuilder(proxy.uri("/")).build();
            CompletableFuture<HttpResponse<String>> first = proxy.client().sendAsync(request, HttpResponse.BodyHandlers.ofString());
            CompletableFuture<HttpResponse<String>> second = proxy.client().sendAsync(request, HttpResponse.BodyHandlers.ofString());
            assertThat(backend.arrived.tryAcquire(2, 30, TimeUnit.SECONDS)).isTrue();
            HttpResponse<String> third = proxy.get("/");
            assertThat(third.statusCode()).isEqualTo(429);
            assertThat(third.body()).isEqualTo("Too Many Requests\n");
            backend.release.countDown();
            assertThat(first.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            assertThat(second.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            assertThat(proxy.get("/").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aClientThatGoesAwayGivesItsSlotBack() throws Exception {
        HoldingBackend backend = new HoldingBackend();
        InFlightReq limit = InFlightReq.of(1, SourceCriterion.header("X-Tenant"));
        try (TrafficTestProxy proxy = TrafficTestProxy.start(limit, backend.handler)) {
            try (Socket socket = new Socket("127.0.0.1", proxy.port())) {
                OutputStream out = socket.getOutputStream();
                out.write("GET / HTTP/1.1\r\nHost: example.com\r\nX-Tenant: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertThat(backend.arrived.tryAcquire(30, TimeUnit.SECONDS)).isTrue();
                assertThat(proxy.get("/", "X-Tenant", "a").statusCode()).isEqualTo(429);
            }
            backend.release.countDown();
            // the aborted exchange completes and its slot is freed: eventually a request passes again
            int status = 0;
            for (int i = 0; i < 200 && status != 200; i++) {
                status = proxy.get("/", "X-Tenant", "a").statusCode();
                if (status != 200) {
                    Thread.sleep(25);
                }
            }
            assertThat(status).isEqualTo(200);
            for (int i = 0; i < 400 && limit.trackedSources() != 0; i++) {
                Thread.sleep(5);
            }
            assertThat(limit.trackedSources()).isZero();
        }
    }

    @Test
    void sourcesAreCountedSeparatelyAndForgottenWhenIdle() throws Exception {
        HoldingBackend backend = new HoldingBackend();
        InFlightReq limit = InFlightReq.of(1, SourceCriterion.header("X-Tenant"));
        try (TrafficTestProxy proxy = TrafficTestProxy.start(limit, backend.handler)) {
            HttpRequest a = HttpRequest.newBuilder(proxy.uri("/")).header("X-Tenant", "a").build();
            CompletableFuture<HttpResponse<String>> held = proxy.client().sendAsync(a, HttpResponse.BodyHandlers.ofString());
            assertThat(backend.arrived.tryAcquire(30, TimeUnit.SECONDS)).isTrue();
            assertThat(proxy.get("/", "X-Tenant", "a").statusCode()).isEqualTo(429);
            assertThat(limit.trackedSources()).isEqualTo(1);
            backend.release.countDown();
            assertThat(proxy.get("/", "X-Tenant", "b").statusCode()).isEqualTo(200);
            assertThat(held.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            assertThat(proxy.get("/", "X-Tenant", "a").statusCode()).isEqualTo(200);
            // the completion listener runs just after the last byte goes out
            for (int i = 0; i < 400 && limit.trackedSources() != 0; i++) {
                Thread.sleep(5);
            }
            assertThat(limit.trackedSources()).isZero();
        }
    }

    @Test
    void bindsFromYamlWithTraefiksDefaultCriterion() throws Exception {
        Middleware m = TrafficTestProxy.middlewareFromYaml("""
                http:
                  middlewares:
                    m:
                      inFlightReq:
                        amount: 10
                        sourceCriterion:
                          requestHost: true
                """, "m");
        assertThat(m).isInstanceOf(InFlightReq.class);
    }

    @Test
    void badOptionsAreClearErrors() {
        assertBad("amount: 0", "http.middlewares.m.inFlightReq", "amount must be at least 1");
        assertBad("amount: -3", "http.middlewares.m.inFlightReq", "amount must be at least 1");
        assertBad("amount: many", "http.middlewares.m.inFlightReq.amount", "whole number");
        assertBad("{}", "http.middlewares.m.inFlightReq", "amount must be at least 1");
        assertBad("sourceCriterion: {ipStrategy: {excludedIPs: [nope]}}",
                "http.middlewares.m.inFlightReq.sourceCriterion.ipStrategy", "excludedIPs[0]");
    }

    private static void assertBad(String options, String path, String message) {
        String doc = options.equals("{}")
                ? "http:\n  middlewares:\n    m:\n      inFlightReq: {}\n"
                : "http:\n  middlewares:\n    m:\n      inFlightReq:\n        " + options + "\n";
        assertThatThrownBy(() -> TrafficTestProxy.middlewareFromYaml(doc, "m"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(path + ":")
                .hasMessageContaining(message);
    }
}
