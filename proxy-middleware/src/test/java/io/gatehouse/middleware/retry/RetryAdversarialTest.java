package io.gatehouse.middleware.retry;

import io.gatehouse.middleware.testing.TrafficTestProxy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.ServerSocket;

import static io.gatehouse.middleware.testing.HostileConfig.accepted;
import static io.gatehouse.middleware.testing.HostileConfig.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class RetryAdversarialTest {

    @ParameterizedTest
    @ValueSource(strings = {"attempts: 0", "attempts: -1", "attempts: abc", "attempts: 99999999999999999999", "attempts: ~", "attempts: 2.5",
            "attempts: [3]"})
    void badAttemptsIsAnError(String option) {
        assertRejected("retry", "attempts", option);
    }

    @Test
    void missingAttemptsIsAnError() {
        assertRejected("retry", "attempts", "initialInterval: 1s");
    }

    @ParameterizedTest
    @ValueSource(strings = {"initialInterval: -1s", "initialInterval: 1x", "initialInterval: 3000000h", "initialInterval: \"\"",
            "timeout: -1s", "timeout: forever", "timeout: 99999999999999999999", "timeout: [1s]"})
    void badDurationsAreErrors(String option) {
        assertRejected("retry", option.substring(0, option.indexOf(':')), "attempts: 2\n" + option);
    }

    @ParameterizedTest
    @ValueSource(strings = {"status: [\"abc\"]", "status: [\"600-700\"]", "status: [\"599-500\"]", "status: [\"\"]",
            "status: [\"5xx\"]", "status: [\"500--599\"]", "status: [\"0500\"]", "status: [\" - \"]"})
    void malformedStatusRangesAreErrors(String option) {
        assertThat(assertRejected("retry", "status", "attempts: 2\n" + option)).contains("expected a status code or a range");
    }

    @Test
    void statusIsAccepted() {
        assertThat(accepted("retry", "attempts: 2\nstatus: [\"500-599\", \"429\"]")).isInstanceOf(Retry.class);
    }

    @Test
    void disablingNetworkRetriesWithoutStatusIsAnError() {
        assertRejected("retry", "disableRetryOnNetworkError", "attempts: 2\ndisableRetryOnNetworkError: true");
    }

    @ParameterizedTest
    @ValueSource(strings = {"maxRequestBodyBytes: abc", "maxRequestBodyBytes: 99999999999999999999999", "retryNonIdempotentMethod: maybe"})
    void badAcceptedOptionsAreStillTypeChecked(String option) {
        assertRejected("retry", option.substring(0, option.indexOf(':')), "attempts: 2\n" + option);
    }

    @Test
    void hugeAttemptsAgainstADeadServerEndsWithAnError() throws Exception {
        int deadPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            deadPort = socket.getLocalPort();
        }
        try (TrafficTestProxy proxy = TrafficTestProxy.start(accepted("retry", "attempts: 2147483647\ntimeout: 2s"),
                "http://127.0.0.1:" + deadPort)) {
            assertThat(proxy.get("/").statusCode()).isBetween(502, 504);
        }
    }
}
