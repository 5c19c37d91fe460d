package io.gatehouse.middleware.paths;

import io.gatehouse.core.testing.EchoHandler;
import io.gatehouse.middleware.testing.ProxiedMiddleware;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.gatehouse.middleware.testing.HostileConfig.accepted;
import static io.gatehouse.middleware.testing.HostileConfig.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class ReplacePathRegexAdversarialTest {

    @ParameterizedTest
    @ValueSource(strings = {"regex: \"(\"\nreplacement: /x", "regex: \"(?!a)\"\nreplacement: /x", "regex: \"(a)\\\\1\"\nreplacement: /x",
            "regex: ~\nreplacement: /x", "replacement: /x", "regex: [a]\nreplacement: /x"})
    void badRegexIsAnErrorNamingTheOption(String options) {
        assertRejected("replacePathRegex", "regex", options);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"/a\\r\\nX: 1\"", "\"/a\\x00\"", "\"/a\\nb\""})
    void controlCharactersInReplacementAreErrors(String replacement) {
        assertRejected("replacePathRegex", "replacement", "regex: \"^/(.*)\"\nreplacement: " + replacement);
    }

    @Test
    void badEscapeProducedAtRuntimeGives500() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(accepted("replacePathRegex", "regex: \"^/(.*)\"\nreplacement: \"/%zz$1\""))) {
            assertThat(proxy.get("/x").statusCode()).isEqualTo(500);
        }
    }

    @Test
    void questionMarkFromReplacementIsPartOfThePath() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(accepted("replacePathRegex", "regex: \"^/foo/(.*)\"\nreplacement: \"/bar?$1\""))) {
            String body = proxy.get("/foo/abc?q=1").body();
            assertThat(EchoHandler.field(body, "uri")).isEqualTo("/bar%3Fabc?q=1");
        }
    }

    @Test
    void dollarDigitLetterIsANamedGroup() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(accepted("replacePathRegex", "regex: \"^/foo/(.*)\"\nreplacement: \"/bar/$1x/${1}y/$$\""))) {
            assertThat(EchoHandler.field(proxy.get("/foo/abc").body(), "uri")).isEqualTo("/bar//abcy/$");
        }
    }

    @Test
    void emptyReplacementLeavesThePath() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(accepted("replacePathRegex", "regex: \"^/foo\""))) {
            assertThat(EchoHandler.field(proxy.get("/foo/abc").body(), "uri")).isEqualTo("/foo/abc");
        }
    }
}
