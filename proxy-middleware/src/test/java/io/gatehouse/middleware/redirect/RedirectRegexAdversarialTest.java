package io.gatehouse.middleware.redirect;

import io.gatehouse.middleware.testing.ProxiedMiddleware;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.gatehouse.middleware.testing.HostileConfig.accepted;
import static io.gatehouse.middleware.testing.HostileConfig.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class RedirectRegexAdversarialTest {

    @ParameterizedTest
    @ValueSource(strings = {"replacement: http://x/", "regex: \"(\"\nreplacement: http://x/", "regex: \"(?<!a)\"\nreplacement: http://x/",
            "regex: ~\nreplacement: http://x/", "regex: {a: b}\nreplacement: http://x/"})
    void badRegexIsAnError(String options) {
        assertRejected("redirectRegex", "regex", options);
    }

    @ParameterizedTest
    @ValueSource(strings = {"regex: \"^(.*)\"", "regex: \"^(.*)\"\nreplacement: \"http://x/\\r\\nSet-Cookie: a=b\"",
            "regex: \"^(.*)\"\nreplacement: \"http://x/\\x00\""})
    void missingOrControlCharacterReplacementIsAnError(String options) {
        assertRejected("redirectRegex", "replacement", options);
    }

    @ParameterizedTest
    @ValueSource(strings = {"permanent: maybe", "permanent: [true]", "permanent: 2"})
    void badPermanentIsAnError(String option) {
        assertRejected("redirectRegex", "permanent", "regex: \"^(.*)\"\nreplacement: http://x/\n" + option);
    }

    @Test
    void encodedCrlfInTheRequestCannotInjectResponseHeaders() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(accepted("redirectRegex",
                "regex: \"^http://[^/]+/(.*)\"\nreplacement: \"http://target/${1}\""))) {
            var response = proxy.rawGet("localhost", "/a%0d%0aSet-Cookie:%20x=y?q=%0d%0aX-Evil:%201");
            assertThat(response.headers()).doesNotContainKeys("set-cookie", "Set-Cookie", "x-evil", "X-Evil");
            if (response.status() == 302) {
                assertThat(response.header("Location")).doesNotContain("\r").doesNotContain("\n");
            } else {
                assertThat(response.status()).isEqualTo(400);
            }
        }
    }

    @Test
    void badEscapeInResultGives500() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(accepted("redirectRegex",
                "regex: \"^http://[^/]+/(.*)\"\nreplacement: \"http://target/%zz${1}\""))) {
            assertThat(proxy.get("/a").statusCode()).isEqualTo(500);
        }
    }

    @Test
    void nonAsciiAndSpaceAreEscapedInLocation() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(accepted("redirectRegex",
                "regex: \"^http://[^/]+/(.*)\"\nreplacement: \"http://target/é b/${1}\""))) {
            var response = proxy.get("/a");
            assertThat(response.statusCode()).isEqualTo(302);
            assertThat(response.headers().firstValue("Location")).hasValue("http://target/%C3%A9%20b/a");
        }
    }

    @Test
    void permanentNonGetIs308AndSameUrlPassesThrough() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(accepted("redirectRegex",
                "regex: \"^http://([^/]+)/old/(.*)\"\nreplacement: \"http://${1}/new/${2}\"\npermanent: true"))) {
            assertThat(proxy.send("POST", "/old/x").statusCode()).isEqualTo(308);
            assertThat(proxy.get("/new/x").statusCode()).isEqualTo(200);
        }
    }
}
