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
class RedirectSchemeAdversarialTest {

    @ParameterizedTest
    @ValueSource(strings = {"permanent: true", "scheme: \"\"", "scheme: ~", "scheme: \"ht tp\"", "scheme: \"1http\"",
            "scheme: \"https://\"", "scheme: \"https\\r\\nX: y\"", "scheme: [https]"})
    void badSchemeIsAnError(String options) {
        assertRejected("redirectScheme", "scheme", options);
    }

    @ParameterizedTest
    @ValueSource(strings = {"port: 0", "port: 65536", "port: -1", "port: \"abc\"", "port: \"443\\r\\n\"", "port: 99999999999999999999",
            "port: 44.3", "port: [443]"})
    void badPortIsAnError(String option) {
        assertRejected("redirectScheme", "port", "scheme: https\n" + option);
    }

    @Test
    void unknownOptionIsAnError() {
        assertThat(assertRejected("redirectScheme", "", "scheme: https\nsheme: http")).containsIgnoringCase("sheme");
    }

    @Test
    void hostWithCrlfOrSpoofedProtoFromAnUntrustedClientIsNotTrusted() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(accepted("redirectScheme", "scheme: https\nport: \"8443\""))) {
            // X-Forwarded-Proto from an untrusted client is replaced by the entry point: still redirected.
            var response = proxy.rawGet("example.com:80", "/x?y=1", "X-Forwarded-Proto: https");
            assertThat(response.status()).isEqualTo(302);
            assertThat(response.header("Location")).isEqualTo("https://example.com:8443/x?y=1");
        }
    }

    @Test
    void ipv6HostKeepsItsBrackets() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(accepted("redirectScheme", "scheme: https\npermanent: true"))) {
            var response = proxy.rawGet("[::1]:8080", "/x");
            assertThat(response.status()).isEqualTo(301);
            assertThat(response.header("Location")).isEqualTo("https://[::1]/x");
        }
    }

    @Test
    void trustedHttpsHopPassesThrough() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.behindTrustedProxy(accepted("redirectScheme", "scheme: https"))) {
            // no port in Host: the new URL (which never has one without `port`) equals the request's
            assertThat(proxy.rawGet("example.com", "/x", "X-Forwarded-Proto: https").status()).isEqualTo(200);
            assertThat(proxy.rawGet("example.com", "/x", "X-Forwarded-Proto: wss").status()).isEqualTo(200);
            assertThat(proxy.rawGet("example.com", "/x", "X-Forwarded-Proto: http").status()).isEqualTo(302);
        }
    }
}
