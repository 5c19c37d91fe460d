package io.gatehouse.docker;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** PEM files of providers.docker.tls: the formats Docker users have, and clear errors for everything else. */
class EngineTlsFilesTest {

    @TempDir
    static Path certs;

    @BeforeAll
    static void makeCertificates() throws Exception {
        DockerEngine.run(List.of("bash", "scripts/make-tls-certs.sh", certs.toString()), 60);
    }

    private static String file(String name) {
        return certs.resolve(name).toString();
    }

    private static String write(String name, String content) throws Exception {
        Path path = certs.resolve(name);
        Files.writeString(path, content);
        return path.toString();
    }

    private static DockerProviderConfig.Tls tls(String ca, String cert, String key) {
        return new DockerProviderConfig.Tls(ca, cert, key, false);
    }

    @Test
    void theCertificatesOfTheScriptLoad() throws Exception {
        assertThat(EngineSession.sslContext(tls(file("ca.pem"), file("client-cert.pem"), file("client-key.pem")))).isNotNull();
        // A bundle of several CAs is trusted whole.
        String bundle = write("bundle.pem", Files.readString(certs.resolve("ca.pem")) + Files.readString(certs.resolve("other-ca.pem")));
        assertThat(EngineSession.sslContext(tls(bundle, null, null))).isNotNull();
    }

    @Test
    void pkcs1RsaAndSec1EcKeysLoadToo() throws Exception {
        // As openssl writes them for Docker's guide and older tools, each with a certificate of its own.
        String rsaKey = file("rsa.pem");
        DockerEngine.run(List.of("openssl", "genrsa", "-traditional", "-out", rsaKey, "2048"), 60);
        assertThat(Files.readString(Path.of(rsaKey))).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        String ecKey = file("ec.pem");
        DockerEngine.run(List.of("openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", ecKey), 60);
        assertThat(Files.readString(Path.of(ecKey))).startsWith("-----BEGIN EC PRIVATE KEY-----");
        for (String key : List.of(rsaKey, ecKey)) {
            String cert = key.replace(".pem", "-cert.pem");
            DockerEngine.run(List.of("openssl", "req", "-new", "-x509", "-key", key, "-subj", "/CN=client", "-days", "1",
                    "-out", cert), 60);
            assertThat(EngineSession.sslContext(tls(null, cert, key))).as(key).isNotNull();
        }
        // A key that is not the certificate's is refused before any handshake.
        assertThatThrownBy(() -> EngineSession.sslContext(tls(null, file("client-cert.pem"), rsaKey)))
                .isInstanceOf(TlsFileException.class).hasMessageContaining("providers.docker.tls.key")
                .hasMessageContaining(rsaKey);
    }

    @Test
    void missingEmptyAndWrongFilesAreClearErrorsNamingTheOptionAndTheFile() throws Exception {
        String missing = file("nothing.pem");
        assertThatThrownBy(() -> EngineSession.sslContext(tls(missing, null, null)))
                .isInstanceOf(TlsFileException.class)
                .hasMessageStartingWith("providers.docker.tls.ca: cannot be read (no such file)").hasMessageContaining(missing);
        String empty = write("empty.pem", "");
        assertThatThrownBy(() -> EngineSession.sslContext(tls(empty, null, null)))
                .isInstanceOf(TlsFileException.class)
                .hasMessageStartingWith("providers.docker.tls.ca: contains no PEM certificate").hasMessageContaining(empty);
        String garbage = write("garbage.pem", "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n");
        assertThatThrownBy(() -> EngineSession.sslContext(tls(garbage, null, null)))
                .isInstanceOf(TlsFileException.class)
                .hasMessageStartingWith("providers.docker.tls.ca: is not a valid PEM certificate file").hasMessageContaining(garbage);
        assertThatThrownBy(() -> EngineSession.sslContext(tls(file("client-key.pem"), null, null)))
                .isInstanceOf(TlsFileException.class)
                .hasMessageStartingWith("providers.docker.tls.ca: contains no PEM certificate");
        assertThatThrownBy(() -> EngineSession.sslContext(tls(certs.toString(), null, null)))
                .isInstanceOf(TlsFileException.class).hasMessageStartingWith("providers.docker.tls.ca: cannot be read");

        // A certificate where the key should be, an empty key file, a truncated key, a missing certificate.
        assertThatThrownBy(() -> EngineSession.sslContext(tls(null, file("client-cert.pem"), file("client-cert.pem"))))
                .isInstanceOf(TlsFileException.class)
                .hasMessageStartingWith("providers.docker.tls.key: contains no PEM private key");
        assertThatThrownBy(() -> EngineSession.sslContext(tls(null, file("client-cert.pem"), empty)))
                .isInstanceOf(TlsFileException.class).hasMessageContaining("contains no PEM private key");
        String key = Files.readString(certs.resolve("client-key.pem"));
        String truncated = write("truncated.pem", key.substring(0, key.length() / 2));
        assertThatThrownBy(() -> EngineSession.sslContext(tls(null, file("client-cert.pem"), truncated)))
                .isInstanceOf(TlsFileException.class).hasMessageStartingWith("providers.docker.tls.key: ")
                .hasMessageContaining(truncated);
        assertThatThrownBy(() -> EngineSession.sslContext(tls(null, missing, file("client-key.pem"))))
                .isInstanceOf(TlsFileException.class)
                .hasMessageStartingWith("providers.docker.tls.cert: cannot be read (no such file)");
    }

    @Test
    void anEncryptedKeyIsRefusedWithTheReason() throws Exception {
        String encrypted = file("encrypted.pem");
        DockerEngine.run(List.of("openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048",
                "-aes256", "-pass", "pass:secret", "-out", encrypted), 60);
        assertThat(Files.readString(Path.of(encrypted))).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
        assertThatThrownBy(() -> EngineSession.sslContext(tls(null, file("client-cert.pem"), encrypted)))
                .isInstanceOf(TlsFileException.class)
                .hasMessageStartingWith("providers.docker.tls.key: holds an encrypted private key");
    }
}
