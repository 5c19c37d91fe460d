package io.gatehouse.middleware.forwardauth;

import io.gatehouse.core.config.ConfigException;
import io.gatehouse.core.testing.EchoHandler;
import io.gatehouse.core.testing.TestCertificates;
import io.gatehouse.core.testing.TestServer;
import io.gatehouse.middleware.testing.ProxyFixture;
import io.undertow.server.HttpHandler;
import io.undertow.util.HttpString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(60)
class ForwardAuthTlsTest {

    /** An auth server that lets in whoever presents a client certificate, naming them by its subject. */
    private static final HttpHandler BY_CLIENT_CERT = exchange -> {
        String user = "anonymous";
        try {
            var certs = exchange.getConnection().getSslSessionInfo().getPeerCertificates();
            user = ((X509Certificate) certs[0]).getSubjectX500Principal().getName();
        } catch (Exception none) {
            // no client certificate
        }
        exchange.getResponseHeaders().put(new HttpString("X-Auth-User"), user);
        exchange.getResponseSender().send("");
    };

    @Test
    void httpsAuthServerWithCaAndClientCertificate(@TempDir Path dir) throws Exception {
        TestCertificates.Ca ca = TestCertificates.ca("Auth CA");
        TestCertificates.Issued server = ca.issue("localhost", List.of("localhost"), List.of("127.0.0.1"), TestCertificates.KeyType.RSA);
        TestCertificates.Issued client = ca.issue("gatehouse", List.of(), List.of(), TestCertificates.KeyType.EC);
        Path caFile = ca.writePem(dir, "ca");
        Path[] clientFiles = client.writePem(dir, "client", false);
        try (TestServer auth = TestServer.https(BY_CLIENT_CERT, server.sslContext(ca.certificate()), false, true)) {
            ForwardAuthConfig config = ForwardAuthConfig.address("https://localhost:" + auth.port() + "/verify")
                    .withAuthResponseHeaders("X-Auth-User")
                    .withTls(new ForwardAuthTlsConfig(caFile.toString(), clientFiles[0].toString(), clientFiles[1].toString(), false, false));
            try (ProxyFixture proxy = ProxyFixture.start(new ForwardAuth(config, "m"), false)) {
                var response = proxy.get("/");
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(EchoHandler.field(response.body(), "x-auth-user")).isEqualTo("CN=gatehouse");
            }
            // Without the CA the auth server is not trusted: denied.
            try (ProxyFixture proxy = ProxyFixture.start(ForwardAuth.of("https://localhost:" + auth.port() + "/verify"), false)) {
                assertThat(proxy.get("/").statusCode()).isEqualTo(500);
            }
        }
    }

    @Test
    void insecureSkipVerifyAcceptsAnyServerCertificate() throws Exception {
        TestCertificates.Ca ca = TestCertificates.ca("Unknown CA");
        TestCertificates.Issued server = ca.issue("elsewhere.example", List.of("elsewhere.example"), List.of(), TestCertificates.KeyType.EC);
        try (TestServer auth = TestServer.https(BY_CLIENT_CERT, server.sslContext(null), false, false)) {
            ForwardAuthConfig config = ForwardAuthConfig.address("https://127.0.0.1:" + auth.port() + "/verify")
                    .withAuthResponseHeaders("X-Auth-User").withTls(new ForwardAuthTlsConfig(null, null, null, true, false));
            try (ProxyFixture proxy = ProxyFixture.start(new ForwardAuth(config, "m"), false)) {
                var response = proxy.get("/");
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(EchoHandler.field(response.body(), "x-auth-user")).isEqualTo("anonymous");
            }
        }
    }

    @Test
    void badTlsFilesAreClearErrors(@TempDir Path dir) throws Exception {
        TestCertificates.Ca ca = TestCertificates.ca("CA");
        TestCertificates.Issued client = ca.issue("c", List.of(), List.of(), TestCertificates.KeyType.RSA);
        Path[] traditional = client.writePem(dir, "client", true);
        Path notPem = dir.resolve("junk.pem");
        java.nio.file.Files.writeString(notPem, "junk");
        // a PKCS#1 ("RSA PRIVATE KEY") key is read like a PKCS#8 one
        new ForwardAuth(ForwardAuthConfig.address("https://a/").withTls(new ForwardAuthTlsConfig(
                null, traditional[0].toString(), traditional[1].toString(), false, false)), "http.middlewares.m.forwardAuth");
        assertThatThrownBy(() -> new ForwardAuth(ForwardAuthConfig.address("https://a/").withTls(new ForwardAuthTlsConfig(
                null, traditional[0].toString(), notPem.toString(), false, false)), "http.middlewares.m.forwardAuth"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("forwardAuth.tls.key").hasMessageContaining("junk.pem");
        assertThatThrownBy(() -> new ForwardAuth(ForwardAuthConfig.address("https://a/").withTls(new ForwardAuthTlsConfig(
                notPem.toString(), null, null, false, false)), "http.middlewares.m.forwardAuth"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("forwardAuth.tls.ca");
    }
}
