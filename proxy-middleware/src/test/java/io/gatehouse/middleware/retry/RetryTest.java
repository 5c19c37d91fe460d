package io.gatehouse.middleware.retry;

import io.gatehouse.core.config.ConfigException;
import io.gatehouse.core.middleware.Middleware;
import io.gatehouse.middleware.testing.TrafficTestProxy;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(60)
class RetryTest {

    private final List<Undertow> servers = new ArrayList<>();
    private final AtomicInteger hits = new AtomicInteger();

    @AfterEach
    void stop() {
        servers.forEach(Undertow::stop);
    }

    private String live() {
        HttpHandler echoBody = exchange -> {
            hits.incrementAndGet();
            exchange.getRequestReceiver().receiveFullString((ex, body) ->
                    ex.getResponseSender().send(ex.getRequestMethod() + " " + body));
        };
        Undertow server = Undertow.builder().setIoThreads(1).addHttpListener(0, "127.0.0.1", echoBody).build();
        server.start();
        servers.add(server);
        return "http://127.0.0.1:" + ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    private static String dead() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }
    }

    private static List<Integer> statuses(TrafficTestProxy proxy, int n) throws Exception {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            statuses.add(proxy.get("/").statusCode());
        }
        return statuses;
    }

    @Test
    void withoutRetryTheServiceAloneMovesRefusedRequestsToTheOtherServers() throws Exception {
        // the service tries each of its servers at most once (#4), so two dead servers of three cost nothing
        try (TrafficTestProxy proxy = TrafficTestProxy.startWithServers(Retry.of(1), dead(), dead(), live())) {
            assertThat(statuses(proxy, 10)).containsOnly(200);
            assertThat(hits.get()).isEqualTo(10);
        }
    }

    @Test
    void withoutRetryASingleDeadServerFails() throws Exception {
        try (TrafficTestProxy proxy = TrafficTestProxy.startWithServers(Retry.of(1), dead())) {
            assertThat(statuses(proxy, 3)).containsOnly(502);
        }
    }

    @Test
    void aRequestThatCouldNotReachAServerIsRetriedOnTheNext() throws Exception {
        try (TrafficTestProxy proxy = TrafficTestProxy.startWithServers(Retry.of(3), dead(), dead(), live())) {
            assertThat(statuses(proxy, 10)).containsOnly(200);
            assertThat(hits.get()).isEqualTo(10);
        }
    }

    @Test
    void nonIdempotentRequestsAreRetriedWithTheirBodyBecauseNothingWasSent() throws Exception {
        try (TrafficTestProxy proxy = TrafficTestProxy.startWithServers(
                Retry.of(RetryConfig.of(3).withInitialInterval(Duration.ofMillis(5))), dead(), dead(), live())) {
            for (int i = 0; i < 6; i++) {
                HttpResponse<String> response = proxy.client().send(HttpRequest.newBuilder(proxy.uri("/"))
                        .POST(HttpRequest.BodyPublishers.ofString("payload " + i)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body()).isEqualTo("POST payload " + i);
            }
        }
    }

    @Test
    void givesUpAfterTheAttemptsWithTheLastFailure() throws Exception {
        try (TrafficTestProxy proxy = TrafficTestProxy.startWithServers(
                Retry.of(RetryConfig.of(4).withInitialInterval(Duration.ofMillis(10))), dead(), dead())) {
            HttpResponse<String> response = proxy.get("/");
            assertThat(response.statusCode()).isEqualTo(502);
            assertThat(response.body()).isEqualTo("Bad Gateway\n");
        }
    }

    @Test
    void stopsRetryingAfterTheTimeout() throws Exception {
        Retry retry = Retry.of(RetryConfig.of(1_000_000).withInitialInterval(Duration.ofMillis(20))
                .withTimeout(Duration.ofMillis(200)));
        try (TrafficTestProxy proxy = TrafficTestProxy.startWithServers(retry, dead())) {
            assertThat(proxy.get("/").statusCode()).isEqualTo(502);
        }
    }

    @Test
    void bindsEveryTraefikOption() throws Exception {
        Middleware m = TrafficTestProxy.middlewareFromYaml("""
                http:
                  middlewares:
                    m:
                      retry:
                        attempts: 4
                        initialInterval: 100ms
                        timeout: 60s
                        maxRequestBodyBytes: 1024
                        retryNonIdempotentMethod: true
                """, "m");
        RetryConfig config = ((Retry) m).config();
        assertThat(config.attempts()).isEqualTo(4);
        assertThat(config.initialInterval()).isEqualTo(Duration.ofMillis(100));
        assertThat(config.timeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.maxRequestBodyBytes()).isEqualTo(1024);
        Middleware minimal = TrafficTestProxy.middlewareFromYaml(
                "http:\n  middlewares:\n    m:\n      retry:\n        attempts: 2\n", "m");
        assertThat(((Retry) minimal).config().maxRequestBodyBytes()).isEqualTo(-1);
        assertThat(((Retry) minimal).config().initialInterval()).isZero();
    }

    @Test
    void badOptionsAreClearErrors() {
        assertBad("attempts: 0", "attempts must be at least 1");
        assertBad("initialInterval: 1s", "attempts must be at least 1");
        assertBad("attempts: -2", "attempts must be at least 1");
        assertBad("attempts: 2\n        timeout: 1000000h", "at most 36500 days");
        assertBad("attempts: 2\n        maxRequestBodyBytes: -5", "maxRequestBodyBytes must be -1");
        assertBad("attempts: 2\n        disableRetryOnNetworkError: true", "disableRetryOnNetworkError needs status");
        assertBad("attempts: 2\n        status: [\"600\"]", "status[0]: expected a status code or a range");
        assertBad("attempts: 2\n        status: [\"599-500\"]", "status[0]");
        assertBad("attempts: 2\n        status: [\"5xx\"]", "status[0]");
    }

    @Test
    void malformedStatusRangesAreClearErrors() {
        assertBad("attempts: 2\n        status: [\"abc\"]",
                "status[0]: expected a status code or a range such as 500-599 (got 'abc'; codes are numbers)");
        assertBad("attempts: 2\n        status: [\"600-700\"]",
                "status[0]: expected a status code or a range such as 500-599 (got '600-700'; codes are 100 to 599)");
        assertBad("attempts: 2\n        status: [\"599-500\"]", "(got '599-500'; the range ends before it starts)");
        assertBad("attempts: 2\n        status: [\"\"]",
                "status[0]: expected a status code or a range such as 500-599 (got ''; codes are numbers)");
        assertBad("attempts: 2\n        status: [\"500\", \"500-599-600\"]", "status[1]:");
        assertBad("attempts: 2\n        status: [\"500-\"]", "(got '500-'; codes are numbers)");
        assertBad("attempts: 2\n        status: [\"-1\"]", "status[0]");
        assertBad("attempts: 2\n        status: [\"99\"]", "codes are 100 to 599");
    }

    @Test
    void statusIsBound() throws Exception {
        Middleware m = TrafficTestProxy.middlewareFromYaml("http:\n  middlewares:\n    m:\n      retry:\n        attempts: 3\n"
                + "        status: [\"503\", \"500-502\"]\n        disableRetryOnNetworkError: true\n", "m");
        RetryConfig config = ((Retry) m).config();
        assertThat(config.status()).containsExactly("503", "500-502");
        assertThat(config.disableRetryOnNetworkError()).isTrue();
    }

    private static void assertBad(String options, String message) {
        String doc = "http:\n  middlewares:\n    m:\n      retry:\n        " + options + "\n";
        assertThatThrownBy(() -> TrafficTestProxy.middlewareFromYaml(doc, "m"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("http.middlewares.m.retry:")
                .hasMessageContaining(message);
    }
}
