package io.gatehouse.core.proxy;

import io.gatehouse.core.config.ConfigException;
import io.gatehouse.core.config.ForwardedHeadersConfig;
import io.gatehouse.core.config.LoadBalancerConfig;
import io.gatehouse.core.config.ServerConfig;
import io.gatehouse.core.config.ServersTransportConfig;
import io.gatehouse.core.testing.EchoHandler;
import io.gatehouse.core.testing.RawHttp;
import io.gatehouse.core.testing.TestProxy;
import io.gatehouse.core.testing.TestServer;
import io.undertow.util.HttpString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static io.gatehouse.core.testing.EchoHandler.field;
import static io.gatehouse.core.testing.EchoHandler.fields;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(60)
class ForwardedHeadersHandlerTest {

    static TestServer echo;

    @BeforeAll
    static void start() {
        echo = TestServer.http(new EchoHandler("echo"));
    }

    @AfterAll
    static void stop() {
        echo.close();
    }

    static TestProxy proxy(ForwardedHeadersConfig forwarded) throws Exception {
        return new TestProxy(LoadBalancerConfig.of(List.of(ServerConfig.of(echo.url()))), ServersTransportConfig.DEFAULT, forwarded);
    }

    static String send(TestProxy proxy, String headers) throws Exception {
        RawHttp.Response response = RawHttp.exchange(proxy.port(),
                "GET /x HTTP/1.1\r\nHost: example.com:8443\r\n" + headers + "Content-Length: 0\r\n\r\n");
        assertThat(response.status()).isEqualTo(200);
        return response.body();
    }

    static final String SPOOFED = "X-Forwarded-For: 1.2.3.4\r\nX-Forwarded-Proto: https\r\nX-Real-Ip: 9.9.9.9\r\n"
            + "X-Forwarded-Host: evil.example\r\nX-Forwarded-Port: 1\r\nX-Forwarded-Prefix: /evil\r\nX_Forwarded_For: 5.6.7.8\r\n";

    @Test
    void untrustedPeersForwardedHeadersAreReplaced() throws Exception {
        try (TestProxy proxy = proxy(ForwardedHeadersConfig.NONE_TRUSTED)) {
            String body = send(proxy, SPOOFED);
            assertThat(fields(body, "x-forwarded-for")).containsExactly("127.0.0.1");
            assertThat(field(body, "x-forwarded-proto")).isEqualTo("http");
            assertThat(field(body, "x-real-ip")).isEqualTo("127.0.0.1");
            assertThat(field(body, "x-forwarded-host")).isEqualTo("example.com:8443");
            assertThat(field(body, "x-forwarded-port")).isEqualTo("8443");
            assertThat(field(body, "x-forwarded-server")).isEqualTo(ProxyHostname.NAME).isNotBlank();
            assertThat(field(body, "x-forwarded-prefix")).isNull();
            assertThat(field(body, "x_forwarded_for")).isNull();
        }
    }

    @Test
    void trustedPeersForwardedHeadersAreKeptAndTheChainExtended() throws Exception {
        try (TestProxy proxy = proxy(new ForwardedHeadersConfig(false, List.of("10.0.0.0/8", "127.0.0.0/8")))) {
            String body = send(proxy, SPOOFED + "X-Forwarded-For: 10.1.1.1\r\n");
            assertThat(fields(body, "x-forwarded-for")).containsExactly("1.2.3.4, 10.1.1.1, 127.0.0.1");
            assertThat(field(body, "x-forwarded-proto")).isEqualTo("https");
            assertThat(field(body, "x-real-ip")).isEqualTo("9.9.9.9");
            assertThat(field(body, "x-forwarded-host")).isEqualTo("evil.example");
            assertThat(field(body, "x-forwarded-port")).isEqualTo("1");
            assertThat(field(body, "x-forwarded-prefix")).isEqualTo("/evil");
        }
    }

    @Test
    void insecureTrustsEveryone() throws Exception {
        try (TestProxy proxy = proxy(new ForwardedHeadersConfig(true, List.of()))) {
            String body = send(proxy, SPOOFED);
            assertThat(fields(body, "x-forwarded-for")).containsExactly("1.2.3.4, 127.0.0.1");
            assertThat(field(body, "x-real-ip")).isEqualTo("9.9.9.9");
        }
    }

    @Test
    void peersOutsideTheTrustedNetworksAreNotTrusted() throws Exception {
        try (TestProxy proxy = proxy(new ForwardedHeadersConfig(false, List.of("10.0.0.0/8", "::1/128", "127.0.0.2")))) {
            String body = send(proxy, SPOOFED);
            assertThat(fields(body, "x-forwarded-for")).containsExactly("127.0.0.1");
            assertThat(field(body, "x-forwarded-proto")).isEqualTo("http");
        }
    }

    @Test
    void connectionHeaderCannotRemoveTheForwardedHeaders() throws Exception {
        // CVE-2024-45410: naming X-Forwarded-* in Connection must not strip what the proxy adds.
        try (TestProxy proxy = proxy(new ForwardedHeadersConfig(false, List.of("127.0.0.1")))) {
            String body = send(proxy, "Connection: keep-alive, X-Forwarded-For, X-Real-Ip, X-Forwarded-Host, X-Custom\r\n"
                    + "X-Forwarded-For: 1.2.3.4\r\nX-Custom: secret\r\nX-Other: kept\r\n");
            assertThat(fields(body, "x-forwarded-for")).containsExactly("1.2.3.4, 127.0.0.1");
            assertThat(field(body, "x-real-ip")).isEqualTo("127.0.0.1");
            assertThat(field(body, "x-forwarded-host")).isEqualTo("example.com:8443");
            assertThat(field(body, "x-custom")).isNull();
            assertThat(field(body, "x-other")).isEqualTo("kept");
            assertThat(field(body, "connection")).isNull();
        }
    }

