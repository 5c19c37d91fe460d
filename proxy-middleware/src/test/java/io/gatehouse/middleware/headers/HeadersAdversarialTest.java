package io.gatehouse.middleware.headers;

import io.gatehouse.core.testing.EchoHandler;
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
class HeadersAdversarialTest {

    @Test
    void noOptionIsAnError() {
        assertRejected("headers", "", "");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"Bad Name\": x", "\"X-A:b\": x", "\"\": x", "\"X-\\u00e9\": x", "\"X-A\\r\\nB\": x", "\"X(A)\": x"})
    void invalidRequestHeaderNamesAreErrors(String entry) {
        assertRejected("headers", "customRequestHeaders", "customRequestHeaders:\n  " + entry);
    }

    @ParameterizedTest
    @ValueSource(strings = {"X-A: \"a\\r\\nSet-Cookie: x=y\"", "X-A: \"a\\nb\"", "X-A: \"a\\x00b\"", "X-A: \"a\\rb\""})
    void controlCharactersInResponseHeaderValuesAreErrors(String entry) {
        assertRejected("headers", "customResponseHeaders", "customResponseHeaders:\n  " + entry);
    }

    @Test
    void controlCharactersInRequestHeaderValueAreErrors() {
        assertRejected("headers", "customRequestHeaders", "customRequestHeaders:\n  X-A: \"a\\r\\nHost: evil\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"contentSecurityPolicy: \"default-src\\r\\nX: y\"", "referrerPolicy: \"no\\nreferrer\"",
            "permissionsPolicy: \"a\\x00\"", "customFrameOptionsValue: \"DENY\\r\\n\"", "customBrowserXSSValue: \"1\\n\"",
            "publicKey: \"pin\\r\\n\"", "contentSecurityPolicyReportOnly: \"a\\rb\""})
    void controlCharactersInSecurityValuesAreErrors(String option) {
        assertRejected("headers", option.substring(0, option.indexOf(':')), option);
    }

    @ParameterizedTest
    @ValueSource(strings = {"stsSeconds: -1", "stsSeconds: abc", "stsSeconds: 1.5", "stsSeconds: 99999999999999999999999"})
    void badStsSecondsIsAnError(String option) {
        assertRejected("headers", "stsSeconds", option);
    }

    @ParameterizedTest
    @ValueSource(strings = {"accessControlMaxAge: abc", "accessControlMaxAge: 99999999999999999999999", "accessControlMaxAge: [1]"})
    void badMaxAgeIsAnError(String option) {
        assertRejected("headers", "accessControlMaxAge", option);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[\"(\"]", "[\"(?=x)\"]", "[\"(a)\\\\1\"]", "[\"[z-a]\"]"})
    void badOriginRegexIsAnError(String list) {
        assertRejected("headers", "accessControlAllowOriginListRegex", "accessControlAllowOriginListRegex: " + list);
    }

    @ParameterizedTest
    @ValueSource(strings = {"accessControlAllowMethods: [\"GET\\r\\nX: y\"]", "accessControlAllowHeaders: [\"a\\nb\"]",
            "accessControlExposeHeaders: [\"a\\rb\"]", "accessControlAllowOriginList: [\"https://a\\r\\nX: y\"]"})
    void controlCharactersInCorsListsAreErrors(String option) {
        assertRejected("headers", option.substring(0, option.indexOf(':')), option);
    }

    @Test
    void sslRedirectIsAnErrorPointingAtRedirectScheme() {
        assertThat(assertRejected("headers", "sslRedirect", "sslRedirect: true")).containsIgnoringCase("redirectScheme");
    }

    @Test
    void sslForceHostWithSslHostIsAnError() {
        assertThat(assertRejected("headers", "sslForceHost", "sslForceHost: true\nsslHost: example.com")).containsIgnoringCase("redirectRegex");
    }

    @Test
    void removedAccessControlAllowOriginIsUnknown() {
        assertRejected("headers", "accessControlAllowOrigin", "accessControlAllowOrigin: \"*\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"frameDeny: maybe", "frameDeny: [true]", "isDevelopment: 3"})
    void badBooleansAreErrors(String option) {
        assertRejected("headers", option.substring(0, option.indexOf(':')), option);
    }

    @Test
    void megabyteHeaderValueIsAcceptedOrAClearError() {
        String big = "a".repeat(1 << 20);
        try {
            accepted("headers", "customResponseHeaders:\n  X-Big: " + quoted(big));
        } catch (AssertionError refused) {
            assertThat(refused.getMessage()).containsIgnoringCase("customResponseHeaders");
        }
    }

    @Test
    void preflightFromDisallowedOriginGetsNoAllowOriginAndNeverReachesTheBackend() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(accepted("headers",
                "accessControlAllowMethods: [GET]\naccessControlAllowOriginList: [\"https://good.example\"]"))) {
            var response = proxy.send("OPTIONS", "/x", "Origin", "https://evil.example", "Access-Control-Request-Method", "GET");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
            assertThat(response.body()).doesNotContain("server: backend");
        }
    }

    @Test
    void originRegexIsNotFooledBySuffixTricks() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(accepted("headers",
                "accessControlAllowOriginListRegex: [\"^https://[a-z]+\\\\.good\\\\.example$\"]"))) {
            assertThat(proxy.get("/", "Origin", "https://a.good.example.evil.com").headers()
                    .firstValue("Access-Control-Allow-Origin")).isEmpty();
            assertThat(proxy.get("/", "Origin", "https://a.good.example").headers()
                    .firstValue("Access-Control-Allow-Origin")).hasValue("https://a.good.example");
        }
    }

    @Test
    void allowedHostsRefusesOtherHostsWith500() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(accepted("headers", "allowedHosts: [good.example]"))) {
            assertThat(proxy.rawGet("evil.example", "/").status()).isEqualTo(500);
            assertThat(proxy.rawGet("GOOD.example", "/").status()).isEqualTo(200);
        }
    }

    @Test
    void hostsProxyHeaderSpoofingOnlyChecksTheAllowList() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(accepted("headers",
                "allowedHosts: [good.example]\nhostsProxyHeaders: [X-Forwarded-Host]"))) {
            // the entry point drops X-Forwarded-Host from an untrusted client, so the Host header decides
            assertThat(proxy.rawGet("evil.example", "/", "X-Forwarded-Host: good.example").status()).isEqualTo(500);
        }
    }

    @Test
    void stsNotSentOnPlainHttpUnlessForcedAndSpoofedSslHeaderFromUntrustedClientIsDropped() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(accepted("headers",
                "stsSeconds: 31536000\nsslProxyHeaders:\n  X-Forwarded-Proto: https"))) {
            assertThat(proxy.get("/", "X-Forwarded-Proto", "https").headers().firstValue("Strict-Transport-Security")).isEmpty();
        }
    }

    @Test
    void emptyCustomRequestHeaderRemovesEveryClientCopy() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(accepted("headers", "customRequestHeaders:\n  X-Secret: \"\""))) {
            String body = proxy.rawGet("localhost", "/", "X-Secret: a", "x-secret: b", "X-SECRET: c").body();
            assertThat(EchoHandler.fields(body, "x-secret")).isEmpty();
        }
    }

    @Test
    void customRequestHeaderReplacesEveryClientCopy() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(accepted("headers", "customRequestHeaders:\n  X-Script-Name: test"))) {
            String body = proxy.rawGet("localhost", "/", "X-Script-Name: evil", "x-script-name: evil2").body();
            assertThat(EchoHandler.fields(body, "x-script-name")).containsExactly("test");
        }
    }

    @Test
    void securityAndCustomHeadersAreOnProxyMade502() throws Exception {
        int deadPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            deadPort = socket.getLocalPort();
        }
        try (TrafficTestProxy proxy = TrafficTestProxy.start(accepted("headers",
                "frameDeny: true\ncustomResponseHeaders:\n  X-Custom: yes"), "http://127.0.0.1:" + deadPort)) {
            var response = proxy.get("/");
            assertThat(response.statusCode()).isEqualTo(502);
            assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
            assertThat(response.headers().firstValue("X-Custom")).hasValue("yes");
        }
    }

    @Test
    void starOriginAnswersStarAndVaryIsAppended() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(accepted("headers",
                "accessControlAllowOriginList: [\"*\"]\naccessControlAllowMethods: [GET]\naccessControlMaxAge: 100\naddVaryHeader: true"))) {
            var preflight = proxy.send("OPTIONS", "/", "Origin", "https://any.example", "Access-Control-Request-Method", "GET");
            assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
            assertThat(preflight.headers().firstValue("Access-Control-Max-Age")).hasValue("100");
            var simple = proxy.get("/", "Origin", "null");
            assertThat(simple.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
            assertThat(String.join(",", simple.headers().allValues("Vary"))).contains("Origin");
        }
    }

    @Test
    void hugeOriginHeaderIsNotReflected() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(accepted("headers",
                "accessControlAllowOriginList: [\"https://good.example\"]"))) {
            var response = proxy.get("/", "Origin", "https://good.example" + "a".repeat(6000));
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"accessControlAllowMethods: [GET, ~]", "allowedHosts: [a.example, ~]", "accessControlAllowOriginList: [~]",
            "hostsProxyHeaders: [X-Host, ~]", "accessControlAllowOriginListRegex: [\"^a$\", ~]"})
    void nullListEntriesAreErrors(String option) {
        assertRejected("headers", option.substring(0, option.indexOf(':')), option);
    }
}
