package io.gatehouse.middleware.paths;

import io.gatehouse.core.testing.EchoHandler;
import io.gatehouse.middleware.testing.ProxiedMiddleware;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.gatehouse.middleware.testing.HostileConfig.accepted;
import static io.gatehouse.middleware.testing.HostileConfig.assertRejected;
import static io.gatehouse.middleware.testing.HostileConfig.errorOf;
import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class StripPrefixAdversarialTest {

    @ParameterizedTest
    @ValueSource(strings = {"prefixes: [\"\"]", "prefixes: [api]", "prefixes: [\"/a\\r\\nb\"]", "prefixes: [\"/a\\x00\"]",
            "prefixes: {a: b}", "prefixes: [[/a]]", "prefixes: [/ok, \"\"]"})
    void badPrefixesAreErrorsNamingTheOption(String options) {
        assertRejected("stripPrefix", "prefixes", options);
    }

    @Test
    void nullEntryIsAnErrorNotACrash() {
        assertThat(errorOf("stripPrefix", "prefixes: [/a, ~]")).containsIgnoringCase("prefixes");
    }

    @ParameterizedTest
    @ValueSource(strings = {"forceSlash: maybe", "forceSlash: [true]", "forceSlash: 2"})
    void badForceSlashIsAnError(String options) {
        assertRejected("stripPrefix", "forceSlash", "prefixes: [/a]\n" + options);
    }

    @Test
    void clientXForwardedPrefixIsReplaced() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(accepted("stripPrefix", "prefixes: [/foobar]"))) {
            String body = proxy.get("/foobar/index.html", "X-Forwarded-Prefix", "/evil").body();
            assertThat(EchoHandler.field(body, "uri")).isEqualTo("/index.html");
            assertThat(EchoHandler.fields(body, "x-forwarded-prefix")).containsExactly("/foobar");
        }
    }

    @Test
    void dotSegmentsCannotEscapeThePrefix() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(accepted("stripPrefix", "prefixes: [/api]"))) {
            var response = proxy.rawGet("localhost", "/api/../admin");
            if (response.status() == 200) {
                // normalized to /admin first: no prefix to strip
                assertThat(EchoHandler.field(response.body(), "uri")).isEqualTo("/admin");
                assertThat(EchoHandler.field(response.body(), "x-forwarded-prefix")).isNull();
            } else {
                assertThat(response.status()).isEqualTo(400);
            }
        }
    }

    @Test
    void fullMatchForwardsSlash() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(accepted("stripPrefix", "prefixes: [/api]"))) {
            assertThat(EchoHandler.field(proxy.get("/api?x=1").body(), "uri")).isEqualTo("/?x=1");
        }
    }

    @Test
    void nonAsciiPrefixMatchesEscapedForm() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(accepted("stripPrefix", "prefixes: [\"/café\"]"))) {
            assertThat(EchoHandler.field(proxy.get("/caf%C3%A9/x").body(), "uri")).isEqualTo("/x");
        }
    }
}
