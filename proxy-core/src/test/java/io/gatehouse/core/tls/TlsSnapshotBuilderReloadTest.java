package io.gatehouse.core.tls;

import io.gatehouse.core.config.CertificateFiles;
import io.gatehouse.core.config.ConfigError;
import io.gatehouse.core.config.TlsConfig;
import io.gatehouse.core.testing.TestCertificates;
import io.gatehouse.core.testing.TestCertificates.KeyType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** "A bad configuration never replaces a good one", for certificates: which entries keep their previous certificate. */
class TlsSnapshotBuilderReloadTest {

    private static TestCertificates.Ca ca;

    @TempDir
    Path dir;

    @BeforeAll
    static void createCa() throws Exception {
        ca = TestCertificates.ca("reload-ca");
    }

    private static TlsSnapshot build(TlsSnapshot previous, CertificateFiles... certificates) {
        return new TlsSnapshotBuilder(previous).provider("file", new TlsConfig(List.of(certificates), null, null)).build();
    }

    private static String served(TlsSnapshot snapshot, String host) {
        ServerCertificate certificate = snapshot.certificates().match(host);
        return certificate == null ? null : certificate.leaf().getSubjectX500Principal().getName();
    }

    private static List<String> errors(TlsSnapshot snapshot) {
        return snapshot.materialErrors().stream().map(ConfigError::toString).toList();
    }

    private Path[] issue(String cn, String host) throws Exception {
        return ca.issue(cn, List.of(host), List.of(), KeyType.EC).writePem(dir, cn, false);
    }

    private static CertificateFiles files(Path cert, Path key) {
        return new CertificateFiles(cert.toString(), key.toString(), null);
    }

    @Test
    void aKeyCorruptedInPlaceKeepsThePreviousCertificateAndSaysSo() throws Exception {
        Path[] v1 = issue("a-v1", "a.test");
        TlsSnapshot first = build(null, files(v1[0], v1[1]));
        assertThat(served(first, "a.test")).isEqualTo("CN=a-v1");

        Files.write(v1[1], new byte[] {0, 1, 2});
        TlsSnapshot second = build(first, files(v1[0], v1[1]));
        assertThat(served(second, "a.test")).isEqualTo("CN=a-v1");
        assertThat(errors(second)).singleElement().asString()
                .contains("tls.certificates[0]@file.keyFile").contains("the previous certificate keeps serving");

        // Still broken at the next rebuild: the certificate is still kept (from the snapshot that kept it).
        TlsSnapshot third = build(second, files(v1[0], v1[1]));
        assertThat(served(third, "a.test")).isEqualTo("CN=a-v1");
    }

    @Test
    void aNewEntryThatFailsIsLeftOut() throws Exception {
        Path[] a = issue("a", "a.test");
        TlsSnapshot first = build(null, files(a[0], a[1]));
        Path missing = dir.resolve("missing.pem");
        TlsSnapshot second = build(first, files(a[0], a[1]), files(missing, dir.resolve("missing.key")));
        assertThat(served(second, "a.test")).isEqualTo("CN=a");
        assertThat(errors(second)).isNotEmpty().allSatisfy(e -> assertThat(e)
                .contains("tls.certificates[1]@file").doesNotContain("keeps serving"));
    }

    @Test
    void anotherProvidersEntryIsNotTheSameEntry() throws Exception {
        Path[] a = issue("a", "a.test");
        TlsSnapshot first = new TlsSnapshotBuilder(null)
                .provider("one", new TlsConfig(List.of(files(a[0], a[1])), null, null)).build();
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "not a certificate");
        TlsSnapshot second = new TlsSnapshotBuilder(first)
                .provider("two", new TlsConfig(List.of(files(garbage, a[1])), null, null)).build();
        assertThat(served(second, "a.test")).isNull();
    }

    @Test
    void aGoodRotationReplacesTheCertificate() throws Exception {
        Path[] v1 = issue("b-v1", "b.test");
        Path[] v2 = issue("b-v2", "b.test");
        TlsSnapshot first = build(null, files(v1[0], v1[1]));
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "not a certificate");
        TlsSnapshot broken = build(first, files(garbage, v1[1]));
        assertThat(served(broken, "b.test")).isEqualTo("CN=b-v1");
        TlsSnapshot rotated = build(broken, files(v2[0], v2[1]));
        assertThat(served(rotated, "b.test")).isEqualTo("CN=b-v2");
        assertThat(errors(rotated)).isEmpty();
    }
}
