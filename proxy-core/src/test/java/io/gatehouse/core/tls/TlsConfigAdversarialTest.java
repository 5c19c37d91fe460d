package io.gatehouse.core.tls;

import io.gatehouse.core.config.CertificateFiles;
import io.gatehouse.core.config.RouterTlsConfig;
import io.gatehouse.core.config.TlsConfig;
import io.gatehouse.core.config.TlsOptions;
import io.gatehouse.core.config.TlsStore;
import io.gatehouse.core.config.decode.ConfigDecoder;
import io.gatehouse.core.config.decode.DecodeResult;
import io.gatehouse.core.config.decode.Format;
import io.gatehouse.core.server.Gatehouse;
import io.gatehouse.core.testing.EchoHandler;
import io.gatehouse.core.testing.TestCertificates;
import io.gatehouse.core.testing.TestCertificates.Ca;
import io.gatehouse.core.testing.TestCertificates.Issued;
import io.gatehouse.core.testing.TestCertificates.KeyType;
import io.gatehouse.core.testing.TestServer;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static io.gatehouse.core.tls.TlsAdversarialSupport.connect;
import static io.gatehouse.core.tls.TlsAdversarialSupport.errorTexts;
import static io.gatehouse.core.tls.TlsAdversarialSupport.httpsStatus;
import static io.gatehouse.core.tls.TlsAdversarialSupport.proxy;
import static io.gatehouse.core.tls.TlsAdversarialSupport.servedSubject;
import static io.gatehouse.core.tls.TlsAdversarialSupport.trustAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Hostile and malformed TLS configuration (docs/tls.md, "Certificates", "TLS options", "Errors"): each bad item is
 * an error with its path, the rest keeps serving, and nothing escapes as an unchecked exception.
 */
@Timeout(120)
class TlsConfigAdversarialTest {

    private static final String DEFAULT_CN = "CN=" + DefaultCertificate.COMMON_NAME;

    private static Ca ca;
    private static Issued good;
    private static TestServer backend;

    @TempDir
    Path dir;

    @BeforeAll
    static void pki() throws Exception {
        ca = TestCertificates.ca("adversarial-ca");
        good = ca.issue("good.test", List.of("good.test"), List.of(), KeyType.EC);
        backend = TestServer.http(new EchoHandler("backend"));
    }

    @AfterAll
    static void stop() {
        backend.close();
    }

    /** The good certificate at index 0 of the list, {@code bad} after it. */
    private TlsConfig goodThen(CertificateFiles bad) throws Exception {
        Path[] files = good.writePem(dir, "good", false);
        return new TlsConfig(List.of(new CertificateFiles(files[0].toString(), files[1].toString()), bad), null, null);
    }

    private Gatehouse start(TlsConfig tls) {
        return proxy(tls, RouterTlsConfig.DEFAULT, backend.url(), null);
    }

    /** The bad certificate (index 1) is reported at its path, the good one still serves, its names fall back to the default. */
    private void assertLeftOut(TlsConfig tls, String field, String... messageParts) throws Exception {
        try (Gatehouse proxy = start(tls)) {
            int port = proxy.port("websecure");
            List<String> errors = errorTexts(proxy);
            assertThat(errors).as("errors").anySatisfy(e -> {
                assertThat(e).contains("tls.certificates[1]").contains(field);
                for (String part : messageParts) {
                    assertThat(e).containsIgnoringCase(part);
                }
            });
            assertThat(servedSubject(port, "good.test")).isEqualTo("CN=good.test");
            assertThat(httpsStatus(port, "good.test")).isEqualTo(200);
            assertThat(servedSubject(port, "bad.test")).isEqualTo(DEFAULT_CN);
        }
    }