    @Test
    void hopByHopRequestHeadersAreNotForwarded() throws Exception {
        try (TestProxy proxy = proxy(ForwardedHeadersConfig.NONE_TRUSTED)) {
            String body = send(proxy, "Keep-Alive: timeout=5\r\nProxy-Authorization: Basic eDp5\r\nProxy-Connection: keep-alive\r\n"
                    + "TE: gzip\r\nTrailer: X-Sum\r\nUpgrade: something\r\nX-Kept: yes\r\n");
            for (String header : List.of("keep-alive", "proxy-authorization", "proxy-connection", "te", "trailer", "upgrade",
                    "connection", "x-disable-push")) {
                assertThat(field(body, header)).as(header).isNull();
            }
            assertThat(field(body, "x-kept")).isEqualTo("yes");
        }
    }

    @Test
    void teTrailersIsKept() throws Exception {
        try (TestProxy proxy = proxy(ForwardedHeadersConfig.NONE_TRUSTED)) {
            assertThat(field(send(proxy, "TE: trailers, gzip\r\n"), "te")).isEqualTo("trailers");
        }
    }

    @Test
    void hopByHopResponseHeadersAreNotReturned() throws Exception {
        TestServer backend = TestServer.http(exchange -> {
            exchange.getResponseHeaders().put(HttpString.tryFromString("Connection"), "X-Secret");
            exchange.getResponseHeaders().put(HttpString.tryFromString("X-Secret"), "internal");
            exchange.getResponseHeaders().put(HttpString.tryFromString("Keep-Alive"), "timeout=5");
            exchange.getResponseHeaders().put(HttpString.tryFromString("Proxy-Authenticate"), "Basic");
            exchange.getResponseHeaders().put(HttpString.tryFromString("Upgrade"), "foo");
            exchange.getResponseHeaders().put(HttpString.tryFromString("X-Public"), "yes");
            exchange.getResponseSender().send("ok");
        });
        try (backend; TestProxy proxy = TestProxy.to(backend.url())) {
            for (int i = 0; i < 2; i++) {
                RawHttp.Response response = RawHttp.exchange(proxy.port(), "GET / HTTP/1.1\r\nHost: a\r\n\r\n");
                assertThat(response.status()).isEqualTo(200);
                assertThat(response.body()).isEqualTo("ok");
                assertThat(response.header("x-public")).isEqualTo("yes");
                assertThat(response.header("x-secret")).isNull();
                assertThat(response.header("keep-alive")).isNull();
                assertThat(response.header("proxy-authenticate")).isNull();
                assertThat(response.header("upgrade")).isNull();
                // the proxy's own connection management may say keep-alive; never the server's tokens
                assertThat(response.header("connection")).satisfiesAnyOf(
                        c -> assertThat(c).isNull(), c -> assertThat(c).isEqualToIgnoringCase("keep-alive"));
            }
        }
    }

    @Test
    void tlsEntryPointSendsHttpsAndWebSocketGetsWs() throws Exception {
        io.gatehouse.core.testing.TestCertificates.Ca ca = io.gatehouse.core.testing.TestCertificates.ca("entry-ca");
        var cert = ca.issue("proxy", List.of(), List.of("127.0.0.1"), io.gatehouse.core.testing.TestCertificates.KeyType.EC);
        try (io.gatehouse.core.service.LoadBalancedService service = io.gatehouse.core.service.LoadBalancedService.create(
                "tls", LoadBalancerConfig.of(List.of(ServerConfig.of(echo.url()))), null);
             TestServer entry = TestServer.https(new ForwardedHeadersHandler(ForwardedHeadersConfig.NONE_TRUSTED, service),
                     cert.sslContext(null), false, false)) {
            javax.net.ssl.SSLContext trust = ca.issue("client", List.of(), List.of(), io.gatehouse.core.testing.TestCertificates.KeyType.EC)
                    .sslContext(ca.certificate());
            java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder().sslContext(trust)
                    .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
            String body = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(entry.url() + "/")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            assertThat(field(body, "x-forwarded-proto")).isEqualTo("https");
            assertThat(field(body, "x-forwarded-port")).isEqualTo(String.valueOf(entry.port()));
        }
    }

    @Test
    void badTrustedIpsAreConfigErrors() {
        assertThatThrownBy(() -> new ForwardedHeadersHandler(
                new ForwardedHeadersConfig(false, List.of("10.0.0.0/8", "example.com", "10.0.0.0/33", "1.2.3", "", "::1/129", "1.2.3.4/")),
                exchange -> { }))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.errors())
                        .extracting(error -> error.path())
                        .containsExactly("forwardedHeaders.trustedIPs[1]", "forwardedHeaders.trustedIPs[2]",
                                "forwardedHeaders.trustedIPs[3]", "forwardedHeaders.trustedIPs[4]",
                                "forwardedHeaders.trustedIPs[5]", "forwardedHeaders.trustedIPs[6]"))
                .hasMessageContaining("example.com").hasMessageContaining("IP or a CIDR");
    }

    @Test
    void validTrustedIpsAreAccepted() throws Exception {
        new ForwardedHeadersHandler(new ForwardedHeadersConfig(false,
                List.of("192.168.1.7", "0.0.0.0/0", "2001:db8::/32", "::1", "10.0.0.0/8")), exchange -> { });
    }
}
