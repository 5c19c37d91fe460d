package io.gatehouse.core.service;

import io.gatehouse.core.config.CertificateFiles;
import io.gatehouse.core.config.ForwardingTimeouts;
import io.gatehouse.core.config.ServersTransportConfig;
import io.gatehouse.core.testing.TestCertificates;
import io.gatehouse.core.testing.TestCertificates.KeyType;
import io.gatehouse.core.testing.TestProxy;
import io.gatehouse.core.testing.TestServer;
import io.undertow.server.HttpHandler;
import io.undertow.server.SSLSessionInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class BackendTlsAndHttp2Test {

    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    static Path dir;
    static TestCertificates.Ca ca;
    static Path caFile;
    /** Certificate for backend.test and 127.0.0.1. */
    static TestCertificates.Issued byIp;
    /** Certificate for backend.test only. */
    static TestCertificates.Issued byName;

    /** Answers "protocol sni client-cert-subject". */
    static final HttpHandler TLS_INFO = exchange -> {
        String sni = "-";
        String client = "-";
        SSLSessionInfo tls = exchange.getConnection().getSslSessionInfo();
        if (tls != null && tls.getSSLSession() instanceof ExtendedSSLSession session) {
            for (SNIServerName name : session.getRequestedServerNames()) {
                sni = ((SNIHostName) name).getAsciiName();
            }
            try {
                client = ((X509Certificate) tls.getPeerCertificates()[0]).getSubjectX500Principal().getName();
            } catch (Exception none) {
                // no client certificate
            }
        }
        exchange.getResponseSender().send(exchange.getProtocol() + " " + sni + " " + client);
    };

    @BeforeAll
    static void pki() throws Exception {
        ca = TestCertificates.ca("Test CA");
        caFile = ca.writePem(dir, "ca");
        byIp = ca.issue("backend", List.of("backend.test"), List.of("127.0.0.1"), KeyType.RSA);
        byName = ca.issue("backend", List.of("backend.test"), List.of(), KeyType.EC);
    }

    @AfterAll
    static void clear() {
        ca = null;
    }

    static ServersTransportConfig transport(String serverName, boolean insecure, List<String> rootCAs,
                                            List<CertificateFiles> certificates, boolean disableHttp2) {
        return new ServersTransportConfig(serverName, insecure, rootCAs, certificates, 200, ForwardingTimeouts.DEFAULTS, disableHttp2);
    }

    static HttpResponse<String> get(TestProxy proxy) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(proxy.url("/"))).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void httpsServerTrustedThroughRootCAs() throws Exception {
        try (TestServer backend = TestServer.https(TLS_INFO, byIp.sslContext(null), false, false);
             TestProxy proxy = TestProxy.to(List.of(backend.url()), transport(null, false, List.of(caFile.toString()), List.of(), false))) {
            HttpResponse<String> response = get(proxy);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).startsWith("HTTP/1.1 ");
        }
    }

    @Test
    void untrustedServerCertificateIs502() throws Exception {
        try (TestServer backend = TestServer.https(TLS_INFO, byIp.sslContext(null), false, false);
             TestProxy proxy = TestProxy.to(List.of(backend.url()), ServersTransportConfig.DEFAULT)) {
            HttpResponse<String> response = get(proxy);
            assertThat(response.statusCode()).isEqualTo(502);
            assertThat(response.body()).isEqualTo("Bad Gateway\n");
        }
    }

    @Test
    void insecureSkipVerifyAcceptsAnyCertificate() throws Exception {
        try (TestServer backend = TestServer.https(TLS_INFO, byName.sslContext(null), false, false);
             TestProxy proxy = TestProxy.to(List.of(backend.url()), transport(null, true, List.of(), List.of(), false))) {
            assertThat(get(proxy).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void serverNameIsSentAsSniAndVerified() throws Exception {
        try (TestServer backend = TestServer.https(TLS_INFO, byName.sslContext(null), false, false)) {
            try (TestProxy proxy = TestProxy.to(List.of(backend.url()),
                    transport("backend.test", false, List.of(caFile.toString()), List.of(), false))) {
                HttpResponse<String> response = get(proxy);
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body().split(" ")[1]).isEqualTo("backend.test");
            }
            // the certificate does not name 127.0.0.1: without serverName verification fails
            try (TestProxy proxy = TestProxy.to(List.of(backend.url()),
                    transport(null, false, List.of(caFile.toString()), List.of(), false))) {
                assertThat(get(proxy).statusCode()).isEqualTo(502);
            }
            // and a serverName the certificate does not name fails too
            try (TestProxy proxy = TestProxy.to(List.of(backend.url()),
                    transport("other.test", false, List.of(caFile.toString()), List.of(), false))) {
                assertThat(get(proxy).statusCode()).isEqualTo(502);
            }
        }
    }

    @Test
    void clientCertificatesInEveryKeyFormat() throws Exception {
        try (TestServer backend = TestServer.https(TLS_INFO, byIp.sslContext(ca.certificate()), false, true)) {
            int n = 0;
            for (KeyType type : KeyType.values()) {
                for (boolean traditional : new boolean[] {false, true}) {
                    TestCertificates.Issued client = ca.issue("client-" + n, List.of(), List.of(), type);
                    Path[] files = client.writePem(dir, "client-" + n, traditional);
                    try (TestProxy proxy = TestProxy.to(List.of(backend.url()), transport(null, false,
                            List.of(caFile.toString()), List.of(new CertificateFiles(files[0].toString(), files[1].toString())), false))) {
                        HttpResponse<String> response = get(proxy);
                        assertThat(response.statusCode()).as(type + (traditional ? " traditional" : " PKCS#8")).isEqualTo(200);
                        assertThat(response.body()).endsWith("CN=client-" + n);
                    }
                    n++;
                }
            }
            // without a client certificate the server refuses the handshake
            try (TestProxy proxy = TestProxy.to(List.of(backend.url()),
                    transport(null, false, List.of(caFile.toString()), List.of(), false))) {
                assertThat(get(proxy).statusCode()).isEqualTo(502);
            }
        }
    }

    @Test
    void http2OverTlsThroughAlpnUnlessDisabled() throws Exception {
        try (TestServer backend = TestServer.https(TLS_INFO, byIp.sslContext(null), true, false)) {
            try (TestProxy proxy = TestProxy.to(List.of(backend.url()), transport(null, false, List.of(caFile.toString()), List.of(), false))) {
                for (int i = 0; i < 3; i++) {
                    HttpResponse<String> response = get(proxy);
                    assertThat(response.statusCode()).isEqualTo(200);
                    assertThat(response.body()).startsWith("HTTP/2.0 ");
                }
            }
            try (TestProxy proxy = TestProxy.to(List.of(backend.url()), transport(null, false, List.of(caFile.toString()), List.of(), true))) {
                assertThat(get(proxy).body()).startsWith("HTTP/1.1 ");
            }
        }
    }

    @Test
    void h2cSchemeSpeaksHttp2InClear() throws Exception {
        try (TestServer backend = TestServer.h2c(TLS_INFO);
             TestProxy proxy = TestProxy.to(backend.url().replace("http://", "h2c://"))) {
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> response = get(proxy);
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body()).startsWith("HTTP/2.0 ");
            }
        }
        try (TestServer backend = TestServer.h2c(TLS_INFO);
             TestProxy proxy = TestProxy.to(backend.url())) {
            assertThat(get(proxy).body()).startsWith("HTTP/1.1 ");
        }
    }

    @Test
    void chunkedAndFixedLengthBodiesToAnHttp2Server() throws Exception {
        TestServer backend = TestServer.h2c(exchange -> exchange.getRequestReceiver().receiveFullString(
                (ex, body) -> ex.getResponseSender().send(ex.getProtocol() + " " + body)));
        try (backend; TestProxy proxy = TestProxy.to(backend.url().replace("http://", "h2c://"))) {
            HttpResponse<String> chunked = CLIENT.send(HttpRequest.newBuilder(URI.create(proxy.url("/")))
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream("streamed".getBytes())))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(chunked.statusCode()).isEqualTo(200);
            assertThat(chunked.body()).isEqualTo("HTTP/2.0 streamed");
            HttpResponse<String> fixed = CLIENT.send(HttpRequest.newBuilder(URI.create(proxy.url("/")))
                    .POST(HttpRequest.BodyPublishers.ofString("fixed")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(fixed.body()).isEqualTo("HTTP/2.0 fixed");
        }
    }
}
