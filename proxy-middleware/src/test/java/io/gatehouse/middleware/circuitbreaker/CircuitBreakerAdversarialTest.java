package io.gatehouse.middleware.circuitbreaker;

import io.gatehouse.middleware.testing.ProxiedMiddleware;
import io.gatehouse.middleware.testing.TrafficTestProxy;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.gatehouse.middleware.testing.HostileConfig.accepted;
import static io.gatehouse.middleware.testing.HostileConfig.assertRejected;
import static io.gatehouse.middleware.testing.HostileConfig.quoted;
import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class CircuitBreakerAdversarialTest {

    private static String expression(String expression) {
        return "expression: " + quoted(expression);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "NetworkErrorRatio(", "NetworkErrorRatio() >", "NetworkErrorRatio() > 0.5 &&",
            "|| NetworkErrorRatio() > 0.5", "NetworkErrorRatio() > 0.5)", "(NetworkErrorRatio() > 0.5", "NetworkErrorRatio() 0.5",
            "NetworkErrorRatio() > > 0.5", "NetworkErrorRatio() = 0.5", "NetworkErrorRatio() > 0.5 & 1 > 0",
            "NetworkErrorRatio() > 0.5 | 1 > 0", "NetworkErrorRatio() > 0..5", "NetworkErrorRatio() > 1e", "NetworkErrorRatio() > abc",
            "NetworkErrorRatio() > 0.5 garbage", "NetworkErrorRatio() > '0.5'", "NetworkErrorRatio() > \"0.5\"",
            "NetworkErrorRatio() > 0.5 \u0000", "NetworkErrorRatio() > ０.5", "NetworkErrorRatio()", "0.5",
            "!NetworkErrorRatio() > 0.5", "NetworkErrorRatio() > -", "NetworkErrorRatio() >\n"})
    void malformedExpressionsAreErrors(String expr) {
        assertRejected("circuitBreaker", "expression", expression(expr));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Foo() > 1", "networkerrorratio() > 0.5", "NetworkErrorRatio(1) > 0.5", "ResponseCodeRatio(500) > 0.5",
            "ResponseCodeRatio(500, 600, 0) > 0.5", "ResponseCodeRatio(500, 600, 0, 600, 1) > 0.5", "ResponseCodeRatio(a, b, c, d) > 0.5",
            "LatencyAtQuantileMS() > 1", "LatencyAtQuantileMS(0) > 1", "LatencyAtQuantileMS(-1) > 1", "LatencyAtQuantileMS(101) > 1",
            "LatencyAtQuantileMS(50, 60) > 1", "LatencyAtQuantileMS(NetworkErrorRatio()) > 1", "IsNetworkError()", "Attempts() < 2",
            "System.exit(1) > 0", "NetworkErrorRatio > 0.5", "LatencyAtQuantileMS(1e999) > 1"})
    void unknownFunctionsAndBadArgumentsAreErrors(String expr) {
        assertRejected("circuitBreaker", "expression", expression(expr));
    }

    @Test
    void errorSaysWhereAndWhatWasExpected() {
        String message = assertRejected("circuitBreaker", "expression", expression("NetworkErrorRatio() > 0.5 && "));
        assertThat(message).containsIgnoringCase("position").containsIgnoringCase("expected");
    }

    @Test
    void deeplyNestedParenthesesAreAClearErrorOrAccepted() {
        int depth = 100_000;
        String expr = "(".repeat(depth) + "NetworkErrorRatio() > 0.5" + ")".repeat(depth);
        try {
            accepted("circuitBreaker", expression(expr));
        } catch (AssertionError refused) {
            assertThat(refused.getMessage()).containsIgnoringCase("expression").doesNotContain("StackOverflow");
        }
    }

    @Test
    void deeplyNestedUnclosedParenthesesAreAnError() {
        assertRejected("circuitBreaker", "expression", expression("(".repeat(200_000)));
    }

    @Test
    void hugeExpressionIsAClearErrorOrAccepted() {
        String expr = String.join(" || ", java.util.Collections.nCopies(100_000, "NetworkErrorRatio() > 0.5"));
        try {
            accepted("circuitBreaker", expression(expr));
        } catch (AssertionError refused) {
            assertThat(refused.getMessage()).containsIgnoringCase("expression").doesNotContain("StackOverflow");
        }
    }

    @Test
    void longAndChainDoesNotOverflowTheStack() {
        String expr = String.join(" && ", java.util.Collections.nCopies(50_000, "LatencyAtQuantileMS(50) > 1"));
        try {
            accepted("circuitBreaker", expression(expr));
        } catch (AssertionError refused) {
            assertThat(refused.getMessage()).containsIgnoringCase("expression").doesNotContain("StackOverflow");
        }
    }

    @Test
    void missingExpressionIsAnError() {
        assertRejected("circuitBreaker", "expression", "checkPeriod: 1s");
    }

    @ParameterizedTest
    @ValueSource(strings = {"checkPeriod: -1s", "checkPeriod: 1x", "checkPeriod: 3000000h", "checkPeriod: \"\"",
            "fallbackDuration: -5s", "fallbackDuration: abc", "fallbackDuration: 99999999999999999999",
            "recoveryDuration: -1ms", "recoveryDuration: 1.5", "recoveryDuration: [1s]"})
    void badDurationsAreErrors(String option) {
        assertRejected("circuitBreaker", option.substring(0, option.indexOf(':')), expression("NetworkErrorRatio() > 0.5") + "\n" + option);
    }

    @ParameterizedTest
    @ValueSource(strings = {"responseCode: 99", "responseCode: 199", "responseCode: 600", "responseCode: -503", "responseCode: abc",
            "responseCode: 99999999999999999999", "responseCode: 503.5"})
    void badResponseCodeIsAnError(String option) {
        assertRejected("circuitBreaker", "responseCode", expression("NetworkErrorRatio() > 0.5") + "\n" + option);
    }

    @Test
    void opensOnServerErrorsAndAnswersTheResponseCode() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(accepted("circuitBreaker",
                expression("ResponseCodeRatio(500, 600, 0, 600) > 0.5") + "\ncheckPeriod: 1ns\nfallbackDuration: 1h\nresponseCode: 418"),
                exchange -> {
                    exchange.setStatusCode(500);
                    exchange.getResponseSender().send("boom");
                })) {
            int teapots = 0;
            for (int i = 0; i < 50 && teapots == 0; i++) {
                int status = proxy.get("/").statusCode();
                assertThat(status).isIn(500, 418);
                if (status == 418) {
                    teapots++;
                }
            }
            assertThat(teapots).isEqualTo(1);
            for (int i = 0; i < 5; i++) {
                assertThat(proxy.get("/").statusCode()).isEqualTo(418);
            }
        }
    }

    @Test
    void networkErrorsToADeadServerOpenTheBreaker() throws Exception {
        int deadPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            deadPort = socket.getLocalPort();
        }
        try (TrafficTestProxy proxy = TrafficTestProxy.start(accepted("circuitBreaker",
                expression("NetworkErrorRatio() > 0.5") + "\ncheckPeriod: 1ns\nfallbackDuration: 1h\nresponseCode: 599"),
                "http://127.0.0.1:" + deadPort)) {
            int opened = 0;
            for (int i = 0; i < 50 && opened == 0; i++) {
                int status = proxy.get("/").statusCode();
                assertThat(status).isIn(502, 504, 599);
                if (status == 599) {
                    opened++;
                }
            }
            assertThat(opened).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"NetworkErrorRatio() > 0.5 > 0.1", "NetworkErrorRatio() > NetworkErrorRatio()", "NetworkErrorRatio() > 0.5 &&& 1 > 0",
            "NetworkErrorRatio() >= = 0.5", "()", "(NetworkErrorRatio() > 0.5) (NetworkErrorRatio() > 0.5)"})
    void comparisonsThatAreNotFunctionAgainstNumberAreErrors(String expr) {
        assertRejected("circuitBreaker", "expression", expression(expr));
    }

    @Test
    void megabyteExpressionIsAClearErrorOrAccepted() {
        String expr = "NetworkErrorRatio() > 0." + "1".repeat(1 << 20);
        try {
            accepted("circuitBreaker", expression(expr));
        } catch (AssertionError refused) {
            assertThat(refused.getMessage()).containsIgnoringCase("expression");
        }
    }
}
