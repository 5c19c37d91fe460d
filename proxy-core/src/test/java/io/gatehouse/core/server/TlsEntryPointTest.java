package io.gatehouse.core.server;

import io.gatehouse.core.config.ConfigError;
import io.gatehouse.core.provider.FileProvider;
import io.gatehouse.core.testing.RawHttp;
import io.gatehouse.core.testing.TestCertificates;
import io.gatehouse.core.testing.TestCertificates.Issued;
import io.gatehouse.core.testing.TestCertificates.KeyType;
import io.gatehouse.core.tls.DefaultCertificate;
import io.undertow.Undertow;
import io.undertow.util.Headers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * TLS at the edge with real sockets and certificates made by the test: SNI selection, the default
 * certificate, TLS options per host, client certificates, HTTP/2, reloads and bad input.
 */
@Timeout(90)
class TlsEntryPointTest {

    @TempDir
    static Path pki;

    static TestCertificates.Ca ca;
    static Path caFile;
    static Path[] a;
    static Path[] b;
    static Path[] wildcard;
    static Path[] localhost;
    static Path[] a2;
    static Path[] expired;
    static Issued client;
    static Issued rogueClient;
    static Path clientCaFile;

    @TempDir
    Path dir;

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private String backend;
    private Gatehouse gatehouse;
    private Path dynamic;

