package io.gatehouse.middleware.passtlsclientcert;

import io.gatehouse.core.config.CertificateFiles;
import io.gatehouse.core.config.TlsConfig;
import io.gatehouse.core.config.TlsOptions;
import io.gatehouse.core.config.TlsStore;
import io.gatehouse.core.server.Gatehouse;
import io.gatehouse.core.testing.TestCertificates;
import io.gatehouse.core.testing.TestCertificates.Issued;
import io.undertow.Undertow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The middleware behind a Gatehouse TLS entry point: the client certificate of the handshake reaches the backend. */
@Timeout(60)
class PassTlsClientCertOnGatehouseTest {

    @TempDir
    Path dir;

    private Undertow backend;
    private Gatehouse gatehouse;

    @AfterEach
    void close() {
        if (gatehouse != null) {
            gatehouse.close();
        }
        if (backend != null) {
            backend.stop();
        }
    }

    @Test
    void theClientCertificateOfTheHandshakeIsPassedOverHttp11AndHttp2() throws Exception {
        TestCertificates.Ca ca = TestCertificates.ca("Server CA");
        Path[] server = ca.issue("localhost", List.of("localhost"), List.of(), TestCertificates.KeyType.EC)
                .writePem(dir, "server", false);
        TestCertificates.Ca clientCa = TestCertificates.ca("Client CA");
        Path clientCaFile = clientCa.writePem(dir, "clients");
        Issued alice = clientCa.issue("alice", List.of(), List.of(), TestCertificates.KeyType.RSA);

        backend = Undertow.builder().setIoThreads(1).addHttpListener(0, "127.0.0.1", exchange -> {
            String pem = exchange.getRequestHeaders().getFirst(PassTlsClientCert.CERT);
            exchange.getResponseSender().send(pem == null ? "none" : pem);
        }).build();
        backend.start();
        int backendPort = ((InetSocketAddress) backend.getListenerInfo().get(0).getAddress()).getPort();

        TlsConfig tls = new TlsConfig(List.of(),
                Map.of("default", new TlsOptions(null, null, null, null, false, null,
                        new TlsOptions.ClientAuth(List.of(clientCaFile.toString()), "RequireAndVerifyClientCert"))),
                Map.of("default", new TlsStore(new CertificateFiles(server[0].toString(), server[1].toString()))));
        gatehouse = Gatehouse.builder().ioThreads(1)
                .entryPoint("websecure", "127.0.0.1:0")
                .tls(tls)
                .middleware("cert", PassTlsClientCert.pem())
                .service("backend", s -> s.server("http://127.0.0.1:" + backendPort))
                .router("secure", r -> r.rule("PathPrefix(`/`)").middlewares("cert").service("backend").tls())
                .start();
        assertThat(gatehouse.errors()).isEmpty();

        // the client sends its chain (leaf, CA): Traefik's header lists each, comma-separated
        String expected = CertificateHeaders.pem(new java.security.cert.X509Certificate[] {alice.certificate(), clientCa.certificate()});
        for (HttpClient.Version version : HttpClient.Version.values()) {
            HttpClient client = HttpClient.newBuilder().sslContext(alice.sslContext(ca.certificate())).version(version).build();
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                    URI.create("https://localhost:" + gatehouse.port("websecure") + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.version()).isEqualTo(version);
            assertThat(response.body()).isEqualTo(expected);
        }
    }
}
