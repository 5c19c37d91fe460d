package io.gatehouse.core.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.core.config.ServersTransportConfig;
import io.gatehouse.core.testing.EchoHandler;
import io.gatehouse.core.testing.RawHttp;
import io.gatehouse.core.testing.TestCertificates;
import io.gatehouse.core.testing.TestProxy;
import io.undertow.Undertow;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An https server reached by an IPv6 literal URL: without serverName its IP (the JDK drops the brackets) is what
 * the certificate must carry; with serverName only that name counts.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class Ipv6TlsBackendTest {

    private static final String GET = "GET /x HTTP/1.1\r\nHost: example.com\r\n\r\n";

    @TempDir
    static Path dir;
    private static Path caPem;
    private static Undertow withIpSan;
    private static Undertow withoutIpSan;

    @BeforeAll
    static void start() throws Exception {
        TestCertificates.Ca ca = TestCertificates.ca("v6-ca");
        caPem = ca.writePem(dir, "v6");
        withIpSan = https(ca.issue("v6", List.of("v6.internal"), List.of("::1"), TestCertificates.KeyType.EC));
        withoutIpSan = https(ca.issue("v6", List.of("v6.internal"), List.of(), TestCertificates.KeyType.EC));
    }

    @AfterAll
    static void stop() {
        withIpSan.stop();
        withoutIpSan.stop();
    }

    @Test
    void ipv6LiteralIsVerifiedAgainstTheIpSan() throws Exception {
        try (TestProxy proxy = TestProxy.to(List.of(url(withIpSan)), transport(null))) {
            assertThat(RawHttp.exchange(proxy.port(), GET).status()).isEqualTo(200);
        }
    }

    @Test
    void ipv6LiteralNotInTheCertificateGives502() throws Exception {
        try (TestProxy proxy = TestProxy.to(List.of(url(withoutIpSan)), transport(null))) {
            assertThat(RawHttp.exchange(proxy.port(), GET).status()).isEqualTo(502);
        }
    }

    @Test
    void serverNameReplacesTheIpv6Literal() throws Exception {
        try (TestProxy proxy = TestProxy.to(List.of(url(withoutIpSan)), transport("v6.internal"))) {
            assertThat(RawHttp.exchange(proxy.port(), GET).status()).isEqualTo(200);
        }
        try (TestProxy proxy = TestProxy.to(List.of(url(withIpSan)), transport("evil.example"))) {
            assertThat(RawHttp.exchange(proxy.port(), GET).status()).isEqualTo(502);
        }
    }

    private static Undertow https(TestCertificates.Issued certificate) throws Exception {
        Undertow server = Undertow.builder().addHttpsListener(0, "::1", certificate.sslContext(null))
                .setHandler(new EchoHandler("v6")).build();
        server.start();
        return server;
    }

    private static String url(Undertow server) {
        return "https://[::1]:" + ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    private static ServersTransportConfig transport(String serverName) {
        return new ServersTransportConfig(serverName, false, List.of(caPem.toString()), List.of(), 200, null, false);
    }
}
