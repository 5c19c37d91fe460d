package io.gatehouse.middleware.ratelimit;

import io.gatehouse.core.config.ConfigException;
import io.gatehouse.core.middleware.Middleware;
import io.gatehouse.middleware.source.SourceCriterion;
import io.gatehouse.middleware.testing.TrafficTestProxy;
import io.undertow.server.HttpHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(60)
class RateLimitTest {

    private static final long MS = 1_000_000L;
    private static final HttpHandler OK = exchange -> exchange.getResponseSender().send("ok");

    @Test
    void burstPassesThenTheNextWaitsOrIsRefusedAsGoRateLimiter() {
        // 10/s: one token per 100ms; maxDelay is half of that (50ms), as Traefik.
        RateLimit limit = new RateLimit(RateLimitConfig.of(10, Duration.ofSeconds(1)).withBurst(3));
        assertThat(limit.reserve("a", 0)).isZero();
        assertThat(limit.reserve("a", 0)).isZero();
        assertThat(limit.reserve("a", 0)).isZero();
        assertThat(limit.reserve("a", 0)).isEqualTo(-100 * MS);          // refused: due in 100ms
        assertThat(limit.reserve("a", 60 * MS)).isEqualTo(40 * MS);      // due in 40ms: held, then passes
        assertThat(limit.reserve("a", 60 * MS)).isEqualTo(-140 * MS);    // a refused request took no token
        assertThat(limit.reserve("b", 0)).isZero();                       // sources are separate
        assertThat(limit.reserve("a", 10_000 * MS)).isZero();             // refilled after idling
        assertThat(limit.reserve("a", 10_000 * MS)).isZero();
        assertThat(limit.reserve("a", 10_000 * MS)).isZero();
        assertThat(limit.reserve("a", 10_000 * MS)).isNegative();         // never more than burst at once
    }

    @Test
    void slowRatesWaitAtMostHalfASecond() {
        RateLimit limit = new RateLimit(RateLimitConfig.of(1, Duration.ofMinutes(1)));
        assertThat(limit.reserve("a", 0)).isZero();
        assertThat(limit.reserve("a", 59_600 * MS)).isEqualTo(400 * MS);
        assertThat(limit.reserve("a", 60_000 * MS)).isEqualTo(-60_000 * MS);
    }

    @Test
    void aMillionDistinctSourcesKeepTheTableBounded() {
        RateLimit limit = new RateLimit(RateLimitConfig.of(1, Duration.ofSeconds(1)));
        long now = System.nanoTime();
        for (int i = 0; i < 1_000_000; i++) {
            limit.reserve("10." + (i >>> 16) + "." + ((i >>> 8) & 0xff) + "." + (i & 0xff), now);
        }
        assertThat(limit.trackedSources()).isLessThanOrEqualTo(RateLimit.MAX_SOURCES);
        assertThat(limit.trackedSources()).isGreaterThan(0);
    }

    @Test
    void extremeValuesStayCorrect() {
        RateLimit huge = new RateLimit(RateLimitConfig.of(Long.MAX_VALUE, Duration.ofSeconds(1)).withBurst(Long.MAX_VALUE));
        for (int i = 0; i < 1000; i++) {
            assertThat(huge.reserve("a", 0)).isZero();
        }
        RateLimit slow = new RateLimit(RateLimitConfig.of(1, RateLimitConfig.MAX_PERIOD).withBurst(Long.MAX_VALUE));
        assertThat(slow.reserve("a", 0)).isZero();
        RateLimit oncePerCentury = new RateLimit(RateLimitConfig.of(1, RateLimitConfig.MAX_PERIOD));
        assertThat(oncePerCentury.reserve("a", 0)).isZero();
        assertThat(oncePerCentury.reserve("a", 0)).isEqualTo(-RateLimitConfig.MAX_PERIOD.toNanos());
    }

    @Test
    void averageZeroMeansNoLimitAsTraefik() throws Exception {
        Middleware limit = RateLimit.of(0, Duration.ofSeconds(1));
        try (TrafficTestProxy proxy = TrafficTestProxy.start(limit, OK)) {
            for (int i = 0; i < 20; i++) {
                assertThat(proxy.get("/").statusCode()).isEqualTo(200);
            }
        }
    }

    @Test
    void refusesOverTheLimitWith429AndRetryAfter() throws Exception {
        RateLimit limit = new RateLimit(RateLimitConfig.of(1, Duration.ofMinutes(1)).withBurst(2));
        try (TrafficTestProxy proxy = TrafficTestProxy.start(limit, OK)) {
            assertThat(proxy.get("/").statusCode()).isEqualTo(200);
            assertThat(proxy.get("/").statusCode()).isEqualTo(200);
            HttpResponse<String> refused = proxy.get("/");
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(refused.body()).isEqualTo("Too Many Requests\n");
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("60");
            assertThat(refused.headers().firstValue("X-Retry-In").orElseThrow()).matches("(59\\.\\d+s|1m0s)");
        }
    }

