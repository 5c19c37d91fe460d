package io.gatehouse.middleware.buffering;

import io.gatehouse.middleware.testing.ProxiedMiddleware;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.gatehouse.middleware.testing.HostileConfig.accepted;
import static io.gatehouse.middleware.testing.HostileConfig.assertRejected;
import static io.gatehouse.middleware.testing.HostileConfig.quoted;
import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class BufferingAdversarialTest {

    @ParameterizedTest
    @ValueSource(strings = {"maxRequestBodyBytes: -1", "maxRequestBodyBytes: abc", "maxRequestBodyBytes: 99999999999999999999999",
            "memRequestBodyBytes: -1", "memRequestBodyBytes: 268435457", "memRequestBodyBytes: 1.5",
            "maxResponseBodyBytes: -5", "maxResponseBodyBytes: [1]", "memResponseBodyBytes: 999999999999", "memResponseBodyBytes: -1"})
    void badSizesAreErrors(String option) {
        assertRejected("buffering", option.substring(0, option.indexOf(':')), option);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Attempts( < 2", "Attempts() <", "Foo()", "NetworkErrorRatio() > 0.5", "IsNetworkError() && ",
            "Attempts(1) < 2", "IsNetworkError", "((((", "ResponseCode() == abc", "isnetworkerror()"})
    void malformedRetryExpressionsAreErrors(String expr) {
        assertRejected("buffering", "retryExpression", "retryExpression: " + quoted(expr));
    }

    @Test
    void deeplyNestedRetryExpressionIsNotAStackOverflow() {
        String expr = "(".repeat(100_000) + "IsNetworkError()" + ")".repeat(100_000);
        try {
            accepted("buffering", "retryExpression: " + quoted(expr));
        } catch (AssertionError refused) {
            assertThat(refused.getMessage()).containsIgnoringCase("retryExpression");
        }
    }

    @Test
    void oversizedBodyGets413() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(accepted("buffering", "maxRequestBodyBytes: 10"))) {
            var declared = proxy.raw("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1000000000\r\nConnection: close\r\n\r\n0123456789ab");
            assertThat(declared.status()).isEqualTo(413);
            var chunked = proxy.raw("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                    + "8\r\n01234567\r\n8\r\n01234567\r\n0\r\n\r\n");
            assertThat(chunked.status()).isEqualTo(413);
            var fits = proxy.raw("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\nConnection: close\r\n\r\n0123456789");
            assertThat(fits.status()).isEqualTo(200);
        }
    }

    @Test
    void oversizedDeclaredResponseGets500() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(accepted("buffering", "maxResponseBodyBytes: 10"),
                exchange -> exchange.getResponseSender().send("x".repeat(1000)))) {
            assertThat(proxy.get("/").statusCode()).isEqualTo(500);
        }
    }
}