    private Path write(String name, String content) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        return file;
    }

    private Path[] badPair() throws Exception {
        return ca.issue("bad.test", List.of("bad.test"), List.of(), KeyType.RSA).writePem(dir, "bad", false);
    }

    // ---- certificate and key files ----

    @Test
    void missingCertFileIsAnErrorAndTheOtherCertificateServes() throws Exception {
        Path[] bad = badPair();
        assertLeftOut(goodThen(new CertificateFiles(dir.resolve("nope.crt.pem").toString(), bad[1].toString())),
                "certFile", "cannot be read", "nope.crt.pem");
    }

    @Test
    void missingKeyFileIsAnError() throws Exception {
        Path[] bad = badPair();
        assertLeftOut(goodThen(new CertificateFiles(bad[0].toString(), dir.resolve("nope.key.pem").toString())),
                "keyFile", "cannot be read");
    }

    @Test
    void emptyCertFileIsAnError() throws Exception {
        Path[] bad = badPair();
        assertLeftOut(goodThen(new CertificateFiles(write("empty.pem", "").toString(), bad[1].toString())), "certFile");
    }

    @Test
    void emptyKeyFileIsAnError() throws Exception {
        Path[] bad = badPair();
        assertLeftOut(goodThen(new CertificateFiles(bad[0].toString(), write("empty.key", "").toString())),
                "keyFile", "no PEM private key");
    }

    @Test
    void directoryAsCertFileIsAnError() throws Exception {
        Path[] bad = badPair();
        Path sub = Files.createDirectory(dir.resolve("a-directory"));
        assertLeftOut(goodThen(new CertificateFiles(sub.toString(), bad[1].toString())), "certFile");
    }

    @Test
    void directoryAsKeyFileIsAnError() throws Exception {
        Path[] bad = badPair();
        Path sub = Files.createDirectory(dir.resolve("a-directory"));
        assertLeftOut(goodThen(new CertificateFiles(bad[0].toString(), sub.toString())), "keyFile");
    }

    @Test
    void binaryGarbageCertFileIsAnError() throws Exception {
        Path[] bad = badPair();
        byte[] garbage = new byte[4096];
        new java.util.Random(7).nextBytes(garbage);
        Path file = dir.resolve("garbage.crt.pem");
        Files.write(file, garbage);
        assertLeftOut(goodThen(new CertificateFiles(file.toString(), bad[1].toString())), "certFile");
    }

    @Test
    void binaryGarbageKeyFileIsAnError() throws Exception {
        Path[] bad = badPair();
        byte[] garbage = new byte[4096];
        new java.util.Random(8).nextBytes(garbage);
        Path file = dir.resolve("garbage.key.pem");
        Files.write(file, garbage);
        assertLeftOut(goodThen(new CertificateFiles(bad[0].toString(), file.toString())), "keyFile", "no PEM private key");
    }

    @Test
    void certificateInTheKeyFileIsAnError() throws Exception {
        Path[] bad = badPair();
        assertLeftOut(goodThen(new CertificateFiles(bad[0].toString(), bad[0].toString())), "keyFile", "no PEM private key");
    }

    @Test
    void keyInTheCertFileIsAnError() throws Exception {
        Path[] bad = badPair();
        assertLeftOut(goodThen(new CertificateFiles(bad[1].toString(), bad[1].toString())), "certFile");
    }

    @Test
    void pemWithWrongHeadersIsAnError() throws Exception {
        Path[] bad = badPair();
        String key = Files.readString(bad[1]).replace("PRIVATE KEY", "PUBLIC KEY");
        assertLeftOut(goodThen(new CertificateFiles(bad[0].toString(), write("wrong.key.pem", key).toString())),
                "keyFile", "no PEM private key");
    }

    @Test
    void pemWithCorruptBase64IsAnError() throws Exception {
        Path[] bad = badPair();
        String cert = Files.readString(bad[0]);
        String corrupt = cert.substring(0, 80) + "!!!!%%%%" + cert.substring(88);
        assertLeftOut(goodThen(new CertificateFiles(write("corrupt.crt.pem", corrupt).toString(), bad[1].toString())), "certFile");
    }

    @Test
    void keyOfAnotherCertificateIsAnError() throws Exception {
        Path[] bad = badPair();
        Path[] other = ca.issue("other.test", List.of("other.test"), List.of(), KeyType.RSA).writePem(dir, "other", false);
        assertLeftOut(goodThen(new CertificateFiles(bad[0].toString(), other[1].toString())),
                "keyFile", "does not belong");
    }

    @Test
    void encryptedKeyIsRefused() throws Exception {
        Issued issued = ca.issue("bad.test", List.of("bad.test"), List.of(), KeyType.RSA);
        Path[] files = issued.writePem(dir, "bad", false);
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(new JcaPKCS8Generator(issued.key(),
                    new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC)
                            .setProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider())
                            .setPassword("secret".toCharArray()).build()).generate());
        }
        assertThat(out.toString()).contains("ENCRYPTED PRIVATE KEY");
        assertLeftOut(goodThen(new CertificateFiles(files[0].toString(), write("enc.key.pem", out.toString()).toString())), "keyFile");
    }

    @Test
    void chainInTheWrongOrderIsAnError() throws Exception {
        // docs: "Certificates are PEM chains (leaf first)". CA first means the key belongs to the second block.
        Path[] bad = badPair();
        String chain = TestCertificates.pem(ca.certificate()) + Files.readString(bad[0]);
        assertLeftOut(goodThen(new CertificateFiles(write("reversed.crt.pem", chain).toString(), bad[1].toString())), "keyFile");
    }

    @Test
    void expiredCertificateIsAnError() throws Exception {
        Instant now = Instant.now();
        Path[] bad = ca.issue("bad.test", List.of("bad.test"), List.of(), KeyType.RSA,
                now.minus(10, ChronoUnit.DAYS), now.minus(1, ChronoUnit.DAYS)).writePem(dir, "expired", false);
        assertLeftOut(goodThen(new CertificateFiles(bad[0].toString(), bad[1].toString())), "certFile", "expired");
    }

    @Test
    void notYetValidCertificateIsAnError() throws Exception {
        Instant now = Instant.now();
        Path[] bad = ca.issue("bad.test", List.of("bad.test"), List.of(), KeyType.RSA,
                now.plus(1, ChronoUnit.DAYS), now.plus(10, ChronoUnit.DAYS)).writePem(dir, "future", false);
        assertLeftOut(goodThen(new CertificateFiles(bad[0].toString(), bad[1].toString())), "certFile");
    }

    @Test
    void inlinePemIsServedAndInlineGarbageIsNotEchoed() throws Exception {
        Issued inline = ca.issue("inline.test", List.of("inline.test"), List.of(), KeyType.EC);
        Path[] files = inline.writePem(dir, "inline", true);
        String secretKey = Files.readString(files[1]);
        String garbageCert = "-----BEGIN CERTIFICATE-----\nTUlJQ0dhcmJhZ2VTRUNSRVQ=\n-----END CERTIFICATE-----\n";
        TlsConfig tls = new TlsConfig(List.of(
                new CertificateFiles(Files.readString(files[0]), secretKey),
                new CertificateFiles(garbageCert, secretKey)), null, null);
        try (Gatehouse proxy = start(tls)) {
            int port = proxy.port("websecure");
            assertThat(servedSubject(port, "inline.test")).isEqualTo("CN=inline.test");
            List<String> errors = errorTexts(proxy);
            assertThat(errors).anySatisfy(e -> assertThat(e).contains("tls.certificates[1]").contains("inline PEM"));
            assertThat(String.join("\n", errors)).doesNotContain("TUlJQ0dhcmJhZ2VTRUNSRVQ").doesNotContain("PRIVATE KEY-----");
        }
    }

    // ---- names ----

    @Test
    void certificateWithoutSanServesItsCommonName() throws Exception {
        Path[] files = ca.issue("nosan.test", List.of(), List.of(), KeyType.RSA).writePem(dir, "nosan", false);
        try (Gatehouse proxy = start(new TlsConfig(List.of(new CertificateFiles(files[0].toString(), files[1].toString())), null, null))) {
            assertThat(servedSubject(proxy.port("websecure"), "nosan.test")).isEqualTo("CN=nosan.test");
            assertThat(servedSubject(proxy.port("websecure"), "NOSAN.TEST")).isEqualTo("CN=nosan.test");
        }
    }

    @Test
    void certificateWithAThousandSansServesEveryOne() throws Exception {
        List<String> names = IntStream.range(0, 1000).mapToObj(i -> "n" + i + ".many.test").toList();
        Path[] files = ca.issue("many.test", names, List.of(), KeyType.EC).writePem(dir, "many", false);
        try (Gatehouse proxy = start(new TlsConfig(List.of(new CertificateFiles(files[0].toString(), files[1].toString())), null, null))) {
            int port = proxy.port("websecure");
            assertThat(errorTexts(proxy)).isEmpty();
            assertThat(servedSubject(port, "n0.many.test")).isEqualTo("CN=many.test");
            assertThat(servedSubject(port, "n999.many.test")).isEqualTo("CN=many.test");
            assertThat(servedSubject(port, "n1000.many.test")).isEqualTo(DEFAULT_CN);
        }
    }

    @Test
    void doubleWildcardAndBareStarSansMatchNothingUnexpected() throws Exception {
        // docs: "*.example.com wildcards, which match exactly one label (x.example.com, not a.b.example.com)".
        Path[] doubleWild = ca.issue("double.wild", List.of("*.*.example.com"), List.of(), KeyType.EC).writePem(dir, "dw", false);
        Path[] star = ca.issue("star", List.of("*"), List.of(), KeyType.EC).writePem(dir, "star", false);
        try (Gatehouse proxy = start(new TlsConfig(List.of(
                new CertificateFiles(doubleWild[0].toString(), doubleWild[1].toString()),
                new CertificateFiles(star[0].toString(), star[1].toString())), null, null))) {
            int port = proxy.port("websecure");
            assertThat(servedSubject(port, "a.b.example.com")).isEqualTo(DEFAULT_CN);
            assertThat(servedSubject(port, "x.example.com")).isEqualTo(DEFAULT_CN);
            assertThat(servedSubject(port, "example.com")).isEqualTo(DEFAULT_CN);
            assertThat(httpsStatus(port, "a.b.example.com")).isEqualTo(200);
        }
    }

    @Test
    void wildcardMatchesExactlyOneLabel() throws Exception {
        Path[] wild = ca.issue("wild", List.of("*.example.com"), List.of(), KeyType.EC).writePem(dir, "wild", false);
        try (Gatehouse proxy = start(new TlsConfig(List.of(new CertificateFiles(wild[0].toString(), wild[1].toString())), null, null))) {
            int port = proxy.port("websecure");
            assertThat(servedSubject(port, "x.example.com")).isEqualTo("CN=wild");
            assertThat(servedSubject(port, "a.b.example.com")).isEqualTo(DEFAULT_CN);
            assertThat(servedSubject(port, "example.com")).isEqualTo(DEFAULT_CN);
        }
    }

    @Test
    void ipSanCertificateIsNotServedWithoutSni() throws Exception {
        // docs: the default certificate is "served when ... the client sent none (for example when it connects to an IP address)".
        Path[] ip = ca.issue("ip", List.of(), List.of("127.0.0.1", "::1"), KeyType.EC).writePem(dir, "ip", false);
        try (Gatehouse proxy = start(new TlsConfig(List.of(new CertificateFiles(ip[0].toString(), ip[1].toString())), null, null))) {
            assertThat(errorTexts(proxy)).isEmpty();
            assertThat(servedSubject(proxy.port("websecure"), null)).isEqualTo(DEFAULT_CN);
            assertThat(httpsStatus(proxy.port("websecure"), null)).isEqualTo(200);
        }
    }

    @Test
    void unicodeSanDoesNotBreakTheStore() throws Exception {
        Path[] unicode = ca.issue("unicode", List.of("bücher.test", "xn--bcher-kva.test"), List.of(), KeyType.EC)
                .writePem(dir, "unicode", false);
        Path[] goodFiles = good.writePem(dir, "good", false);
        try (Gatehouse proxy = start(new TlsConfig(List.of(
                new CertificateFiles(unicode[0].toString(), unicode[1].toString()),
                new CertificateFiles(goodFiles[0].toString(), goodFiles[1].toString())), null, null))) {
            int port = proxy.port("websecure");
            assertThat(servedSubject(port, "good.test")).isEqualTo("CN=good.test");
            assertThat(servedSubject(port, "xn--bcher-kva.test")).isEqualTo("CN=unicode");
        }
    }

    @Test
    void duplicateCertificatesForOneNameTheFirstWins() throws Exception {
        // docs: "When two certificates serve the same name, the first one (providers in order, then list order) wins."
        Path[] first = ca.issue("first", List.of("dup.test"), List.of(), KeyType.EC).writePem(dir, "first", false);
        Path[] second = ca.issue("second", List.of("dup.test"), List.of(), KeyType.RSA).writePem(dir, "second", false);
        try (Gatehouse proxy = start(new TlsConfig(List.of(
                new CertificateFiles(first[0].toString(), first[1].toString()),
                new CertificateFiles(second[0].toString(), second[1].toString()),
                new CertificateFiles(first[0].toString(), first[1].toString())), null, null))) {
            for (int i = 0; i < 5; i++) {
                assertThat(servedSubject(proxy.port("websecure"), "dup.test")).isEqualTo("CN=first");
            }
        }
    }

    @Test
    void brokenDefaultCertificateFallsBackToTheGeneratedOne() throws Exception {
        Path[] files = good.writePem(dir, "good", false);
        TlsConfig tls = new TlsConfig(List.of(new CertificateFiles(files[0].toString(), files[1].toString())), null,
                Map.of("default", new TlsStore(new CertificateFiles(dir.resolve("missing.crt").toString(), files[1].toString()))));
        try (Gatehouse proxy = start(tls)) {
            assertThat(errorTexts(proxy)).anySatisfy(e -> assertThat(e).contains("defaultCertificate").contains("certFile"));
            assertThat(servedSubject(proxy.port("websecure"), "other.test")).isEqualTo(DEFAULT_CN);
            assertThat(servedSubject(proxy.port("websecure"), "good.test")).isEqualTo("CN=good.test");
        }
    }

    // ---- options ----

    private Gatehouse withOptions(TlsOptions options) throws Exception {
        Path[] files = good.writePem(dir, "good", false);
        TlsConfig tls = new TlsConfig(List.of(new CertificateFiles(files[0].toString(), files[1].toString())),
                Map.of("custom", options), null);
        return proxy(tls, "Host(`good.test`)", new RouterTlsConfig("custom", null, List.of()), backend.url(),
                b -> b.router("other", r -> r.rule("Host(`other.test`)").service("backend").tls()));
    }

    /** The options are left out with an error at {@code field}; the router naming them is left out; another router serves. */
    private void assertOptionsRefused(TlsOptions options, String field, String... messageParts) throws Exception {
        try (Gatehouse proxy = withOptions(options)) {
            List<String> errors = errorTexts(proxy);
            assertThat(errors).anySatisfy(e -> {
                assertThat(e).contains("tls.options.custom").contains(field);
                for (String part : messageParts) {
                    assertThat(e).containsIgnoringCase(part);
                }
            });
            assertThat(errors).anySatisfy(e -> assertThat(e).contains("http.routers.secure").contains("tls.options"));
            int port = proxy.port("websecure");
            assertThat(httpsStatus(port, "other.test")).isEqualTo(200);
            assertThat(httpsStatus(port, "good.test")).as("the router with broken options is left out").isEqualTo(404);
        }
    }

    private static TlsOptions versions(String min, String max) {
        return new TlsOptions(min, max, null, null, false, null, null);
    }

    private static TlsOptions ciphers(String max, List<String> suites) {
        return new TlsOptions(null, max, suites, null, false, null, null);
    }

    @Test
    void minVersionTls10IsAcceptedAndTls12StillServes() throws Exception {
        try (Gatehouse proxy = withOptions(versions("VersionTLS10", null))) {
            assertThat(errorTexts(proxy)).noneSatisfy(e -> assertThat(e).contains("minVersion"));
            try (SSLSocket socket = connect(proxy.port("websecure"), "good.test", trustAll(), new String[] {"TLSv1.2"}, null)) {
                assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.2");
            }
        }
    }

    @Test
    void minVersionTls13RefusesTls12Clients() throws Exception {
        try (Gatehouse proxy = withOptions(versions("VersionTLS13", null))) {
            int port = proxy.port("websecure");
            assertThatThrownBy(() -> connect(port, "good.test", trustAll(), new String[] {"TLSv1.2"}, null).close())
                    .isInstanceOf(SSLException.class);
            try (SSLSocket socket = connect(port, "good.test", trustAll(), new String[] {"TLSv1.3"}, null)) {
                assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.3");
            }
            // Another host keeps the default options: TLS 1.2 works there.
            try (SSLSocket socket = connect(port, "other.test", trustAll(), new String[] {"TLSv1.2"}, null)) {
                assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.2");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLS12", "VersionTLS14", "versiontls12", "", " VersionTLS12", "VersionTLS12\r\n", "VersionSSL30"})
    void bogusMinVersionIsAnError(String version) throws Exception {
        assertOptionsRefused(versions(version, null), "minVersion");
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLS13", "VersionTLS9", "latest"})
    void bogusMaxVersionIsAnError(String version) throws Exception {
        assertOptionsRefused(versions(null, version), "maxVersion");
    }

    @Test
    void maxVersionBelowMinVersionIsAnError() throws Exception {
        assertOptionsRefused(versions("VersionTLS13", "VersionTLS12"), "minVersion", "above maxVersion");
    }

    @Test
    void emptyCipherListMeansTheDefaults() throws Exception {
        try (Gatehouse proxy = withOptions(ciphers(null, List.of()))) {
            assertThat(errorTexts(proxy)).isEmpty();
            assertThat(httpsStatus(proxy.port("websecure"), "good.test")).isEqualTo(200);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLS_NOT_A_SUITE", "", "tls_ecdhe_rsa_with_aes_128_gcm_sha256", "ECDHE-RSA-AES128-GCM-SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256\n"})
    void unknownCipherSuiteIsAnErrorAtItsIndex(String suite) throws Exception {
        assertOptionsRefused(ciphers(null, List.of("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", suite)), "cipherSuites[1]");
    }

    @Test
    void tls13OnlySuitesWithMaxTls12NeverGiveAnUncheckedFailure() throws Exception {
        // docs: TLS 1.3 suites "are not configurable"; with TLS 1.2 only, no usable suite remains.
        // Doc silent: either an error for the options, or a handshake that fails cleanly; never a broken proxy.
        try (Gatehouse proxy = withOptions(ciphers("VersionTLS12", List.of("TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256")))) {
            int port = proxy.port("websecure");
            boolean reported = errorTexts(proxy).stream().anyMatch(e -> e.contains("tls.options.custom") && e.contains("cipherSuites"));
            if (!reported) {
                assertThatThrownBy(() -> connect(port, "good.test", trustAll(), new String[] {"TLSv1.2"}, null).close())
                        .isInstanceOf(SSLException.class);
            }
            assertThat(httpsStatus(port, "other.test")).isEqualTo(200);
        }
    }

    @Test
    void bogusCurveIsAnError() throws Exception {
        assertOptionsRefused(new TlsOptions(null, null, null, List.of("CurveP256", "CurveP999"), false, null, null),
                "curvePreferences");
    }

    @Test
    void emptyAlpnMeansTheDefaultsAndH2IsNegotiated() throws Exception {
        try (Gatehouse proxy = withOptions(new TlsOptions(null, null, null, null, false, List.of(), null));
             SSLSocket socket = connect(proxy.port("websecure"), "good.test", trustAll(), null, new String[] {"h2", "http/1.1"})) {
            assertThat(socket.getApplicationProtocol()).isEqualTo("h2");
        }
    }

    @Test
    void bogusAlpnProtocolsServeHttp11Only() throws Exception {
        try (Gatehouse proxy = withOptions(new TlsOptions(null, null, null, null, false, List.of("spdy/3", "\u00e9\u00e9", ""), null))) {
            int port = proxy.port("websecure");
            try (SSLSocket socket = connect(port, "good.test", trustAll(), null, new String[] {"h2", "http/1.1"})) {
                assertThat(socket.getApplicationProtocol()).isNotEqualTo("h2");
                assertThat(TlsAdversarialSupport.get(socket.getInputStream(), socket.getOutputStream(), "good.test")).isEqualTo(200);
            }
        }
    }

    @Test
    void missingCaFileIsAnError() throws Exception {
        assertOptionsRefused(new TlsOptions(null, null, null, null, false, null,
                new TlsOptions.ClientAuth(List.of(dir.resolve("no-such-ca.pem").toString()), "RequireAndVerifyClientCert")),
                "clientAuth.caFiles");
    }

    @Test
    void garbageCaFileIsAnError() throws Exception {
        Path garbage = write("garbage-ca.pem", "this is not a certificate\n\u0000\u0001\u0002");
        assertOptionsRefused(new TlsOptions(null, null, null, null, false, null,
                new TlsOptions.ClientAuth(List.of(garbage.toString()), "RequireAndVerifyClientCert")),
                "clientAuth.caFiles");
    }

    @Test
    void verifyWithoutCaFilesIsAnError() throws Exception {
        assertOptionsRefused(new TlsOptions(null, null, null, null, false, null,
                new TlsOptions.ClientAuth(List.of(), "VerifyClientCertIfGiven")), "clientAuth.caFiles", "needs caFiles");
    }

    @ParameterizedTest
    @ValueSource(strings = {"noclientcert", "RequestClientCerts", "RequireAnyClientCert ", "VerifyClientCertIfGivne",
            "RequireAndVerifyClientCert\n", "require_and_verify_client_cert", "", "NoClientCert\u0000", "Ｎｏ"})
    void misspelledClientAuthTypeIsAnError(String type) throws Exception {
        Path caFile = ca.writePem(dir, "clients");
        assertOptionsRefused(new TlsOptions(null, null, null, null, false, null,
                new TlsOptions.ClientAuth(List.of(caFile.toString()), type)), "clientAuth", "unknown client auth type");
    }

    @Test
    void routerNamingUnknownOptionsIsLeftOut() throws Exception {
        Path[] files = good.writePem(dir, "good", false);
        TlsConfig tls = new TlsConfig(List.of(new CertificateFiles(files[0].toString(), files[1].toString())), null, null);
        try (Gatehouse proxy = proxy(tls, new RouterTlsConfig("nosuch", null, List.of()), backend.url(),
                b -> b.router("other", r -> r.rule("Host(`other.test`)").service("backend").tls()))) {
            assertThat(errorTexts(proxy)).anySatisfy(e ->
                    assertThat(e).contains("http.routers.secure").contains("tls.options").contains("no such TLS options"));
            assertThat(httpsStatus(proxy.port("websecure"), "other.test")).isEqualTo(200);
            assertThat(httpsStatus(proxy.port("websecure"), "good.test")).isEqualTo(404);
        }
    }

    @Test
    void routerNamingOptionsOfAMissingProviderIsLeftOut() throws Exception {
        Path[] files = good.writePem(dir, "good", false);
        TlsConfig tls = new TlsConfig(List.of(new CertificateFiles(files[0].toString(), files[1].toString())),
                Map.of("custom", TlsOptions.DEFAULTS), null);
        try (Gatehouse proxy = proxy(tls, new RouterTlsConfig("custom@nowhere", null, List.of()), backend.url(),
                b -> b.router("other", r -> r.rule("Host(`other.test`)").service("backend").tls()))) {
            assertThat(errorTexts(proxy)).anySatisfy(e -> assertThat(e).contains("http.routers.secure").contains("custom@nowhere"));
            assertThat(httpsStatus(proxy.port("websecure"), "other.test")).isEqualTo(200);
        }
    }

    // ---- the YAML decoder ----

    private static DecodeResult decode(String yaml) {
        return ConfigDecoder.create().decode(yaml, Format.YAML, "test.yml");
    }

    private static List<String> decodeErrors(String yaml) {
        List<String> errors = new ArrayList<>();
        decode(yaml).errors().forEach(e -> errors.add(e.toString()));
        return errors;
    }

    @ParameterizedTest
    @ValueSource(strings = {"noclientcert", "RequireAndVerifyClientCerts", "\"\"", "42", "[RequestClientCert]", "~x"})
    void decoderRefusesMisspelledClientAuthType(String value) {
        String yaml = "tls:\n  options:\n    o:\n      clientAuth:\n        caFiles: [ca.pem]\n        clientAuthType: " + value + "\n";
        assertThat(decodeErrors(yaml)).anySatisfy(e -> assertThat(e).contains("tls.options.o.clientAuth.clientAuthType"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"VersionTLS14", "TLS12", "12", "\"\"", "{a: b}"})
    void decoderRefusesBogusVersions(String value) {
        assertThat(decodeErrors("tls:\n  options:\n    o:\n      minVersion: " + value + "\n"))
                .anySatisfy(e -> assertThat(e).contains("tls.options.o.minVersion"));
        assertThat(decodeErrors("tls:\n  options:\n    o:\n      maxVersion: " + value + "\n"))
                .anySatisfy(e -> assertThat(e).contains("tls.options.o.maxVersion"));
    }

    @Test
    void decoderRefusesWrongTypesInOptions() {
        assertThat(decodeErrors("tls:\n  options:\n    o:\n      cipherSuites: {a: b}\n"))
                .anySatisfy(e -> assertThat(e).contains("tls.options.o.cipherSuites"));
        assertThat(decodeErrors("tls:\n  options:\n    o:\n      sniStrict: maybe\n"))
                .anySatisfy(e -> assertThat(e).contains("tls.options.o.sniStrict"));
        assertThat(decodeErrors("tls:\n  options:\n    o:\n      alpnProtocols: 42\n      curvePreferences: {x: 1}\n"))
                .anySatisfy(e -> assertThat(e).contains("tls.options.o.curvePreferences"));
        assertThat(decodeErrors("tls:\n  options:\n    o:\n      minVerison: VersionTLS12\n"))
                .anySatisfy(e -> assertThat(e).contains("tls.options.o.minVerison"));
    }

    @Test
    void decoderRefusesCertificatesWithoutBothFiles() {
        assertThat(decodeErrors("tls:\n  certificates:\n    - certFile: a.pem\n"))
                .anySatisfy(e -> assertThat(e).contains("tls.certificates[0]").contains("keyFile"));
        assertThat(decodeErrors("tls:\n  certificates:\n    - keyFile: a.key\n"))
                .anySatisfy(e -> assertThat(e).contains("tls.certificates[0]").contains("certFile"));
        assertThat(decodeErrors("tls:\n  certificates:\n    - certFile: ~\n      keyFile: \"\"\n"))
                .anySatisfy(e -> assertThat(e).contains("tls.certificates[0]"));
        assertThat(decodeErrors("tls:\n  certificates: cert.pem\n"))
                .anySatisfy(e -> assertThat(e).contains("tls.certificates"));
    }

    @Test
    void decoderAcceptsAValidTlsSection() {
        DecodeResult result = decode("""
                tls:
                  certificates:
                    - certFile: a.crt
                      keyFile: a.key
                  options:
                    modern:
                      minVersion: VersionTLS13
                      sniStrict: true
                      alpnProtocols: [http/1.1]
                      clientAuth:
                        caFiles: [ca.pem]
                        clientAuthType: VerifyClientCertIfGiven
                """);
        assertThat(result.errors()).isEmpty();
        assertThat(result.config().tls().options().get("modern").minVersion()).isEqualTo("VersionTLS13");
    }
}
