package io.gatehouse.middleware.ratelimit;

import io.gatehouse.middleware.testing.ProxiedMiddleware;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpResponse;

import static io.gatehouse.middleware.testing.HostileConfig.accepted;
import static io.gatehouse.middleware.testing.HostileConfig.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class RateLimitAdversarialTest {

    @ParameterizedTest
    @ValueSource(strings = {"average: -1", "average: abc", "average: 99999999999999999999999", "average: [1]", "average: 1.5.5"})
    void badAverageIsAnError(String option) {
        assertRejected("rateLimit", "average", option);
    }

    @ParameterizedTest
    @ValueSource(strings = {"burst: -1", "burst: x", "burst: 99999999999999999999999", "burst: {a: 1}"})
    void badBurstIsAnError(String option) {
        assertRejected("rateLimit", "burst", "average: 1\n" + option);
    }

    @ParameterizedTest
    @ValueSource(strings = {"period: -1s", "period: 1x", "period: \"\"", "period: 1.5", "period: 3000000h", "period: \"10 s\"",
            "period: 99999999999999999999", "period: [1s]"})
    void badPeriodIsAnError(String option) {
        assertRejected("rateLimit", "period", "average: 1\n" + option);
    }

    @Test
    void tinyPeriodWithHugeAverageDoesNotOverflow() {
        // 1ns period and Long.MAX_VALUE average: a refill interval far below one nanosecond; refused or accepted, never unchecked.
        try {
            accepted("rateLimit", "average: 9223372036854775807\nperiod: 1ns\nburst: 9223372036854775807");
        } catch (AssertionError refused) {
            assertThat(refused.getMessage()).containsIgnoringCase("rateLimit");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ipStrategy:\n    depth: -1", "ipStrategy:\n    depth: abc", "ipStrategy:\n    ipv6Subnet: 129",
            "ipStrategy:\n    ipv6Subnet: -1", "ipStrategy:\n    excludedIPs: [\"10.0.0.0/33\"]", "ipStrategy:\n    excludedIPs: [\"not-an-ip\"]",
            "ipStrategy:\n    excludedIPs: [\"\"]", "ipStrategy:\n    excludedIPs: [\"1.2.3.4/\"]", "ipStrategy:\n    excludedIPs: [\"::1/129\"]",
            "ipStrategy:\n    excludedIPs: [\"256.1.1.1\"]", "requestHeaderName: \"Bad Header\"",
            "requestHeaderName: \"X\\r\\nY\"", "ipStrategy:\n    depth: 1\n  requestHost: true", "requestHeaderName: X-A\n  requestHost: true"})
    void badSourceCriterionIsAnError(String criterion) {
        assertRejected("rateLimit", "sourceCriterion", "average: 1\nsourceCriterion:\n  " + criterion);
    }

    @ParameterizedTest
    @ValueSource(strings = {"endpoints: []", "endpoints: [\"\"]", "endpoints: [\"localhost\"]", "endpoints: [\"h:99999\"]",
            "endpoints: [\"h:-1\"]", "endpoints: [\"h\\r\\nx:1\"]", "endpoints: [\"a:1\", \"b:2\"]", "db: -1", "db: 1e99",
            "poolSize: -1", "minIdleConns: -1", "maxActiveConns: -2147483648", "readTimeout: -1s", "writeTimeout: forever",
            "dialTimeout: 9999h", "tls:\n    ca: /nonexistent/ca.pem", "tls:\n    cert: /nonexistent/c.pem",
            "tls:\n    key: /nonexistent/k.pem", "tls:\n    ca: \"\\u0000\"", "unknown: 1"})
    void badRedisIsAnError(String option) {
        assertRejected("rateLimit", "redis", "average: 1\nredis:\n  " + option);
    }

    @Test
    void floodBeyondBurstGets429WithRetryHeaders() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(accepted("rateLimit", "average: 1\nperiod: 1h\nburst: 3"))) {
            int ok = 0;
            int limited = 0;
            for (int i = 0; i < 20; i++) {
                HttpResponse<String> response = proxy.get("/");
                if (response.statusCode() == 200) {
                    ok++;
                } else {
                    assertThat(response.statusCode()).isEqualTo(429);
                    assertThat(response.headers().firstValue("Retry-After")).isPresent();
                    assertThat(Long.parseLong(response.headers().firstValue("Retry-After").orElseThrow())).isPositive();
                    assertThat(response.headers().firstValue("X-Retry-In")).isPresent();
                    limited++;
                }
            }
            assertThat(ok).isEqualTo(3);
            assertThat(limited).isEqualTo(17);
        }
    }

    @Test
    void spoofedAddressesBeyondTheDepthDoNotGrantNewBuckets() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.behindTrustedProxy(accepted("rateLimit",
                "average: 1\nperiod: 1h\nburst: 1\nsourceCriterion:\n  ipStrategy:\n    depth: 1"))) {
            int ok = 0;
            for (int i = 0; i < 10; i++) {
                if (proxy.get("/", "X-Forwarded-For", "10.0.0." + i + ", 9.9.9.9").statusCode() == 200) {
                    ok++;
                }
            }
            assertThat(ok).isEqualTo(1);
        }
    }

    @Test
    void requestsWithoutTheHeaderShareOneSourceAndHostileValuesAreSeparateSources() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(accepted("rateLimit",
                "average: 1\nperiod: 1h\nburst: 1\nsourceCriterion:\n  requestHeaderName: X-Tenant"))) {
            assertThat(proxy.get("/").statusCode()).isEqualTo(200);
            assertThat(proxy.get("/").statusCode()).isEqualTo(429);
            assertThat(proxy.get("/", "X-Tenant", "a".repeat(4000)).statusCode()).isEqualTo(200);
            assertThat(proxy.get("/", "X-Tenant", "é-ü").statusCode()).isEqualTo(200);
            assertThat(proxy.get("/", "X-Tenant", "é-ü").statusCode()).isEqualTo(429);
        }
    }

    @Test
    void averageZeroMeansNoLimit() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(accepted("rateLimit", "average: 0\nburst: 1"))) {
            for (int i = 0; i < 30; i++) {
                assertThat(proxy.get("/").statusCode()).isEqualTo(200);
            }
        }
    }

    @Test
    void excludedIpsAreSkippedFromTheRight() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.behindTrustedProxy(accepted("rateLimit",
                "average: 1\nperiod: 1h\nburst: 1\nsourceCriterion:\n  ipStrategy:\n    excludedIPs: [\"127.0.0.0/8\", \"10.0.0.0/8\"]"))) {
            assertThat(proxy.get("/", "X-Forwarded-For", "1.1.1.1, 10.0.0.1").statusCode()).isEqualTo(200);
            assertThat(proxy.get("/", "X-Forwarded-For", "1.1.1.1, 10.9.9.9").statusCode()).isEqualTo(429);
            assertThat(proxy.get("/", "X-Forwarded-For", "2.2.2.2, 10.0.0.1").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void malformedForwardedForDoesNotBreakTheLimiter() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.behindTrustedProxy(accepted("rateLimit",
                "average: 1\nperiod: 1h\nburst: 1\nsourceCriterion:\n  ipStrategy:\n    depth: 3"))) {
            for (String xff : new String[] {",,,", "not-an-ip", "1.1.1.1,,", "[::1]:80, x", "a".repeat(6000)}) {
                assertThat(proxy.get("/", "X-Forwarded-For", xff).statusCode()).as(xff).isIn(200, 429);
            }
        }
    }

    @Test
    void nullExcludedIpIsAnError() {
        assertRejected("rateLimit", "excludedIPs", "average: 1\nsourceCriterion:\n  ipStrategy:\n    excludedIPs: [\"10.0.0.1\", ~]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"period: 1e3s", "period: 1S", "period: \"1s \"", "period: \"+-1s\"", "period: \"1s1\""})
    void moreMalformedPeriodsAreErrors(String option) {
        assertRejected("rateLimit", "period", "average: 1\n" + option);
    }
}