    @BeforeAll
    static void certificates() throws Exception {
        ca = TestCertificates.ca("Gatehouse Test CA");
        caFile = ca.writePem(pki, "server");
        a = ca.issue("a.test", List.of("a.test"), List.of(), KeyType.RSA).writePem(pki, "a", false);
        b = ca.issue("b.test", List.of("b.test"), List.of(), KeyType.EC).writePem(pki, "b", true);
        wildcard = ca.issue("wild", List.of("*.wild.test"), List.of(), KeyType.RSA).writePem(pki, "wild", true);
        localhost = ca.issue("localhost", List.of("localhost"), List.of("127.0.0.1"), KeyType.EC).writePem(pki, "localhost", false);
        a2 = ca.issue("a.test v2", List.of("a.test"), List.of(), KeyType.EC).writePem(pki, "a2", false);
        expired = ca.issue("old.test", List.of("old.test"), List.of(), KeyType.RSA,
                Instant.now().minus(Duration.ofDays(30)), Instant.now().minus(Duration.ofDays(1))).writePem(pki, "old", false);
        TestCertificates.Ca clientCa = TestCertificates.ca("Client CA");
        clientCaFile = clientCa.writePem(pki, "client");
        client = clientCa.issue("alice", List.of(), List.of(), KeyType.RSA);
        rogueClient = TestCertificates.ca("Rogue CA").issue("mallory", List.of(), List.of(), KeyType.RSA);
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    // ---- fixture

    private String backend() {
        if (backend == null) {
            Undertow server = Undertow.builder().setIoThreads(1).addHttpListener(0, "127.0.0.1", exchange -> {
                exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
                exchange.getResponseSender().send("ok " + exchange.getRequestHeaders().getFirst(Headers.HOST));
            }).build();
            server.start();
            toClose.add(server::stop);
            backend = "http://127.0.0.1:" + ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
        }
        return backend;
    }

    /** A dynamic configuration: a backend service, the given routers and tls section (YAML). */
    private String config(String routers, String tls) {
        return "http:\n  routers:\n" + routers.indent(4) + "  services:\n    backend:\n      loadBalancer:\n"
                + "        servers:\n          - url: \"" + backend() + "\"\n" + tls;
    }

    private static String certificates(Path[]... pairs) {
        StringBuilder out = new StringBuilder("  certificates:\n");
        for (Path[] pair : pairs) {
            out.append("    - certFile: \"").append(pair[0]).append("\"\n      keyFile: \"").append(pair[1]).append("\"\n");
        }
        return out.toString();
    }

    private static final String ANY_HOST_TLS = """
            secure:
              rule: "PathPrefix(`/`)"
              service: backend
              tls: {}
            """;

    private Gatehouse start(String yaml) throws Exception {
        dynamic = dir.resolve("dynamic.yml");
        Files.writeString(dynamic, yaml);
        gatehouse = Gatehouse.builder().ioThreads(1)
                .entryPoint("websecure", "127.0.0.1:0")
                .providersThrottleDuration(Duration.ZERO)
                .provider(FileProvider.watching(dynamic).debounce(Duration.ofMillis(20)))
                .start();
        toClose.add(gatehouse);
        assertThat(gatehouse.awaitConfigApplied(Duration.ofSeconds(30))).isTrue();
        return gatehouse;
    }

    /** Rewrites the watched file; the caller waits for what the new configuration makes visible. */
    private void reload(String yaml) throws Exception {
        Files.writeString(dynamic, yaml);
    }

    private volatile String expectedAfterReload;

    private boolean servesNewConfig() {
        if (expectedAfterReload == null) {
            return false;
        }
        try (TlsClient c = TlsClient.connect(port(), "a.test", TlsClient.trustingAnything())) {
            return c.peerCommonName().equals(expectedAfterReload);
        } catch (Exception e) {
            return false;
        }
    }

    private int port() {
        return gatehouse.port("websecure");
    }

    /** A plain HTTP/1.1 request on the same port with this Host; the status. */
    private int plainStatus(String host) throws Exception {
        return RawHttp.exchange(port(), "GET / HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n").status();
    }

    private String commonName(String sni) throws Exception {
        try (TlsClient c = TlsClient.connect(port(), sni, TlsClient.trustingAnything())) {
            return c.peerCommonName();
        }
    }

    // ---- certificates by SNI

    @Test
    void picksTheCertificateBySniExactAndWildcardAndServesTheGeneratedDefaultOtherwise() throws Exception {
        start(config(ANY_HOST_TLS, "tls:\n" + certificates(a, b, wildcard)));
        try (TlsClient c = TlsClient.connect(port(), "a.test", TlsClient.trusting(ca.certificate()))) {
            assertThat(c.peerCommonName()).isEqualTo("a.test");
            assertThat(c.get("a.test", "/").body()).isEqualTo("ok a.test");
        }
        assertThat(commonName("b.test")).isEqualTo("b.test");
        assertThat(commonName("B.Test")).isEqualTo("b.test");
        assertThat(commonName("x.wild.test")).isEqualTo("wild");
        assertThat(commonName("a.b.wild.test")).isEqualTo(DefaultCertificate.COMMON_NAME); // one label only
        assertThat(commonName("unknown.test")).isEqualTo(DefaultCertificate.COMMON_NAME);
        assertThat(commonName(null)).isEqualTo(DefaultCertificate.COMMON_NAME);
        assertThat(gatehouse.errors()).isEmpty();
    }

    @Test
    void servesTheConfiguredDefaultCertificateForUnknownNames() throws Exception {
        start(config(ANY_HOST_TLS, "tls:\n" + certificates(a) + "  stores:\n    default:\n      defaultCertificate:\n"
                + "        certFile: \"" + localhost[0] + "\"\n        keyFile: \"" + localhost[1] + "\"\n"));
        assertThat(commonName("unknown.test")).isEqualTo("localhost");
        assertThat(commonName(null)).isEqualTo("localhost");
        assertThat(commonName("a.test")).isEqualTo("a.test");
    }

    @Test
    void sniStrictRefusesNamesWithoutACertificate() throws Exception {
        start(config(ANY_HOST_TLS, "tls:\n" + certificates(a) + "  options:\n    default:\n      sniStrict: true\n"));
        assertThat(commonName("a.test")).isEqualTo("a.test");
        assertThatThrownBy(() -> commonName("unknown.test")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> commonName(null)).isInstanceOf(IOException.class);
    }

    // ---- plain and TLS on one port

    @Test
    void tlsRoutersServeOnlyHttpsAndOtherRoutersOnlyHttpOnTheSamePort() throws Exception {
        start(config("""
                secure:
                  rule: "Host(`a.test`)"
                  service: backend
                  tls: {}
                plain:
                  rule: "Host(`plain.test`)"
                  service: backend
                """, "tls:\n" + certificates(a)));
        assertThat(plainStatus("plain.test")).isEqualTo(200);
        assertThat(plainStatus("a.test")).isEqualTo(404);
        try (TlsClient c = TlsClient.connect(port(), "a.test", TlsClient.trusting(ca.certificate()))) {
            assertThat(c.get("a.test", "/").status()).isEqualTo(200);
            assertThat(c.get("plain.test", "/").status()).isEqualTo(404);
        }
    }

    @Test
    void aPlainClientThatHalfClosesAfterItsRequestStillGetsTheResponse() throws Exception {
        start(config("plain:\n  rule: \"PathPrefix(`/`)\"\n  service: backend\n", ""));
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port())) {
            socket.setSoTimeout(15_000);
            socket.getOutputStream().write("GET / HTTP/1.0\r\nHost: x.test\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            socket.shutdownOutput();
            assertThat(RawHttp.read(socket.getInputStream()).status()).isEqualTo(200);
        }
    }

