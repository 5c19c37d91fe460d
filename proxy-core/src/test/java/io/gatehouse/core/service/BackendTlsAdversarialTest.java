package io.gatehouse.core.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.core.config.CertificateFiles;
import io.gatehouse.core.config.ServersTransportConfig;
import io.gatehouse.core.testing.EchoHandler;
import io.gatehouse.core.testing.RawHttp;
import io.gatehouse.core.testing.TestCertificates;
import io.gatehouse.core.testing.TestProxy;
import io.gatehouse.core.testing.TestServer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS backends the proxy must not trust, from docs/services.md: "502 Bad Gateway ... the TLS handshake failed
 * (untrusted certificate, wrong name, client certificate refused)", with a plain body that never names the server.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class BackendTlsAdversarialTest {

    private static final String GET = "GET /x HTTP/1.1\r\nHost: example.com\r\n\r\n";

    @TempDir
    static Path dir;
    private static TestCertificates.Ca ca;
    private static Path caPem;
    private static Path otherCaPem;
    private static TestServer tlsBackend;
    private static TestServer mtlsBackend;
    private static TestServer dnsOnlyBackend;

    @BeforeAll
    static void start() throws Exception {
        ca = TestCertificates.ca("backend-ca");
        caPem = ca.writePem(dir, "backend");
        otherCaPem = TestCertificates.ca("stranger-ca").writePem(dir, "stranger");
        TestCertificates.Issued serverCert = ca.issue("backend.internal", List.of("backend.internal"),
                List.of("127.0.0.1"), TestCertificates.KeyType.EC);
        tlsBackend = TestServer.https(new EchoHandler("tls"), serverCert.sslContext(null), false, false);
        mtlsBackend = TestServer.https(new EchoHandler("mtls"), serverCert.sslContext(ca.certificate()), false, true);
        dnsOnlyBackend = TestServer.https(new EchoHandler("dns"), ca.issue("api.internal", List.of("api.internal"),
                List.of(), TestCertificates.KeyType.RSA).sslContext(null), false, false);
    }

    @AfterAll
    static void stop() {
        tlsBackend.close();
        mtlsBackend.close();
        dnsOnlyBackend.close();
    }

    @Test
    void trustedBackendAnswers() throws Exception {
        try (TestProxy proxy = TestProxy.to(List.of(tlsBackend.url()), transport(null, List.of(caPem.toString()), List.of()))) {
            assertThat(RawHttp.exchange(proxy.port(), GET).status()).isEqualTo(200);
        }
    }

    @Test
    void certificateFromAnUnknownCaGives502() throws Exception {
        // no rootCAs: the JVM's default trust store, which does not know the test CA
        try (TestProxy proxy = TestProxy.to(List.of(tlsBackend.url()), transport(null, List.of(), List.of()))) {
            HostilePeersAdversarialTest.assertPlainError(RawHttp.exchange(proxy.port(), GET), 502, tlsBackend.port());
        }
    }

    @Test
    void rootCasReplaceTheDefaultTrust() throws Exception {
        // docs/services.md: "when set, ONLY these CAs are trusted"
        try (TestProxy proxy = TestProxy.to(List.of(tlsBackend.url()),
                transport(null, List.of(otherCaPem.toString()), List.of()))) {
            HostilePeersAdversarialTest.assertPlainError(RawHttp.exchange(proxy.port(), GET), 502, tlsBackend.port());
        }
    }

    @Test
    void wrongServerNameGives502() throws Exception {
        try (TestProxy proxy = TestProxy.to(List.of(tlsBackend.url()),
                transport("evil.example", List.of(caPem.toString()), List.of()))) {
            HostilePeersAdversarialTest.assertPlainError(RawHttp.exchange(proxy.port(), GET), 502, tlsBackend.port());
        }
    }

    @Test
    void serverNameIsTheNameVerified() throws Exception {
        // control for wrongServerNameGives502: a certificate for api.internal only, reached by IP
        try (TestProxy proxy = TestProxy.to(List.of(dnsOnlyBackend.url()),
                transport("api.internal", List.of(caPem.toString()), List.of()))) {
            assertThat(RawHttp.exchange(proxy.port(), GET).status()).isEqualTo(200);
        }
    }

    @Test
    void withoutServerNameTheUrlHostIsVerified() throws Exception {
        // docs/services.md: serverName defaults to "the URL's host"; 127.0.0.1 is not in this certificate
        try (TestProxy proxy = TestProxy.to(List.of(dnsOnlyBackend.url()),
                transport(null, List.of(caPem.toString()), List.of()))) {
            HostilePeersAdversarialTest.assertPlainError(RawHttp.exchange(proxy.port(), GET), 502, dnsOnlyBackend.port());
        }
    }

    @Test
    void wrongServerNameForADnsOnlyCertificateGives502() throws Exception {
        try (TestProxy proxy = TestProxy.to(List.of(dnsOnlyBackend.url()),
                transport("evil.example", List.of(caPem.toString()), List.of()))) {
            HostilePeersAdversarialTest.assertPlainError(RawHttp.exchange(proxy.port(), GET), 502, dnsOnlyBackend.port());
        }
    }

    @Test
    void refusedClientCertificateGives502() throws Exception {
        try (TestProxy proxy = TestProxy.to(List.of(mtlsBackend.url()),
                transport(null, List.of(caPem.toString()), List.of()))) {
            HostilePeersAdversarialTest.assertPlainError(RawHttp.exchange(proxy.port(), GET), 502, mtlsBackend.port());
        }
    }

    @Test
    void clientCertificateFromAnotherCaGives502() throws Exception {
        Path[] stranger = TestCertificates.ca("client-stranger").issue("client", List.of("client"), List.of(),
                TestCertificates.KeyType.RSA).writePem(dir, "stranger-client", false);
        try (TestProxy proxy = TestProxy.to(List.of(mtlsBackend.url()), transport(null, List.of(caPem.toString()),
                List.of(new CertificateFiles(stranger[0].toString(), stranger[1].toString()))))) {
            HostilePeersAdversarialTest.assertPlainError(RawHttp.exchange(proxy.port(), GET), 502, mtlsBackend.port());
        }
    }

    @Test
    void plainHttpToATlsPortGives502() throws Exception {
        try (TestProxy proxy = TestProxy.to("http://127.0.0.1:" + tlsBackend.port())) {
            RawHttp.Response response = RawHttp.exchange(proxy.port(), GET);
            HostilePeersAdversarialTest.assertPlainError(response, 502, tlsBackend.port());
        }
    }

    @Test
    void tlsToAPlainPortGives502() throws Exception {
        try (TestServer plain = TestServer.http(new EchoHandler("plain"));
             TestProxy proxy = TestProxy.to(List.of("https://127.0.0.1:" + plain.port()),
                     transport(null, List.of(caPem.toString()), List.of()))) {
            HostilePeersAdversarialTest.assertPlainError(RawHttp.exchange(proxy.port(), GET), 502, plain.port());
        }
    }

    @Test
    void afterHandshakeFailuresTheProxyStillServesTrustedBackends() throws Exception {
        try (TestProxy proxy = TestProxy.to(List.of(tlsBackend.url()),
                transport(null, List.of(otherCaPem.toString()), List.of()))) {
            for (int i = 0; i < 20; i++) {
                assertThat(RawHttp.exchange(proxy.port(), GET).status()).isEqualTo(502);
            }
        }
        try (TestProxy proxy = TestProxy.to(List.of(tlsBackend.url()), transport(null, List.of(caPem.toString()), List.of()))) {
            assertThat(RawHttp.exchange(proxy.port(), GET).status()).isEqualTo(200);
        }
    }

    private static ServersTransportConfig transport(String serverName, List<String> rootCAs, List<CertificateFiles> certs) {
        return new ServersTransportConfig(serverName, false, rootCAs, certs, 200, null, false);
    }
}
