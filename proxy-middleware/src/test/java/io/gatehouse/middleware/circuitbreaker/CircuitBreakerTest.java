package io.gatehouse.middleware.circuitbreaker;

import io.gatehouse.core.config.ConfigException;
import io.gatehouse.core.middleware.Middleware;
import io.gatehouse.middleware.testing.TrafficTestProxy;
import io.undertow.server.HttpHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(60)
class CircuitBreakerTest {

    /** A backend answering a settable status, counting what reaches it. */
    private static final class Backend {
        final AtomicInteger status = new AtomicInteger(500);
        final AtomicInteger hits = new AtomicInteger();
        final HttpHandler handler = exchange -> {
            hits.incrementAndGet();
            exchange.setStatusCode(status.get());
            exchange.getResponseSender().send("from backend");
        };
    }

    /** Sends requests until one gets {@code status} (the breaker flips just after a response completes). */
    private static HttpResponse<String> until(TrafficTestProxy proxy, int status) throws Exception {
        HttpResponse<String> response = null;
        for (int i = 0; i < 500; i++) {
            response = proxy.get("/");
            if (response.statusCode() == status) {
                return response;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("never got " + status + ", last: " + response.statusCode());
    }

    @Test
    void opensOnTheResponseCodeRatioAndAnswersTheFallbackWithoutCallingTheBackend() throws Exception {
        Backend backend = new Backend();
        CircuitBreaker breaker = CircuitBreaker.of(CircuitBreakerConfig.of("ResponseCodeRatio(500, 600, 0, 600) > 0.5")
                .withDurations(Duration.ofMillis(1), Duration.ofHours(1), Duration.ofHours(1)));
        try (TrafficTestProxy proxy = TrafficTestProxy.start(breaker, backend.handler)) {
            assertThat(proxy.get("/").statusCode()).isEqualTo(500);
            HttpResponse<String> fallback = until(proxy, 503);
            assertThat(fallback.body()).isEqualTo("Service Unavailable\n");
            int hits = backend.hits.get();
            backend.status.set(200);
            for (int i = 0; i < 5; i++) {
                assertThat(proxy.get("/").statusCode()).isEqualTo(503);
            }
            assertThat(backend.hits.get()).isEqualTo(hits);
        }
    }

    @Test
    void staysClosedWhileTheExpressionDoesNotHold() throws Exception {
        Backend backend = new Backend();
        backend.status.set(200);
        CircuitBreaker breaker = CircuitBreaker.of(CircuitBreakerConfig.of("ResponseCodeRatio(500, 600, 0, 600) > 0.5")
                .withDurations(Duration.ofMillis(1), Duration.ofHours(1), Duration.ofHours(1)));
        try (TrafficTestProxy proxy = TrafficTestProxy.start(breaker, backend.handler)) {
            for (int i = 0; i < 30; i++) {
                assertThat(proxy.get("/").statusCode()).isEqualTo(200);
            }
            assertThat(backend.hits.get()).isEqualTo(30);
        }
    }

    @Test
    void recoversAfterTheFallbackDurationAndClosesWhenHealthy() throws Exception {
        Backend backend = new Backend();
        CircuitBreaker breaker = CircuitBreaker.of(CircuitBreakerConfig.of("ResponseCodeRatio(500, 600, 0, 600) > 0.5")
                .withDurations(Duration.ofMillis(1), Duration.ofMillis(200), Duration.ofMillis(200))
                .withResponseCode(429));
        try (TrafficTestProxy proxy = TrafficTestProxy.start(breaker, backend.handler)) {
            assertThat(proxy.get("/").statusCode()).isEqualTo(500);
            until(proxy, 429);
            backend.status.set(200);
            until(proxy, 200);
            // after the recovery duration the breaker is closed: every request passes
            Thread.sleep(250);
            for (int i = 0; i < 20; i++) {
                assertThat(proxy.get("/").statusCode()).isEqualTo(200);
            }
        }
    }

    @Test
    void networkErrorsCountAs502And504() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        CircuitBreaker breaker = CircuitBreaker.of(CircuitBreakerConfig.of("NetworkErrorRatio() > 0.5")
                .withDurations(Duration.ofMillis(1), Duration.ofHours(1), Duration.ofHours(1)).withResponseCode(429));
        try (TrafficTestProxy proxy = TrafficTestProxy.start(breaker, "http://127.0.0.1:" + closedPort)) {
            assertThat(proxy.get("/").statusCode()).isEqualTo(502);
            assertThat(until(proxy, 429).body()).isEqualTo("Too Many Requests\n");
        }
    }

    @Test
    void opensOnLatency() throws Exception {
        HttpHandler slow = exchange -> {
            if (exchange.isInIoThread()) {
                exchange.dispatch(exchange1 -> {
                    Thread.sleep(60);
                    exchange1.getResponseSender().send("slow");
                });
                return;
            }
        };
        CircuitBreaker breaker = CircuitBreaker.of(CircuitBreakerConfig.of("LatencyAtQuantileMS(50.0) > 20")
                .withDurations(Duration.ofMillis(1), Duration.ofHours(1), Duration.ofHours(1)));
        try (TrafficTestProxy proxy = TrafficTestProxy.start(breaker, slow)) {
            assertThat(proxy.get("/").statusCode()).isEqualTo(200);
            until(proxy, 503);
        }
    }

    @Test
    void bindsFromYamlWithTraefiksDefaults() throws Exception {
        Middleware m = TrafficTestProxy.middlewareFromYaml("""
                http:
                  middlewares:
                    m:
                      circuitBreaker:
                        expression: "LatencyAtQuantileMS(50.0) > 100 || NetworkErrorRatio() > 0.30"
                """, "m");
        CircuitBreakerConfig config = ((CircuitBreaker) m).config();
        assertThat(config.checkPeriod()).isEqualTo(Duration.ofMillis(100));
        assertThat(config.fallbackDuration()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.recoveryDuration()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.responseCode()).isEqualTo(503);
        Middleware all = TrafficTestProxy.middlewareFromYaml("""
                http:
                  middlewares:
                    m:
                      circuitBreaker:
                        expression: "ResponseCodeRatio(500, 600, 0, 600) > 0.25"
                        checkPeriod: 1s
                        fallbackDuration: 30s
                        recoveryDuration: 1m
                        responseCode: 502
                """, "m");
        assertThat(((CircuitBreaker) all).config()).isEqualTo(new CircuitBreakerConfig(
                "ResponseCodeRatio(500, 600, 0, 600) > 0.25", Duration.ofSeconds(1), Duration.ofSeconds(30),
                Duration.ofMinutes(1), 502));
    }

    @Test
    void badOptionsAreClearErrors() {
        assertBad("expression: \"NetworkErrorRatio() >\"", "http.middlewares.m.circuitBreaker",
                "expression: expected a function call or a number at position 22");
        assertBad("expression: \"networkErrorRatio() > 0.5\"", "http.middlewares.m.circuitBreaker",
                "did you mean NetworkErrorRatio?");
        assertBad("expression: \"ResponseCodeRatio(600, 500, 0, 600) > 0.5\"", "http.middlewares.m.circuitBreaker",
                "from < to");
        assertBad("expression: \"ResponseCodeRatio(500, 600) > 0.5\"", "http.middlewares.m.circuitBreaker",
                "ResponseCodeRatio takes 4 arguments, got 2");
        assertBad("expression: \"LatencyAtQuantileMS(101) > 5\"", "http.middlewares.m.circuitBreaker", "quantile");
        assertBad("expression: \"NetworkErrorRatio() > 0.5 and 1 > 0\"", "http.middlewares.m.circuitBreaker",
                "expected && or || or the end of the expression at position 27");
        assertBad("responseCode: 42\n        expression: \"NetworkErrorRatio() > 0.5\"",
                "http.middlewares.m.circuitBreaker", "responseCode must be an HTTP status");
        assertBad("checkPeriod: soon\n        expression: \"NetworkErrorRatio() > 0.5\"",
                "http.middlewares.m.circuitBreaker.checkPeriod", "duration");
        assertBad("fallbackDuration: 1000000h\n        expression: \"NetworkErrorRatio() > 0.5\"",
                "http.middlewares.m.circuitBreaker", "fallbackDuration must be at most");
        assertBad("checkPeriod: -1s\n        expression: \"NetworkErrorRatio() > 0.5\"",
                "http.middlewares.m.circuitBreaker.checkPeriod", "negative");
        assertThatThrownBy(() -> TrafficTestProxy.middlewareFromYaml(
                "http:\n  middlewares:\n    m:\n      circuitBreaker:\n        checkPeriod: 1s\n", "m"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("http.middlewares.m.circuitBreaker.expression")
                .hasMessageContaining("expression is required");
    }

    private static void assertBad(String options, String path, String message) {
        String doc = "http:\n  middlewares:\n    m:\n      circuitBreaker:\n        " + options + "\n";
        assertThatThrownBy(() -> TrafficTestProxy.middlewareFromYaml(doc, "m"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(path + ":")
                .hasMessageContaining(message);
    }
}