    @Test
    void aConnectionThatSendsNothingIsClosedAfterTheReadTimeout() throws Exception {
        gatehouse = Gatehouse.builder().ioThreads(1)
                .entryPoint("websecure", new io.gatehouse.core.config.EntryPointConfig("127.0.0.1:0", null,
                        new io.gatehouse.core.config.RespondingTimeouts(Duration.ofMillis(300), Duration.ZERO, Duration.ZERO), null))
                .start();
        toClose.add(gatehouse);
        try (java.net.Socket silent = new java.net.Socket("127.0.0.1", port())) {
            silent.setSoTimeout(20_000); // a generous bound: the proxy closes it long before
            assertThat(silent.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void anEntryPointWithHttpTlsMakesItsRoutersTlsRouters() throws Exception {
        dynamic = dir.resolve("dynamic.yml");
        Files.writeString(dynamic, config("""
                site:
                  rule: "Host(`a.test`)"
                  service: backend
                """, "tls:\n" + certificates(a)));
        gatehouse = Gatehouse.builder().ioThreads(1)
                .entryPoint("websecure", io.gatehouse.core.config.EntryPointConfig.of("127.0.0.1:0")
                        .withTls(io.gatehouse.core.config.RouterTlsConfig.DEFAULT))
                .providersThrottleDuration(Duration.ZERO)
                .provider(FileProvider.watching(dynamic))
                .start();
        toClose.add(gatehouse);
        assertThat(gatehouse.awaitConfigApplied(Duration.ofSeconds(30))).isTrue();
        try (TlsClient c = TlsClient.connect(port(), "a.test", TlsClient.trusting(ca.certificate()))) {
            assertThat(c.get("a.test", "/").body()).isEqualTo("ok a.test");
        }
        assertThat(plainStatus("a.test")).isEqualTo(404);
    }

    // ---- TLS options

    private static final String OPTIONS_ROUTERS = """
            modern:
              rule: "Host(`a.test`)"
              service: backend
              tls:
                options: modern
            legacy:
              rule: "Host(`b.test`)"
              service: backend
              tls:
                options: legacy
            """;

    @Test
    void versionLimitsApplyPerHostByTheRoutersOptions() throws Exception {
        start(config(OPTIONS_ROUTERS, "tls:\n" + certificates(a, b) + """
                  options:
                    modern:
                      minVersion: VersionTLS13
                    legacy:
                      minVersion: VersionTLS12
                      maxVersion: VersionTLS12
                """));
        SSLContext trusting = TlsClient.trusting(ca.certificate());
        try (TlsClient c = TlsClient.connect(port(), "a.test", trusting)) {
            assertThat(c.protocol()).isEqualTo("TLSv1.3");
            assertThat(c.get("a.test", "/").status()).isEqualTo(200);
        }
        assertThatThrownBy(() -> TlsClient.connect(port(), "a.test", trusting, p -> p.setProtocols(new String[] {"TLSv1.2"})))
                .isInstanceOf(IOException.class);
        try (TlsClient c = TlsClient.connect(port(), "b.test", trusting)) {
            assertThat(c.protocol()).isEqualTo("TLSv1.2");
        }
        // a name no router claims gets the default options: TLS 1.2 and 1.3
        try (TlsClient c = TlsClient.connect(port(), "other.test", TlsClient.trustingAnything(),
                p -> p.setProtocols(new String[] {"TLSv1.2"}))) {
            assertThat(c.protocol()).isEqualTo("TLSv1.2");
        }
        assertThat(gatehouse.errors()).isEmpty();
    }

    @Test
    void cipherSuitesRestrictTls12Handshakes() throws Exception {
        start(config(OPTIONS_ROUTERS, "tls:\n" + certificates(a, b) + """
                  options:
                    modern:
                      maxVersion: VersionTLS12
                      cipherSuites:
                        - TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384
                    legacy: {}
                """));
        SSLContext trusting = TlsClient.trusting(ca.certificate());
        try (TlsClient c = TlsClient.connect(port(), "a.test", trusting)) {
            assertThat(c.cipherSuite()).isEqualTo("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");
        }
        assertThatThrownBy(() -> TlsClient.connect(port(), "a.test", trusting,
                p -> p.setCipherSuites(new String[] {"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"})))
                .isInstanceOf(IOException.class);
    }

    @Test
    void conflictingOptionsForOneHostFallBackToTheDefaultOptionsWithAnError() throws Exception {
        start(config("""
                one:
                  rule: "Host(`a.test`) && Path(`/one`)"
                  service: backend
                  tls:
                    options: modern
                two:
                  rule: "Host(`a.test`) && Path(`/two`)"
                  service: backend
                  tls: {}
                """, "tls:\n" + certificates(a) + "  options:\n    modern:\n      minVersion: VersionTLS13\n"));
        try (TlsClient c = TlsClient.connect(port(), "a.test", TlsClient.trusting(ca.certificate()),
                p -> p.setProtocols(new String[] {"TLSv1.2"}))) {
            assertThat(c.protocol()).isEqualTo("TLSv1.2"); // the default options: 1.2 allowed
            assertThat(c.get("a.test", "/one").status()).isEqualTo(200);
        }
        assertThat(gatehouse.errors()).anySatisfy(e -> assertThat(e.toString())
                .contains("a.test").contains("different TLS options").contains("default"));
    }

    // ---- client certificates

    private Gatehouse startWithClientAuth(String type, boolean withCa) throws Exception {
        String caFiles = withCa ? "        caFiles:\n          - \"" + clientCaFile + "\"\n" : "";
        return start(config(ANY_HOST_TLS, "tls:\n" + certificates(a) + "  options:\n    default:\n      clientAuth:\n"
                + caFiles + "        clientAuthType: " + type + "\n"));
    }

    /** A request with the given client certificate (null: none); its status, or an exception when refused. */
    private int requestWithClientCertificate(Issued certificate) throws Exception {
        SSLContext context = certificate == null ? TlsClient.trusting(ca.certificate())
                : TlsClient.presenting(certificate, ca.certificate());
        try (TlsClient c = TlsClient.connect(port(), "a.test", context)) {
            return c.get("a.test", "/").status();
        }
    }

    @Test
    void requireAndVerifyClientCertAcceptsOnlyCertificatesFromTheCas() throws Exception {
        startWithClientAuth("RequireAndVerifyClientCert", true);
        assertThat(requestWithClientCertificate(client)).isEqualTo(200);
        assertThatThrownBy(() -> requestWithClientCertificate(null)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> requestWithClientCertificate(rogueClient)).isInstanceOf(IOException.class);
    }

    @Test
    void verifyClientCertIfGivenAcceptsNoneButRefusesAnUntrustedOne() throws Exception {
        startWithClientAuth("VerifyClientCertIfGiven", true);
        assertThat(requestWithClientCertificate(null)).isEqualTo(200);
        assertThat(requestWithClientCertificate(client)).isEqualTo(200);
        assertThatThrownBy(() -> requestWithClientCertificate(rogueClient)).isInstanceOf(IOException.class);
    }

    @Test
    void requireAnyClientCertNeedsACertificateButDoesNotVerifyIt() throws Exception {
        startWithClientAuth("RequireAnyClientCert", false);
        assertThat(requestWithClientCertificate(rogueClient)).isEqualTo(200);
        assertThatThrownBy(() -> requestWithClientCertificate(null)).isInstanceOf(IOException.class);
    }

    @Test
    void requestClientCertTakesWhateverIsGiven() throws Exception {
        startWithClientAuth("RequestClientCert", false);
        assertThat(requestWithClientCertificate(null)).isEqualTo(200);
        assertThat(requestWithClientCertificate(rogueClient)).isEqualTo(200);
    }

    @Test
    void caFilesAloneMeanRequireAndVerify() throws Exception {
        start(config(ANY_HOST_TLS, "tls:\n" + certificates(a) + "  options:\n    default:\n      clientAuth:\n"
                + "        caFiles:\n          - \"" + clientCaFile + "\"\n"));
        assertThat(requestWithClientCertificate(client)).isEqualTo(200);
        assertThatThrownBy(() -> requestWithClientCertificate(null)).isInstanceOf(IOException.class);
    }

    // ---- HTTP/2

    private String localhostConfig(String options) {
        return config(ANY_HOST_TLS, "tls:\n  stores:\n    default:\n      defaultCertificate:\n"
                + "        certFile: \"" + localhost[0] + "\"\n        keyFile: \"" + localhost[1] + "\"\n" + options);
    }

    @Test
    void negotiatesHttp2ByAlpnWithTheJdkClient() throws Exception {
        start(localhostConfig(""));
        HttpClient h2 = HttpClient.newBuilder().sslContext(TlsClient.trusting(ca.certificate()))
                .version(HttpClient.Version.HTTP_2).build();
        HttpResponse<String> response = h2.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port() + "/x")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(response.body()).startsWith("ok localhost");
    }

    @Test
    void alpnProtocolsWithoutH2KeepHttp11() throws Exception {
        start(localhostConfig("  options:\n    default:\n      alpnProtocols:\n        - http/1.1\n"));
        HttpClient h2 = HttpClient.newBuilder().sslContext(TlsClient.trusting(ca.certificate()))
                .version(HttpClient.Version.HTTP_2).build();
        HttpResponse<String> response = h2.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port() + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
    }

    @Test
    void curlNegotiatesHttp2() throws Exception {
        start(config(ANY_HOST_TLS, "tls:\n" + certificates(a)));
        Path curl = Path.of("/usr/bin/curl");
        assertThat(Files.isExecutable(curl) || Files.isExecutable(Path.of("/usr/local/bin/curl")))
                .as("this test needs curl with HTTP/2 (apt-get install curl)").isTrue();
        Process process = new ProcessBuilder("curl", "--silent", "--show-error", "--http2", "--cacert", caFile.toString(),
                "--resolve", "a.test:" + port() + ":127.0.0.1", "--write-out", "\n%{http_version}",
                "https://a.test:" + port() + "/").redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isZero();
        assertThat(output).isEqualTo("ok a.test:" + port() + "\n2");
    }

    @Test
    void plainConnectionsSpeakH2cWithPriorKnowledge() throws Exception {
        start(config("""
                plain:
                  rule: "PathPrefix(`/`)"
                  service: backend
                """, ""));
        Process process = new ProcessBuilder("curl", "--silent", "--show-error", "--http2-prior-knowledge",
                "--write-out", "\n%{http_version}", "http://127.0.0.1:" + port() + "/").redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isZero();
        assertThat(output).isEqualTo("ok 127.0.0.1:" + port() + "\n2");
        assertThat(plainStatus("x.test")).isEqualTo(200); // HTTP/1.1 on the same port as before
    }

    // ---- reloads

    @Test
    void aReloadRotatesTheCertificateForNewHandshakesAndOpenConnectionsSurvive() throws Exception {
        start(config(ANY_HOST_TLS, "tls:\n" + certificates(a, b)));
        SSLContext trusting = TlsClient.trusting(ca.certificate());
        try (TlsClient open = TlsClient.connect(port(), "a.test", trusting)) {
            assertThat(open.peerCommonName()).isEqualTo("a.test");
            assertThat(open.get("a.test", "/").status()).isEqualTo(200);

            expectedAfterReload = "a.test v2";
            reload(config(ANY_HOST_TLS, "tls:\n" + certificates(a2, b)));
            Await.until("the new certificate is served", this::servesNewConfig);

            assertThat(open.get("a.test", "/again").body()).isEqualTo("ok a.test");
            assertThat(open.peerCommonName()).isEqualTo("a.test");
        }
        assertThat(commonName("b.test")).isEqualTo("b.test");
    }

    // ---- bad input

    @Test
    void badCertificatesAreErrorsNamingTheFileWhileTheOthersKeepServing() throws Exception {
        Path notAFile = Files.createDirectory(dir.resolve("a-directory.pem"));
        Path[] mismatched = {a[0], b[1]};
        Path[] missing = {dir.resolve("missing.crt"), dir.resolve("missing.key")};
        start(config(ANY_HOST_TLS, "tls:\n" + certificates(missing, new Path[] {notAFile, a[1]}, expired, mismatched, b)));
        assertThat(commonName("b.test")).isEqualTo("b.test");
        assertThat(commonName("a.test")).isEqualTo(DefaultCertificate.COMMON_NAME);
        List<String> errors = gatehouse.errors().stream().map(ConfigError::toString).toList();
        assertThat(errors).anySatisfy(e -> assertThat(e).contains("tls.certificates[0]@file.certFile")
                .contains("missing.crt").contains("cannot be read"));
        assertThat(errors).anySatisfy(e -> assertThat(e).contains("tls.certificates[1]@file.certFile")
                .contains("a-directory.pem"));
        assertThat(errors).anySatisfy(e -> assertThat(e).contains("tls.certificates[2]@file.certFile")
                .contains("expired").contains("old.crt.pem"));
        assertThat(errors).anySatisfy(e -> assertThat(e).contains("tls.certificates[3]@file.keyFile")
                .contains("does not belong").contains("b.key.pem"));
        assertThat(gatehouse.providerErrors()).isEmpty(); // the provider's configuration applied: errors are per item
    }

    @Test
    void badOptionsAreErrorsNamingTheOptionAndTheirRoutersAreLeftOut() throws Exception {
        start(config("""
                bad-cipher:
                  rule: "Host(`a.test`)"
                  service: backend
                  tls:
                    options: cipher
                bad-versions:
                  rule: "Host(`b.test`)"
                  service: backend
                  tls:
                    options: versions
                missing-ca:
                  rule: "Host(`c.test`)"
                  service: backend
                  tls:
                    options: noca
                fine:
                  rule: "Host(`x.wild.test`)"
                  service: backend
                  tls: {}
                """, "tls:\n" + certificates(a, b, wildcard) + """
                  options:
                    cipher:
                      cipherSuites:
                        - TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
                        - TLS_NOT_A_CIPHER
                    versions:
                      minVersion: VersionTLS13
                      maxVersion: VersionTLS12
                    noca:
                      clientAuth:
                        clientAuthType: RequireAndVerifyClientCert
                """));
        List<String> errors = gatehouse.errors().stream().map(ConfigError::toString).toList();
        assertThat(errors).anySatisfy(e -> assertThat(e).contains("tls.options.cipher@file.cipherSuites[1]")
                .contains("TLS_NOT_A_CIPHER").contains("unknown cipher suite"));
        assertThat(errors).anySatisfy(e -> assertThat(e).contains("tls.options.versions@file.minVersion")
                .contains("above maxVersion"));
        assertThat(errors).anySatisfy(e -> assertThat(e).contains("tls.options.noca@file.clientAuth.caFiles")
                .contains("needs caFiles"));
        assertThat(errors).anySatisfy(e -> assertThat(e).contains("http.routers.bad-cipher@file.tls.options")
                .contains("have errors"));
        try (TlsClient c = TlsClient.connect(port(), "x.wild.test", TlsClient.trusting(ca.certificate()))) {
            assertThat(c.get("x.wild.test", "/").status()).isEqualTo(200);
            assertThat(c.get("a.test", "/").status()).isEqualTo(404); // its router was left out
        }
    }

    @Test
    void aRouterNamingOptionsThatDoNotExistIsLeftOutWithAnError() throws Exception {
        gatehouse = Gatehouse.builder().ioThreads(1).entryPoint("websecure", "127.0.0.1:0")
                .service("backend", s -> s.server(backend()))
                .router("other", r -> r.rule("Host(`a.test`)").service("backend")
                        .tls(new io.gatehouse.core.config.RouterTlsConfig("nosuch@file", null, null)))
                .router("fine", r -> r.rule("Host(`b.test`)").service("backend").tls())
                .start();
        toClose.add(gatehouse);
        assertThat(gatehouse.errors()).anySatisfy(e -> assertThat(e.toString())
                .contains("http.routers.other@code.tls.options").contains("no such TLS options 'nosuch@file'"));
        try (TlsClient c = TlsClient.connect(port(), "b.test", TlsClient.trustingAnything())) {
            assertThat(c.get("b.test", "/").status()).isEqualTo(200);
            assertThat(c.get("a.test", "/").status()).isEqualTo(404);
        }
    }

    @Test
    void aBrokenReloadOfACertificateKeepsThePreviousOneServing() throws Exception {
        // A bad configuration never replaces a good one: the entry that loaded before keeps its certificate.
        start(config(ANY_HOST_TLS, "tls:\n" + certificates(a, b)));
        reload(config(ANY_HOST_TLS, "tls:\n" + certificates(new Path[] {a[0], dir.resolve("gone.key")}, b)));
        Await.until("the broken certificate is reported", () -> gatehouse.errors().stream()
                .anyMatch(e -> e.toString().contains("tls.certificates[0]@file.keyFile")));
        assertThat(gatehouse.errors()).anySatisfy(e -> assertThat(e.toString())
                .contains("tls.certificates[0]@file.keyFile").contains("gone.key")
                .contains("the previous certificate keeps serving"));
        assertThat(commonName("a.test")).isEqualTo("a.test");
        assertThat(commonName("b.test")).isEqualTo("b.test");
    }
}
