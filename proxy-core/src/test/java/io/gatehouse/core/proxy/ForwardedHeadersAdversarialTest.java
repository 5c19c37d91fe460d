package io.gatehouse.core.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.gatehouse.core.config.ConfigError;
import io.gatehouse.core.config.ConfigException;
import io.gatehouse.core.config.ForwardedHeadersConfig;
import io.gatehouse.core.config.LoadBalancerConfig;
import io.gatehouse.core.config.ServerConfig;
import io.gatehouse.core.config.ServersTransportConfig;
import io.gatehouse.core.testing.EchoHandler;
import io.gatehouse.core.testing.RawHttp;
import io.gatehouse.core.testing.TestProxy;
import io.gatehouse.core.testing.TestServer;
import io.undertow.server.HttpHandler;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile forwardedHeaders configurations and spoofing clients, from docs/forwarded-headers.md alone. The proxy
 * runs as an entry point mounts it (ForwardedHeadersHandler in front of a LoadBalancedService) in front of an
 * echoing backend; clients are raw sockets from 127.0.0.1.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ForwardedHeadersAdversarialTest {

    private static final HttpHandler NEXT = exchange -> exchange.getResponseSender().send("ok");
    private static TestServer backend;

    @BeforeAll
    static void startBackend() {
        backend = TestServer.http(new EchoHandler("echo"));
    }

    @AfterAll
    static void stopBackend() {
        backend.close();
    }

    // ---------------------------------------------------------------- trustedIPs

    @ParameterizedTest(name = "[{index}] ''{0}''")
    @ValueSource(strings = {"example.com", "localhost", "garbage", "", " ", "10.0.0.0/33", "10.0.0.0/-1",
            "10.0.0.0/", "/8", "10.0.0.0/8/8", "10.0.0.0/abc", "::/129", "2001:db8::/200", "256.0.0.1", "1.2.3",
            "1.2.3.4.5", "1.2.3.4:80", "[::1]", "10.0.0.1-10.0.0.9", "*", "10.0.0.0/8 ", " 10.0.0.1", "10.0.0.1\n",
            "10.0.0.0/99999999999999999999", "0x0a.0.0.1", "gggg::1"})
    void rejectsBadTrustedIp(String entry) {
        Throwable thrown = catchThrowable(() -> new ForwardedHeadersHandler(
                new ForwardedHeadersConfig(false, List.of("192.168.1.7", entry)), NEXT));
        assertThat(thrown).as("trustedIPs entry '%s'", entry).isInstanceOf(ConfigException.class);
        List<ConfigError> errors = ((ConfigException) thrown).errors();
        assertThat(errors).as(thrown.getMessage()).hasSize(1);
        // docs/forwarded-headers.md: "forwardedHeaders.trustedIPs[1]: is not an IP or a CIDR (got 'example.com')"
        assertThat(errors.get(0).path()).endsWith("forwardedHeaders.trustedIPs[1]");
        assertThat(errors.get(0).message()).isNotBlank();
        // control characters are shown escaped, on one line (ConfigError)
        assertThat(errors.get(0).toString()).contains("(got '" + entry.replace("\n", "\\n") + "')");
    }

    @Test
    void nullTrustedIpEntryIsAConfigErrorNotANullPointer() {
        // YAML `trustedIPs: [~]` decodes to a null entry; it must be a configuration error like any bad entry.
        Throwable thrown = catchThrowable(() -> new ForwardedHeadersHandler(
                new ForwardedHeadersConfig(false, Arrays.asList("10.0.0.1", null)), NEXT));
        assertThat(thrown).isInstanceOf(ConfigException.class);
    }

    @Test
    void documentedHostNameMessage() {
        Throwable thrown = catchThrowable(() -> new ForwardedHeadersHandler(
                new ForwardedHeadersConfig(false, List.of("10.0.0.0/8", "example.com")), NEXT));
        assertThat(thrown).isInstanceOf(ConfigException.class);
        // the doc gives this message as an example ("e.g."): its path, its reason and the value must be there
        assertThat(thrown.getMessage()).contains("forwardedHeaders.trustedIPs[1]: is not an IP or a CIDR")
                .endsWith("(got 'example.com')");
    }

    @ParameterizedTest(name = "[{index}] ''{0}''")
    @ValueSource(strings = {"0.0.0.0/0", "::/0", "10.0.0.0/8", "192.168.1.7", "2001:db8::/32", "::1", "127.0.0.1/32",
            "::ffff:10.0.0.1", "10.1.2.3/8"})
    void acceptsDocumentedTrustedIps(String entry) throws Exception {
        assertThat(new ForwardedHeadersHandler(new ForwardedHeadersConfig(false, List.of(entry)), NEXT)).isNotNull();
    }

    // ---------------------------------------------------------------- spoofing clients

    @Test
    void untrustedPeerCannotSpoofAnyForwardedHeader() throws Exception {
        try (TestProxy proxy = proxy(ForwardedHeadersConfig.NONE_TRUSTED)) {
            String body = send(proxy, "GET /x HTTP/1.1\r\nHost: shop.example.com:8080\r\n"
                    + "X-Forwarded-For: 6.6.6.6\r\nX-Forwarded-For: 7.7.7.7\r\nX-Real-Ip: 6.6.6.6\r\n"
                    + "X-Forwarded-Host: evil.example\r\nX-Forwarded-Proto: https\r\nX-Forwarded-Port: 443\r\n"
                    + "X-Forwarded-Server: evil\r\nX-Forwarded-Uri: /admin\r\nX-Forwarded-Method: DELETE\r\n"
                    + "X-Forwarded-Prefix: /admin\r\nX-Forwarded-Scheme: https\r\nX-Scheme: https\r\n"
                    + "X-Forwarded-Tls-Client-Cert: forged\r\nX-Forwarded-Tls-Client-Cert-Info: forged\r\n"
                    + "X_Forwarded_For: 8.8.8.8\r\nX_Real_Ip: 8.8.8.8\r\nx-forwarded-for: 9.9.9.9\r\n\r\n");
            assertThat(EchoHandler.fields(body, "x-forwarded-for")).containsExactly("127.0.0.1");
            assertThat(EchoHandler.fields(body, "x-real-ip")).containsExactly("127.0.0.1");
            assertThat(EchoHandler.fields(body, "x-forwarded-host")).containsExactly("shop.example.com:8080");
            assertThat(EchoHandler.fields(body, "x-forwarded-proto")).containsExactly("http");
            assertThat(EchoHandler.fields(body, "x-forwarded-port")).containsExactly("8080");
            assertThat(EchoHandler.fields(body, "x-forwarded-server")).hasSize(1).doesNotContain("evil");
            for (String gone : List.of("x-forwarded-uri", "x-forwarded-method", "x-forwarded-prefix",
                    "x-forwarded-scheme", "x-scheme", "x-forwarded-tls-client-cert", "x-forwarded-tls-client-cert-info",
                    "x_forwarded_for", "x_real_ip")) {
                assertThat(EchoHandler.fields(body, gone)).as(gone).isEmpty();
            }
        }
    }

    @Test
    void mixedCaseAndUnderscoreSpellingsAreRemovedToo() throws Exception {
        try (TestProxy proxy = proxy(ForwardedHeadersConfig.NONE_TRUSTED)) {
            String body = send(proxy, "GET /x HTTP/1.1\r\nHost: a\r\nX_FORWARDED_HOST: evil\r\nx_forwarded_proto: https\r\n"
                    + "X-FORWARDED-FOR: 6.6.6.6\r\nX_Forwarded_Tls_Client_Cert: forged\r\n\r\n");
            assertThat(EchoHandler.fields(body, "x_forwarded_host")).isEmpty();
            assertThat(EchoHandler.fields(body, "x_forwarded_proto")).isEmpty();
            assertThat(EchoHandler.fields(body, "x_forwarded_tls_client_cert")).isEmpty();
            assertThat(EchoHandler.fields(body, "x-forwarded-for")).containsExactly("127.0.0.1");
        }
    }

    @ParameterizedTest(name = "[{index}] Connection: {0}")
    @ValueSource(strings = {"X-Forwarded-For, X-Real-Ip", "x-forwarded-for,x-real-ip,x-forwarded-host",
            "close, X-Forwarded-For", "X-Forwarded-Proto, X-Forwarded-Port, X-Forwarded-Server",
            "keep-alive, X-REAL-IP", " X-Forwarded-For , X-Real-Ip "})
    void connectionHeaderCannotStripTheProxysHeaders(String connection) throws Exception {
        // docs/forwarded-headers.md (CVE-2024-45410): "The server always gets the proxy's X-Forwarded-For and X-Real-Ip."
        try (TestProxy proxy = proxy(ForwardedHeadersConfig.NONE_TRUSTED)) {
            String body = send(proxy, "GET /x HTTP/1.1\r\nHost: a.example\r\nConnection: " + connection + "\r\n\r\n");
            assertThat(EchoHandler.fields(body, "x-forwarded-for")).containsExactly("127.0.0.1");
            assertThat(EchoHandler.fields(body, "x-real-ip")).containsExactly("127.0.0.1");
            assertThat(EchoHandler.fields(body, "x-forwarded-host")).containsExactly("a.example");
            assertThat(EchoHandler.fields(body, "x-forwarded-proto")).containsExactly("http");
            assertThat(EchoHandler.fields(body, "x-forwarded-port")).containsExactly("80");
            assertThat(EchoHandler.fields(body, "x-forwarded-server")).hasSize(1);
            assertThat(EchoHandler.fields(body, "connection")).isEmpty();
        }
    }

    @Test
    void connectionHeaderSplitOverTwoLinesCannotStripTheProxysHeaders() throws Exception {
        try (TestProxy proxy = proxy(ForwardedHeadersConfig.NONE_TRUSTED)) {
            String body = send(proxy, "GET /x HTTP/1.1\r\nHost: a.example\r\nConnection: keep-alive\r\n"
                    + "Connection: X-Forwarded-For\r\nConnection: X-Real-Ip\r\n\r\n");
            assertThat(EchoHandler.fields(body, "x-forwarded-for")).containsExactly("127.0.0.1");
            assertThat(EchoHandler.fields(body, "x-real-ip")).containsExactly("127.0.0.1");
        }
    }

    @Test
    void connectionHeaderFromATrustedPeerCannotStripTheTrustedChain() throws Exception {
        try (TestProxy proxy = proxy(new ForwardedHeadersConfig(false, List.of("127.0.0.1")))) {
            String body = send(proxy, "GET /x HTTP/1.1\r\nHost: a.example\r\nX-Forwarded-For: 1.2.3.4\r\n"
                    + "X-Real-Ip: 1.2.3.4\r\nConnection: X-Forwarded-For, X-Real-Ip\r\n\r\n");
            assertThat(EchoHandler.fields(body, "x-forwarded-for")).containsExactly("1.2.3.4, 127.0.0.1");
            assertThat(EchoHandler.fields(body, "x-real-ip")).containsExactly("1.2.3.4");
        }
    }

    @Test
    void connectionHeaderStillRemovesOrdinaryHeadersItNames() throws Exception {
        // docs/forwarded-headers.md: "every header named in Connection" is never forwarded.
        try (TestProxy proxy = proxy(ForwardedHeadersConfig.NONE_TRUSTED)) {
            String body = send(proxy, "GET /x HTTP/1.1\r\nHost: a\r\nConnection: X-Hop, X-Forwarded-For\r\n"
                    + "X-Hop: secret\r\nX-Keep: yes\r\n\r\n");
            assertThat(EchoHandler.fields(body, "x-hop")).isEmpty();
            assertThat(EchoHandler.fields(body, "x-keep")).containsExactly("yes");
            assertThat(EchoHandler.fields(body, "x-forwarded-for")).containsExactly("127.0.0.1");
        }
    }

    @Test
    void hopByHopRequestHeadersAreNotForwarded() throws Exception {
        try (TestProxy proxy = proxy(ForwardedHeadersConfig.NONE_TRUSTED)) {
            String body = send(proxy, "GET /x HTTP/1.1\r\nHost: a\r\nKeep-Alive: timeout=5\r\nProxy-Connection: keep-alive\r\n"
                    + "Proxy-Authorization: Basic c2VjcmV0OnNlY3JldA==\r\nTE: gzip\r\nTrailer: X-T\r\nUpgrade: h2c\r\n\r\n");
            for (String gone : List.of("keep-alive", "proxy-connection", "proxy-authorization", "te", "trailer",
                    "upgrade")) {
                assertThat(EchoHandler.fields(body, gone)).as(gone).isEmpty();
            }
        }
    }

    @Test
    void teTrailersIsKept() throws Exception {
        try (TestProxy proxy = proxy(ForwardedHeadersConfig.NONE_TRUSTED)) {
            String body = send(proxy, "GET /x HTTP/1.1\r\nHost: a\r\nTE: trailers\r\n\r\n");
            assertThat(EchoHandler.fields(body, "te")).containsExactly("trailers");
        }
    }

    @Test
    void trustedPeerChainGrowsByThePeerAndSeveralLinesAreJoinedInOrder() throws Exception {
        try (TestProxy proxy = proxy(new ForwardedHeadersConfig(false, List.of("127.0.0.0/8")))) {
            String body = send(proxy, "GET /x HTTP/1.1\r\nHost: a\r\nX-Forwarded-For: 1.2.3.4\r\n"
                    + "X-Forwarded-For: 10.0.0.1\r\nX-Forwarded-Proto: https\r\n\r\n");
            assertThat(EchoHandler.fields(body, "x-forwarded-for")).containsExactly("1.2.3.4, 10.0.0.1, 127.0.0.1");
            assertThat(EchoHandler.fields(body, "x-forwarded-proto")).containsExactly("https");
        }
    }

    @Test
    void trustingAnotherNetworkDoesNotTrustThisPeer() throws Exception {
        try (TestProxy proxy = proxy(new ForwardedHeadersConfig(false, List.of("10.0.0.0/8", "::1", "128.0.0.1")))) {
            String body = send(proxy, "GET /x HTTP/1.1\r\nHost: a\r\nX-Forwarded-For: 10.0.0.1\r\n"
                    + "X-Real-Ip: 10.0.0.1\r\nX-Forwarded-Proto: https\r\n\r\n");
            assertThat(EchoHandler.fields(body, "x-forwarded-for")).containsExactly("127.0.0.1");
            assertThat(EchoHandler.fields(body, "x-real-ip")).containsExactly("127.0.0.1");
            assertThat(EchoHandler.fields(body, "x-forwarded-proto")).containsExactly("http");
        }
    }

    @Test
    void hugeSpoofedForwardedForFromAnUntrustedPeerIsDropped() throws Exception {
        try (TestProxy proxy = proxy(ForwardedHeadersConfig.NONE_TRUSTED)) {
            String body = send(proxy, "GET /x HTTP/1.1\r\nHost: a\r\nX-Forwarded-For: " + "1.1.1.1, ".repeat(500)
                    + "2.2.2.2\r\n\r\n");
            assertThat(EchoHandler.fields(body, "x-forwarded-for")).containsExactly("127.0.0.1");
        }
    }

    @Test
    void forwardedRfc7239PassesThroughUntouched() throws Exception {
        try (TestProxy proxy = proxy(ForwardedHeadersConfig.NONE_TRUSTED)) {
            String body = send(proxy, "GET /x HTTP/1.1\r\nHost: a\r\nForwarded: for=6.6.6.6;proto=https\r\n\r\n");
            assertThat(EchoHandler.fields(body, "forwarded")).containsExactly("for=6.6.6.6;proto=https");
        }
    }

    // ---------------------------------------------------------------- helpers

    private static TestProxy proxy(ForwardedHeadersConfig forwarded) throws Exception {
        return new TestProxy(LoadBalancerConfig.of(List.of(ServerConfig.of(backend.url()))),
                ServersTransportConfig.DEFAULT, forwarded);
    }

    private static String send(TestProxy proxy, String request) throws Exception {
        RawHttp.Response response = RawHttp.exchange(proxy.port(), request);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.body();
    }
}
