package io.gatehouse.middleware.paths;

import io.gatehouse.core.testing.EchoHandler;
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
class StripPrefixRegexAdversarialTest {

    @ParameterizedTest
    @ValueSource(strings = {"[\"(\"]", "[\"[a-\"]", "[\"a**\"]", "[\"(?<=a)b\"]", "[\"(?=a)\"]", "[\"(a)\\\\1\"]",
            "[\"\\\\p{Nope}\"]", "[\"a{1001}\"]", "[\"\"]"})
    void invalidOrRe2InvalidRegexesAreErrors(String list) {
        String message = assertRejected("stripPrefixRegex", "regex", "regex: " + list);
        assertThat(message).isNotEmpty();
    }

    @Test
    void secondEntryIsNamedWithItsIndex() {
        assertThat(assertRejected("stripPrefixRegex", "regex", "regex: [\"/ok\", \"(\"]")).contains("regex[1]");
    }

    @Test
    void possessiveQuantifierIsNotRe2() {
        assertRejected("stripPrefixRegex", "regex", "regex: [\"/a++\"]");
    }

    @Test
    void catastrophicPatternRunsInLinearTime() throws Exception {
        // (a+)+$ is exponential for a backtracking engine on "aaaa...!"; RE2 semantics make it linear.
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(accepted("stripPrefixRegex", "regex: [\"/(a+)+b\"]"))) {
            var response = proxy.get("/" + "a".repeat(5000) + "!");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(EchoHandler.field(response.body(), "uri")).isEqualTo("/" + "a".repeat(5000) + "!");
        }
    }

    @Test
    void clientPrefixStaysBeforeTheStrippedOne() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.behindTrustedProxy(accepted("stripPrefixRegex", "regex: [\"/foo/[0-9]+/\"]"))) {
            String body = proxy.get("/foo/12/bar", "X-Forwarded-Prefix", "/client").body();
            assertThat(EchoHandler.field(body, "uri")).isEqualTo("/bar");
            assertThat(String.join(",", EchoHandler.fields(body, "x-forwarded-prefix"))).isEqualTo("/client,/foo/12/");
        }
    }

    @Test
    void hugeRegexIsAcceptedOrAClearError() {
        String big = "/(" + "a|".repeat(100_000) + "b)";
        try {
            accepted("stripPrefixRegex", "regex: [" + quoted(big) + "]");
        } catch (AssertionError refused) {
            assertThat(refused.getMessage()).containsIgnoringCase("regex");
        }
    }

    @Test
    void nullEntryIsAnError() {
        assertRejected("stripPrefixRegex", "regex", "regex: [\"/a\", ~]");
    }
}