    @Test
    void aRequestDueWithinTheMaxDelayIsHeldThenServed() throws Exception {
        // 199 per 100s: a token every ~502.5ms, maxDelay 500ms; after >= 50ms the next is due within it.
        RateLimit limit = new RateLimit(RateLimitConfig.of(199, Duration.ofSeconds(100)));
        try (TrafficTestProxy proxy = TrafficTestProxy.start(limit, OK)) {
            assertThat(proxy.get("/").statusCode()).isEqualTo(200);
            Thread.sleep(50);
            HttpResponse<String> held = proxy.get("/");
            assertThat(held.statusCode()).isEqualTo(200);
            assertThat(held.body()).isEqualTo("ok");
        }
    }

    @Test
    void sourcesByHeaderAreLimitedSeparately() throws Exception {
        RateLimit limit = new RateLimit(RateLimitConfig.of(1, Duration.ofMinutes(1))
                .withSourceCriterion(SourceCriterion.header("X-Client")));
        try (TrafficTestProxy proxy = TrafficTestProxy.start(limit, OK)) {
            assertThat(proxy.get("/", "X-Client", "a").statusCode()).isEqualTo(200);
            assertThat(proxy.get("/", "X-Client", "a").statusCode()).isEqualTo(429);
            assertThat(proxy.get("/", "X-Client", "b").statusCode()).isEqualTo(200);
            assertThat(proxy.get("/").statusCode()).isEqualTo(200);
            assertThat(proxy.get("/").statusCode()).isEqualTo(429);
        }
    }

    @Test
    void bindsEveryOptionFromYaml() throws Exception {
        Middleware m = TrafficTestProxy.middlewareFromYaml("""
                http:
                  middlewares:
                    m:
                      rateLimit:
                        average: 1
                        period: 1m
                        burst: 1
                        sourceCriterion:
                          ipStrategy:
                            depth: 1
                            excludedIPs: [10.0.0.0/8, 192.168.0.1]
                            ipv6Subnet: 64
                """, "m");
        RateLimitConfig config = ((RateLimit) m).config();
        assertThat(config.period()).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.sourceCriterion().ipStrategy().excludedIPs()).containsExactly("10.0.0.0/8", "192.168.0.1");
        try (TrafficTestProxy proxy = TrafficTestProxy.start(m, OK)) {
            assertThat(proxy.get("/", "X-Forwarded-For", "1.1.1.1").statusCode()).isEqualTo(200);
            assertThat(proxy.get("/", "X-Forwarded-For", "1.1.1.1").statusCode()).isEqualTo(429);
            assertThat(proxy.get("/", "X-Forwarded-For", "1.1.1.1, 2.2.2.2").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void defaultsAreTraefiks() throws Exception {
        Middleware m = TrafficTestProxy.middlewareFromYaml("""
                http:
                  middlewares:
                    m:
                      rateLimit: {}
                """, "m");
        assertThat(((RateLimit) m).config()).isEqualTo(RateLimitConfig.DEFAULTS);
        assertThat(RateLimitConfig.DEFAULTS.burst()).isEqualTo(1);
        assertThat(RateLimitConfig.DEFAULTS.period()).isEqualTo(Duration.ofSeconds(1));
        assertThat(new RateLimitConfig(5, null, 0, null, null).burst()).isEqualTo(1);
    }

    @Test
    void badOptionsAreClearErrorsAtTheirPath() {
        assertBad("average: -1", "http.middlewares.m.rateLimit", "average must be 0");
        assertBad("average: lots", "http.middlewares.m.rateLimit.average", "whole number");
        assertBad("burst: -5", "http.middlewares.m.rateLimit", "burst must be 0 or more");
        assertBad("period: -1s", "http.middlewares.m.rateLimit.period", "must not be negative");
        assertBad("period: 10 parsecs", "http.middlewares.m.rateLimit.period", "duration");
        assertBad("period: 1000000h", "http.middlewares.m.rateLimit", "period must be at most");
        assertBad("burts: 3", "http.middlewares.m.rateLimit.burts", "burst");
        assertBad("redis: {db: -1}", "http.middlewares.m.rateLimit.redis", "db: must be 0 or more");
        assertBad("sourceCriterion: {ipStrategy: {excludedIPs: [10.0.0.300]}}",
                "http.middlewares.m.rateLimit.sourceCriterion.ipStrategy", "excludedIPs[0]");
        assertBad("sourceCriterion: {ipStrategy: {ipv6Subnet: 200}}",
                "http.middlewares.m.rateLimit.sourceCriterion.ipStrategy", "ipv6Subnet");
        assertBad("sourceCriterion: {ipStrategy: {depth: -2}}",
                "http.middlewares.m.rateLimit.sourceCriterion.ipStrategy", "depth");
        assertBad("sourceCriterion: {requestHeaderName: X-A, requestHost: true}",
                "http.middlewares.m.rateLimit.sourceCriterion", "requestHeaderName and requestHost are mutually exclusive");
        assertBad("sourceCriterion: {requestHeaderName: 'a b'}",
                "http.middlewares.m.rateLimit.sourceCriterion", "requestHeaderName");
    }

    private static void assertBad(String options, String path, String message) {
        String yaml = "http:\n  middlewares:\n    m:\n      rateLimit: {" + options.replace(": ", ": ") + "}\n";
        if (!options.startsWith("{")) {
            yaml = "http:\n  middlewares:\n    m:\n      rateLimit:\n        " + options + "\n";
        }
        String doc = yaml;
        assertThatThrownBy(() -> TrafficTestProxy.middlewareFromYaml(doc, "m"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(path + ":")
                .hasMessageContaining(message);
    }
}
