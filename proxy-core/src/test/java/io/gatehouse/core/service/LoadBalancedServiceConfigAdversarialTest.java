package io.gatehouse.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.gatehouse.core.config.CertificateFiles;
import io.gatehouse.core.config.ConfigError;
import io.gatehouse.core.config.ConfigException;
import io.gatehouse.core.config.ForwardingTimeouts;
import io.gatehouse.core.config.LoadBalancerConfig;
import io.gatehouse.core.config.ServerConfig;
import io.gatehouse.core.config.ServersTransportConfig;
import io.gatehouse.core.testing.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile server URLs and serversTransports given to {@link LoadBalancedService#create}, written from
 * docs/services.md alone. Every bad value must be a {@link ConfigException} naming its path, never an unchecked
 * exception.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LoadBalancedServiceConfigAdversarialTest {

    private static final String GOOD = "http://127.0.0.1:8080";
    private static final String URL_PATH = "http.services.api.loadBalancer.servers[1].url";

    @TempDir
    static Path dir;
    private static Path caPem;
    private static Path clientCert;
    private static Path clientKey;
    private static Path otherKey;

    @BeforeAll
    static void pki() throws Exception {
        TestCertificates.Ca ca = TestCertificates.ca("adv-ca");
        caPem = ca.writePem(dir, "adv");
        Path[] client = ca.issue("client", List.of("client"), List.of(), TestCertificates.KeyType.RSA)
                .writePem(dir, "client", false);
        clientCert = client[0];
        clientKey = client[1];
        otherKey = ca.issue("other", List.of("other"), List.of(), TestCertificates.KeyType.RSA)
                .writePem(dir, "other", false)[1];
    }

    // ---------------------------------------------------------------- server URLs

    @ParameterizedTest(name = "[{index}] ''{0}''")
    @ValueSource(strings = {
            "", " ", "\t", "/relative/path", "relative", "10.0.0.5:8080", "//host:8080", "//host",
            "ftp://host:21", "ws://host:80", "wss://host:443", "unix:///var/run/app.sock", "file:///etc/passwd",
            "gopher://host", "http://", "http:///path", "http://:8080", "https://:8443/x", "http:host:80",
            "http://host:0", "http://host:65536", "http://host:99999", "http://host:-1", "http://host:abc",
            "http://host:8o80", "http://host:+80", "http://host:99999999999999999999", "http://host:80:81",
            "http://ho st:80", " http://host:80", "http://host:80 ", "http://host:80/a b", "http://host :80",
            "http://host\r\nX-Injected: 1:80", "http://host:80/\r\nX: y", "http://ho\u0000st:80", "http://host\t:80",
            "http://user:pass@host:80", "http://user@host:80", "http://@host:80", "http://host:80@evil:80",
            "http://host:80#frag", "http://host:80/#", "http://host:80/path#frag", "http://host:80?x=1",
            "http://host:80/path?x=1", "http://::1:8080", "http://[::1:8080", "http://::1]:8080",
            "http://[zzzz::1]:80", "http://[1.2.3.4]:80", "http://[]:80", "http://host\\evil:80",
            "http://%68ost:80"})
    void rejectsBadServerUrl(String url) {
        ConfigError error = rejected(url);
        assertThat(error.path()).isEqualTo(URL_PATH);
        assertThat(error.message()).as("says what was expected").isNotBlank();
        assertThat(error.toString()).startsWith(URL_PATH + ": ");
    }

    @Test
    void nullServerUrlIsAConfigError() {
        ConfigError error = rejected(null);
        assertThat(error.path()).isEqualTo(URL_PATH);
    }

    @Test
    void nullServerEntryIsAConfigError() {
        // YAML `servers: [~]` decodes to a null entry; a configuration error, never a NullPointerException.
        Throwable thrown = catchThrowable(() -> LoadBalancedService.create("api",
                LoadBalancerConfig.of(java.util.Arrays.asList(ServerConfig.of(GOOD), null)), null).close());
        assertThat(thrown).isInstanceOf(ConfigException.class);
        assertThat(((ConfigException) thrown).errors()).extracting(ConfigError::path)
                .anySatisfy(p -> assertThat(p).startsWith("http.services.api.loadBalancer.servers[1]"));
    }

    @Test
    void portErrorMessageMatchesTheDocumentedShape() {
        // docs/services.md: "http.services.api.loadBalancer.servers[1].url: has port 99999; expected 1 to 65535
        // (got 'http://a:99999')"
        ConfigError error = rejected("http://a:99999");
        assertThat(error.toString()).contains("99999").contains("65535").contains("(got 'http://a:99999')");
    }

    @Test
    void tenKilobyteHostIsRejectedOrAcceptedButNeverThrowsUnchecked() {
        String url = "http://" + "a".repeat(10 * 1024) + ":80";
        assertConfigExceptionOrAccepted(url);
    }

    @Test
    void tenKilobytePathDoesNotBreakCreate() {
        assertConfigExceptionOrAccepted("http://host:80/" + "p".repeat(10 * 1024));
    }

    @ParameterizedTest(name = "[{index}] ''{0}''")
    @ValueSource(strings = {"http://bücher.example:80", "http://xn--bcher-kva.example:80", "http://例え.テスト",
            "http://[fe80::1%25eth0]:80", "http://host:", "http://host:0080", "HTTP://host:80", "http://host:80/?"})
    void edgeUrlsNeverThrowUnchecked(String url) {
        // docs/services.md is silent on IDN hosts, IPv6 zones, an empty port, leading zeros and scheme case:
        // either accepted or a ConfigException on the server's path.
        assertConfigExceptionOrAccepted(url);
    }

    @ParameterizedTest(name = "[{index}] ''{0}''")
    @ValueSource(strings = {"http://[::1]:8080", "h2c://10.0.0.7:9000", "https://10.0.0.6:8443/base",
            "http://host", "http://10.0.0.5:65535", "http://10.0.0.5:1", "https://[2001:db8::1]"})
    void acceptsDocumentedUrls(String url) throws Exception {
        try (LoadBalancedService service = LoadBalancedService.create("api",
                LoadBalancerConfig.of(List.of(ServerConfig.of(GOOD), ServerConfig.of(url))), null)) {
            assertThat(service.servers()).hasSize(2);
        }
    }

    @Test
    void negativeWeightIsAConfigError() {
        // Doc silent (only "weight: 0 ... drained"); a negative weight cannot mean anything.
        Throwable thrown = catchThrowable(() -> LoadBalancedService.create("api",
                LoadBalancerConfig.of(List.of(ServerConfig.of(GOOD), new ServerConfig("http://h:80", -1, false))), null)
                .close());
        assertThat(thrown).isInstanceOf(ConfigException.class);
        assertThat(((ConfigException) thrown).errors()).anySatisfy(e ->
                assertThat(e.path()).startsWith("http.services.api.loadBalancer.servers[1]"));
    }

    @Test
    void everyBadServerIsReportedAtOnce() {
        Throwable thrown = catchThrowable(() -> LoadBalancedService.create("api", LoadBalancerConfig.of(List.of(
                ServerConfig.of("ftp://a"), ServerConfig.of(GOOD), ServerConfig.of("http://b:0"))), null).close());
        assertThat(thrown).isInstanceOf(ConfigException.class);
        assertThat(((ConfigException) thrown).errors()).extracting(ConfigError::path).contains(
                "http.services.api.loadBalancer.servers[0].url", "http.services.api.loadBalancer.servers[2].url");
    }

    @Test
    void serviceWithoutServersIsValid() throws Exception {
        try (LoadBalancedService service = LoadBalancedService.create("api", LoadBalancerConfig.of(List.of()), null)) {
            assertThat(service.servers()).isEmpty();
        }
    }

    // ---------------------------------------------------------------- serversTransports

    @Test
    void missingRootCaFile() {
        assertTransportError(transport(List.of(dir.resolve("does-not-exist.pem").toString()), List.of(), 200, null),
                "http.serversTransports.internal.rootCAs[0]");
    }

    @Test
    void emptyRootCaFile() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.pem"), "");
        assertTransportError(transport(List.of(empty.toString()), List.of(), 200, null),
                "http.serversTransports.internal.rootCAs[0]");
    }

    @Test
    void garbageRootCaFileIsReportedWithTheSecondIndex() throws Exception {
        Path garbage = Files.write(dir.resolve("garbage.pem"), new byte[] {0, 1, 2, (byte) 0xff, 'x', '\n'});
        assertTransportError(transport(List.of(caPem.toString(), garbage.toString()), List.of(), 200, null),
                "http.serversTransports.internal.rootCAs[1]");
    }

    @Test
    void rootCaWithCorruptBase64() throws Exception {
        Path corrupt = Files.writeString(dir.resolve("corrupt.pem"),
                "-----BEGIN CERTIFICATE-----\n!!!not base64!!!\n-----END CERTIFICATE-----\n");
        assertTransportError(transport(List.of(corrupt.toString()), List.of(), 200, null),
                "http.serversTransports.internal.rootCAs[0]");
    }

    @Test
    void rootCaWithValidBase64ThatIsNotACertificate() throws Exception {
        Path notCert = Files.writeString(dir.resolve("notcert.pem"),
                "-----BEGIN CERTIFICATE-----\naGVsbG8gd29ybGQ=\n-----END CERTIFICATE-----\n");
        assertTransportError(transport(List.of(notCert.toString()), List.of(), 200, null),
                "http.serversTransports.internal.rootCAs[0]");
    }

    @Test
    void privateKeyGivenAsRootCa() {
        assertTransportError(transport(List.of(clientKey.toString()), List.of(), 200, null),
                "http.serversTransports.internal.rootCAs[0]");
    }

    @Test
    void directoryGivenAsRootCa() {
        assertTransportError(transport(List.of(dir.toString()), List.of(), 200, null),
                "http.serversTransports.internal.rootCAs[0]");
    }

    @Test
    void emptyRootCaPath() {
        assertTransportError(transport(List.of(""), List.of(), 200, null), "http.serversTransports.internal.rootCAs[0]");
    }

    @Test
    void missingClientCertFile() {
        assertTransportError(transport(List.of(), List.of(new CertificateFiles(dir.resolve("nope.pem").toString(),
                clientKey.toString())), 200, null), "http.serversTransports.internal.certificates[0]");
    }

    @Test
    void missingClientKeyFile() {
        assertTransportError(transport(List.of(), List.of(new CertificateFiles(clientCert.toString(),
                dir.resolve("nope-key.pem").toString())), 200, null), "http.serversTransports.internal.certificates[0]");
    }

    @Test
    void garbageClientKeyFile() throws Exception {
        Path garbage = Files.writeString(dir.resolve("garbage-key.pem"),
                "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        assertTransportError(transport(List.of(), List.of(new CertificateFiles(clientCert.toString(), garbage.toString())),
                200, null), "http.serversTransports.internal.certificates[0]");
    }

    @Test
    void emptyClientCertFile() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty-cert.pem"), "");
        assertTransportError(transport(List.of(), List.of(new CertificateFiles(empty.toString(), clientKey.toString())),
                200, null), "http.serversTransports.internal.certificates[0]");
    }

    @Test
    void certAndKeySwapped() {
        assertTransportError(transport(List.of(), List.of(new CertificateFiles(clientKey.toString(),
                clientCert.toString())), 200, null), "http.serversTransports.internal.certificates[0]");
    }

    @Test
    void keyThatDoesNotMatchTheCertificate() {
        // Doc silent on a mismatched pair; Go's tls.X509KeyPair (Traefik) refuses it: "private key does not match
        // public key". A proxy that accepted it would fail every TLS handshake at runtime instead.
        assertTransportError(transport(List.of(), List.of(new CertificateFiles(clientCert.toString(),
                otherKey.toString())), 200, null), "http.serversTransports.internal.certificates[0]");
    }

    @Test
    void encryptedKeyIsRefused() throws Exception {
        // docs/services.md: keyFile "... not encrypted"
        Path encrypted = Files.writeString(dir.resolve("enc-key.pem"),
                "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIBvTBXBgkqhkiG9w0BBQ0wSjApBgkqhkiG9w0BBQwwHAQI\n"
                        + "-----END ENCRYPTED PRIVATE KEY-----\n");
        assertTransportError(transport(List.of(), List.of(new CertificateFiles(clientCert.toString(),
                encrypted.toString())), 200, null), "http.serversTransports.internal.certificates[0]");
    }

    @Test
    void directoryGivenAsClientKey() {
        assertTransportError(transport(List.of(), List.of(new CertificateFiles(clientCert.toString(), dir.toString())),
                200, null), "http.serversTransports.internal.certificates[0]");
    }

    @Test
    void nullCertAndKeyPaths() {
        assertTransportError(transport(List.of(), List.of(new CertificateFiles(null, null)), 200, null),
                "http.serversTransports.internal.certificates[0]");
    }

    @Test
    void tlsFilesAreNotReadWithoutHttpsServers() throws Exception {
        // docs/services.md: "TLS files are read once, when the service is built, and only when some server is https"
        LoadBalancerConfig lb = new LoadBalancerConfig(List.of(ServerConfig.of("http://127.0.0.1:1")), true,
                "internal", null);
        try (LoadBalancedService service = LoadBalancedService.create("api", lb,
                transport(List.of(dir.resolve("missing.pem").toString()), List.of(), 200, null))) {
            assertThat(service.servers()).hasSize(1);
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"dialTimeout", "responseHeaderTimeout", "idleConnTimeout"})
    void negativeTimeoutIsAConfigError(String which) {
        Duration minus = Duration.ofSeconds(-1);
        ForwardingTimeouts timeouts = new ForwardingTimeouts(which.equals("dialTimeout") ? minus : null,
                which.equals("responseHeaderTimeout") ? minus : null, which.equals("idleConnTimeout") ? minus : null);
        // docs/services.md: "Zero means no limit; negative values are configuration errors."
        assertTransportError(transport(List.of(), List.of(), 200, timeouts),
                "http.serversTransports.internal.forwardingTimeouts." + which);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"dialTimeout", "responseHeaderTimeout", "idleConnTimeout"})
    void hugeTimeoutNeverThrowsUnchecked(String which) {
        Duration huge = Duration.ofSeconds(Long.MAX_VALUE);
        ForwardingTimeouts timeouts = new ForwardingTimeouts(which.equals("dialTimeout") ? huge : null,
                which.equals("responseHeaderTimeout") ? huge : null, which.equals("idleConnTimeout") ? huge : null);
        Throwable thrown = catchThrowable(() -> LoadBalancedService.create("api", httpsLb(),
                transport(List.of(), List.of(), 200, timeouts)).close());
        if (thrown != null) {
            assertThat(thrown).isInstanceOf(ConfigException.class);
            assertThat(((ConfigException) thrown).errors()).anySatisfy(e -> assertThat(e.path())
                    .isEqualTo("http.serversTransports.internal.forwardingTimeouts." + which));
        }
    }

    @Test
    void negativeMaxIdleConnsPerHostIsAConfigError() {
        // docs/services.md: "0 means Go's default, 2"; negative is not described. Expected: refused with its path.
        assertTransportError(transport(List.of(), List.of(), -1, null),
                "http.serversTransports.internal.maxIdleConnsPerHost");
    }

    @Test
    void hugeMaxIdleConnsPerHostNeverThrowsUnchecked() {
        Throwable thrown = catchThrowable(() -> LoadBalancedService.create("api", httpsLb(),
                transport(List.of(), List.of(), Integer.MAX_VALUE, null)).close());
        assertThat(thrown).satisfiesAnyOf(t -> assertThat(t).isNull(), t -> assertThat(t).isInstanceOf(ConfigException.class));
    }

    @Test
    void severalTransportProblemsAreReportedAtOnce() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty2.pem"), "");
        Throwable thrown = catchThrowable(() -> LoadBalancedService.create("api", httpsLb(), transport(
                List.of(empty.toString()), List.of(new CertificateFiles(dir.resolve("x.pem").toString(),
                        dir.resolve("y.pem").toString())), 200,
                new ForwardingTimeouts(Duration.ofSeconds(-5), null, null))).close());
        assertThat(thrown).isInstanceOf(ConfigException.class);
        assertThat(((ConfigException) thrown).errors()).extracting(ConfigError::path)
                .anySatisfy(p -> assertThat(p).startsWith("http.serversTransports.internal.rootCAs[0]"))
                .anySatisfy(p -> assertThat(p).startsWith("http.serversTransports.internal.certificates[0]"))
                .anySatisfy(p -> assertThat(p).startsWith("http.serversTransports.internal.forwardingTimeouts"));
    }

    // ---------------------------------------------------------------- helpers

    private static LoadBalancerConfig httpsLb() {
        return new LoadBalancerConfig(List.of(ServerConfig.of("https://127.0.0.1:8443")), true, "internal", null);
    }

    private static ServersTransportConfig transport(List<String> rootCAs, List<CertificateFiles> certs, int maxIdle,
                                                    ForwardingTimeouts timeouts) {
        return new ServersTransportConfig(null, false, rootCAs, certs, maxIdle, timeouts, false);
    }

    private static void assertTransportError(ServersTransportConfig transport, String pathPrefix) {
        Throwable thrown = catchThrowable(() -> LoadBalancedService.create("api", httpsLb(), transport).close());
        assertThat(thrown).as("expected a ConfigException at %s", pathPrefix).isInstanceOf(ConfigException.class);
        assertThat(((ConfigException) thrown).errors()).as(thrown.getMessage())
                .anySatisfy(e -> {
                    assertThat(e.path()).startsWith(pathPrefix);
                    assertThat(e.message()).isNotBlank();
                });
    }

    private static ConfigError rejected(String url) {
        Throwable thrown = catchThrowable(() -> LoadBalancedService.create("api",
                LoadBalancerConfig.of(List.of(ServerConfig.of(GOOD), new ServerConfig(url, 1, false))), null).close());
        assertThat(thrown).as("create(%s)", url).isInstanceOf(ConfigException.class);
        List<ConfigError> errors = ((ConfigException) thrown).errors();
        assertThat(errors).as(thrown.getMessage()).hasSize(1);
        return errors.get(0);
    }

    private static void assertConfigExceptionOrAccepted(String url) {
        Throwable thrown = catchThrowable(() -> LoadBalancedService.create("api",
                LoadBalancerConfig.of(List.of(ServerConfig.of(GOOD), ServerConfig.of(url))), null).close());
        if (thrown != null) {
            assertThat(thrown).as("create(%s)", url).isInstanceOf(ConfigException.class);
            assertThat(((ConfigException) thrown).errors()).extracting(ConfigError::path).containsExactly(URL_PATH);
        }
    }
}
