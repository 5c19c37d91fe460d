package io.gatehouse.middleware.ipallowlist;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.core.middleware.Middleware;
import io.gatehouse.middleware.testing.MiddlewareConfigs;
import io.gatehouse.middleware.testing.ProxiedMiddleware;
import java.net.http.HttpResponse;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Hostile configuration and spoofed client addresses against ipAllowList / ipWhiteList, from the docs only. */
@Timeout(60)
class IpAllowListAdversarialTest {

    private static final String PATH = "http.middlewares.m.ipAllowList";

    /** The message names the middleware and the option, as "path.option" or "path: option ...". */
    static void namesOption(String message, String middlewarePath, String option) {
        assertThat(message).contains(middlewarePath);
        String leaf = option.substring(option.lastIndexOf('.') + 1);
        assertThat(message.contains(middlewarePath + "." + option) || message.contains(leaf))
                .as("names option %s: %s", option, message).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/33", "example.com", "010.0.0.1", "256.0.0.1", "1.2.3", "1.2.3.4/", "/8",
            "1.2.3.4/-1", "::1/129", "1.2.3.4/abc", "", "10.0.0.0/8/8", "1.2.3.4\\r\\nX: y", "fe80::zz"})
    void badSourceRangeEntriesAreErrorsNamingTheEntry(String entry) {
        String message = MiddlewareConfigs.error("ipAllowList", "sourceRange: [\"127.0.0.1\", \"" + entry + "\"]");
        assertThat(message).contains(PATH + ".sourceRange[1]");
    }

    @Test
    void emptyOrNullSourceRangeIsAnError() {
        assertThat(MiddlewareConfigs.error("ipAllowList", "sourceRange: []")).contains(PATH + ".sourceRange");
        assertThat(MiddlewareConfigs.error("ipAllowList", "sourceRange: ~")).contains(PATH + ".sourceRange");
        assertThat(MiddlewareConfigs.error("ipAllowList", "sourceRange: [~]")).contains(PATH + ".sourceRange");
        assertThat(MiddlewareConfigs.error("ipAllowList", "")).contains(PATH);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "abc", "99999999999999999999", "1.5", "[]"})
    void badDepthIsAnError(String depth) {
        namesOption(MiddlewareConfigs.error("ipAllowList", "sourceRange: [\"127.0.0.1\"]\nipStrategy:\n  depth: " + depth), PATH, "ipStrategy.depth");
    }

    @ParameterizedTest
    @ValueSource(strings = {"nope", "10.0.0.0/40", "", "1.1.1.1.1"})
    void badExcludedIpIsAnError(String ip) {
        namesOption(MiddlewareConfigs.error("ipAllowList",
                "sourceRange: [\"127.0.0.1\"]\nipStrategy:\n  excludedIPs: [\"10.0.0.1\", \"" + ip + "\"]"), PATH, "ipStrategy.excludedIPs");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "129", "-5", "99999999999", "x"})
    void ipv6SubnetOutsideOneTo128IsAnError(String subnet) {
        namesOption(MiddlewareConfigs.error("ipAllowList",
                "sourceRange: [\"127.0.0.1\"]\nipStrategy:\n  ipv6Subnet: " + subnet), PATH, "ipStrategy.ipv6Subnet");
    }

    @ParameterizedTest
    @ValueSource(strings = {"99", "600", "-1", "abc", "4294967699"})
    void rejectStatusCodeOutsideRangeIsAnError(String code) {
        namesOption(MiddlewareConfigs.error("ipAllowList", "sourceRange: [\"127.0.0.1\"]\nrejectStatusCode: " + code), PATH, "rejectStatusCode");
    }

    @Test
    void zeroRejectStatusCodeMeansTheDefault() throws Exception {
        // docs/middlewares/ipallowlist.md, as Traefik: 0 is "not set", so 403.
        assertThat(MiddlewareConfigs.build(MiddlewareConfigs.yaml("ipAllowList",
                "sourceRange: [\"127.0.0.1\"]\nrejectStatusCode: 0"), "m")).isNotNull();
    }

    @Test
    void unknownOptionsAreErrors() {
        assertThat(MiddlewareConfigs.error("ipAllowList", "sourceRange: [\"127.0.0.1\"]\nsourceRanges: [\"1.1.1.1\"]"))
                .contains("sourceRanges");
        assertThat(MiddlewareConfigs.error("ipAllowList", "sourceRange: [\"127.0.0.1\"]\nipStrategy:\n  dept: 1"))
                .contains("dept");
    }

    @Test
    void ipWhiteListHasNoRejectStatusCode() {
        assertThat(MiddlewareConfigs.error("ipWhiteList", "sourceRange: [\"127.0.0.1\"]\nrejectStatusCode: 404"))
                .contains("rejectStatusCode");
    }

    @Test
    void ipWhiteListValidatesCidrsToo() {
        assertThat(MiddlewareConfigs.error("ipWhiteList", "sourceRange: [\"10.0.0.0/33\"]"))
                .contains("http.middlewares.m.ipWhiteList.sourceRange[0]");
    }

    private static Middleware build(String options) throws Exception {
        return MiddlewareConfigs.build(MiddlewareConfigs.yaml("ipAllowList", options), "m");
    }

    @Test
    void withoutIpStrategyASpoofedForwardedForIsIgnored() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.behindTrustedProxy(build("sourceRange: [\"10.0.0.0/8\"]"))) {
            assertThat(proxy.get("/", "X-Forwarded-For", "10.0.0.1").statusCode()).isEqualTo(403);
            assertThat(proxy.get("/", "X-Real-Ip", "10.0.0.1").statusCode()).isEqualTo(403);
        }
        try (ProxiedMiddleware proxy = ProxiedMiddleware.behindTrustedProxy(build("sourceRange: [\"127.0.0.1\"]"))) {
            assertThat(proxy.get("/", "X-Forwarded-For", "192.0.2.1").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void entriesPrependedBeyondTheDepthAreNotTrusted() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.behindTrustedProxy(
                build("sourceRange: [\"10.0.0.0/8\"]\nipStrategy:\n  depth: 2"))) {
            assertThat(proxy.get("/", "X-Forwarded-For", "10.0.0.1, 192.0.2.1").statusCode()).isEqualTo(200);
            // the attacker prepends an allowed address; the depth-th entry from the right is theirs
            assertThat(proxy.get("/", "X-Forwarded-For", "10.0.0.1, 192.0.2.9, 192.0.2.1").statusCode())
                    .isEqualTo(403);
            // fewer entries than depth: no client IP, rejected
            assertThat(proxy.get("/", "X-Forwarded-For", "10.0.0.1").statusCode()).isEqualTo(403);
            assertThat(proxy.get("/").statusCode()).isEqualTo(403);
        }
    }

    @Test
    void garbageForwardedForEntriesAreRejectedNotErrors() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.behindTrustedProxy(
                build("sourceRange: [\"10.0.0.0/8\"]\nipStrategy:\n  depth: 1"))) {
            for (String xff : new String[] {"not-an-ip", "10.0.0.999", ",,,", " ", "10.0.0.1/8", "[::1]",
                    "10.0.0.1\u00e9", "0x0a000001", "167772161"}) {
                assertThat(proxy.get("/", "X-Forwarded-For", xff).statusCode()).as(xff).isEqualTo(403);
            }
        }
    }

    @Test
    void hugeForwardedForListUsesTheRightEntry() throws Exception {
        StringJoiner xff = new StringJoiner(", ");
        for (int i = 0; i < 2000; i++) {
            xff.add("192.0." + (i % 256) + "." + (i % 200 + 1));
        }
        xff.add("10.1.2.3");
        try (ProxiedMiddleware proxy = ProxiedMiddleware.behindTrustedProxy(
                build("sourceRange: [\"10.0.0.0/8\"]\nipStrategy:\n  depth: 1"))) {
            assertThat(proxy.get("/", "X-Forwarded-For", xff.toString()).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void ipv4MappedIpv6AddressesCountAsIpv4() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.behindTrustedProxy(
                build("sourceRange: [\"10.0.0.0/8\"]\nipStrategy:\n  depth: 1"))) {
            assertThat(proxy.get("/", "X-Forwarded-For", "::ffff:10.0.0.1").statusCode()).isEqualTo(200);
            assertThat(proxy.get("/", "X-Forwarded-For", "::ffff:11.0.0.1").statusCode()).isEqualTo(403);
        }
    }

    @Test
    void ipv4MappedCidrMatchesIpv4Clients() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.behindTrustedProxy(
                build("sourceRange: [\"::ffff:10.0.0.0/104\"]\nipStrategy:\n  depth: 1"))) {
            assertThat(proxy.get("/", "X-Forwarded-For", "10.0.0.1").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void ipv6RangesMatchOnlyTheirNetwork() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.behindTrustedProxy(
                build("sourceRange: [\"2001:db8::/32\"]\nipStrategy:\n  depth: 1\nrejectStatusCode: 404"))) {
            assertThat(proxy.get("/", "X-Forwarded-For", "2001:db8:ffff::1").statusCode()).isEqualTo(200);
            assertThat(proxy.get("/", "X-Forwarded-For", "2001:db9::1").statusCode()).isEqualTo(404);
            assertThat(proxy.get("/", "X-Forwarded-For", "2001:DB8::1").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void excludedIpsSkipTrustedProxiesFromTheRight() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.behindTrustedProxy(build(
                "sourceRange: [\"10.0.0.0/8\"]\nipStrategy:\n  excludedIPs: [\"192.0.2.0/24\"]"))) {
            assertThat(proxy.get("/", "X-Forwarded-For", "10.0.0.1, 192.0.2.1, 192.0.2.2").statusCode())
                    .isEqualTo(200);
            assertThat(proxy.get("/", "X-Forwarded-For", "10.0.0.1, 198.51.100.1, 192.0.2.2").statusCode())
                    .isEqualTo(403);
            assertThat(proxy.get("/", "X-Forwarded-For", "192.0.2.1, 192.0.2.2").statusCode()).isEqualTo(403);
        }
    }

    @Test
    void depthWinsOverExcludedIps() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.behindTrustedProxy(build(
                "sourceRange: [\"10.0.0.0/8\"]\nipStrategy:\n  depth: 1\n  excludedIPs: [\"10.0.0.0/8\"]"))) {
            assertThat(proxy.get("/", "X-Forwarded-For", "192.0.2.1, 10.0.0.1").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void rejectedRequestsGetTheConfiguredStatusAndNoBackendBody() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(build("sourceRange: [\"192.0.2.0/24\"]\nrejectStatusCode: 418"))) {
            HttpResponse<String> response = proxy.get("/secret");
            assertThat(response.statusCode()).isEqualTo(418);
            assertThat(response.body()).doesNotContain("server: backend");
        }
    }
}
