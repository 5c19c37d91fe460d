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
class AddPrefixAdversarialTest {

    @Test
    void missingPrefixIsAnError() {
        assertRejected("addPrefix", "", "");
    }

    @ParameterizedTest
    @ValueSource(strings = {"prefix: ~", "prefix: [a, b]", "prefix: {a: b}", "prefix: \"\\r\\nX-Injected: 1\"",
            "prefix: \"/a\\x00b\"", "prefix: \"/a%zz\"", "prefix: \"/a%\"", "prefix: \"/a%4\"", "prefix: \"/a\\tb\""})
    void hostilePrefixesAreErrorsNamingTheOption(String options) {
        assertRejected("addPrefix", "prefix", options);
    }

    @Test
    void unknownOptionIsNamed() {
        assertThat(assertRejected("addPrefix", "prefx", "prefix: /a\nprefx: /b")).contains("prefix");
    }

    @Test
    void megabytePrefixIsNotACrash() {
        String big = "/" + "a".repeat(1 << 20);
        // The doc is silent on length; either refused with a checked error or accepted without an exception.
        try {
            accepted("addPrefix", "prefix: " + quoted(big));
        } catch (AssertionError refused) {
            assertThat(refused.getMessage()).contains("prefix");
        }
    }

    @Test
    void escapesAreKeptAndRawCharactersEscaped() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(accepted("addPrefix", "prefix: \"/a b/%2F/é?\""))) {
            String uri = EchoHandler.field(proxy.get("/x?q=1").body(), "uri");
            assertThat(uri).isEqualTo("/a%20b/%2F/%C3%A9%3F/x?q=1");
        }
    }

    @Test
    void missingLeadingSlashIsAdded() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(accepted("addPrefix", "prefix: foo"))) {
            assertThat(EchoHandler.field(proxy.get("/bar").body(), "uri")).isEqualTo("/foo/bar");
        }
    }

    @Test
    void encodedCrlfInRequestPathDoesNotSplitTheForwardedRequest() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(accepted("addPrefix", "prefix: /foo"))) {
            var response = proxy.rawGet("localhost", "/bar%0d%0aX-Injected:%201");
            if (response.status() == 200) {
                assertThat(response.body()).doesNotContain("x-injected: 1");
            } else {
                assertThat(response.status()).isEqualTo(400);
            }
        }
    }
}
