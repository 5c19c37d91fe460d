package io.gatehouse.docker;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** PEM files of providers.docker.tls: the formats Docker users have, and clear errors for everything else. */
class PemFilesTest {

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

    @Test
    void theCertificatesOfTheScriptLoad() throws Exception {
        KeyStore trust = PemFiles.trustStore("providers.docker.tls.ca", file("ca.pem"));
        assertThat(trust.size()).isEqualTo(1);
        KeyStore keys = PemFiles.keyStore("providers.docker.tls.cert", file("client-cert.pem"),
                "providers.docker.tls.key", file("client-key.pem"));
        assertThat(keys.getKey("client", PemFiles.password())).isNotNull();
        // A bundle of several CAs is trusted whole.
        String bundle = write("bundle.pem", Files.readString(certs.resolve("ca.pem")) + Files.readString(certs.resolve("other-ca.pem")));
        assertThat(PemFiles.trustStore("providers.docker.tls.ca", bundle).size()).isEqualTo(2);
    }

    @Test
    void pkcs1RsaAndSec1EcKeysLoadToo() throws Exception {
        // As openssl writes them for Docker's guide and older tools.
        String rsaKey = file("rsa.pem");
        DockerEngine.run(List.of("openssl", "genrsa", "-traditional", "-out", rsaKey, "2048"), 60);
        assertThat(Files.readString(Path.of(rsaKey))).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        String ecKey = file("ec.pem");
        DockerEngine.run(List.of("openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", ecKey), 60);
        assertThat(Files.readString(Path.of(ecKey))).startsWith("-----BEGIN EC PRIVATE KEY-----");
        // The key need not match the certificate for loading; the engine decides at the handshake.
        assertThat(PemFiles.keyStore("c", file("client-cert.pem"), "k", rsaKey).size()).isEqualTo(1);
        assertThat(PemFiles.keyStore("c", file("client-cert.pem"), "k", ecKey).size()).isEqualTo(1);
    }

    @Test
    void missingEmptyAndWrongFilesAreClearErrorsNamingTheOptionAndTheFile() throws Exception {
        String missing = file("nothing.pem");
        assertThatThrownBy(() -> PemFiles.trustStore("providers.docker.tls.ca", missing))
                .isInstanceOf(PemFiles.TlsFileException.class)
                .hasMessage("providers.docker.tls.ca: cannot read " + missing + " (no such file)");
        String empty = write("empty.pem", "");
        assertThatThrownBy(() -> PemFiles.trustStore("providers.docker.tls.ca", empty))
                .isInstanceOf(PemFiles.TlsFileException.class)
                .hasMessageStartingWith("providers.docker.tls.ca: " + empty);
        String garbage = write("garbage.pem", "-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n");
        assertThatThrownBy(() -> PemFiles.trustStore("providers.docker.tls.ca", garbage))
                .isInstanceOf(PemFiles.TlsFileException.class)
                .hasMessageStartingWith("providers.docker.tls.ca: " + garbage + " is not a PEM certificate file");
        assertThatThrownBy(() -> PemFiles.trustStore("providers.docker.tls.ca", file("client-key.pem")))
                .isInstanceOf(PemFiles.TlsFileException.class)
                .hasMessageStartingWith("providers.docker.tls.ca: " + file("client-key.pem"));
        assertThatThrownBy(() -> PemFiles.trustStore("providers.docker.tls.ca", certs.toString()))
                .isInstanceOf(PemFiles.TlsFileException.class).hasMessageStartingWith("providers.docker.tls.ca: ");

        // A certificate where the key should be, an empty key file, a truncated key.
        assertThatThrownBy(() -> PemFiles.keyStore("c", file("client-cert.pem"), "providers.docker.tls.key", file("client-cert.pem")))
                .isInstanceOf(PemFiles.TlsFileException.class)
                .hasMessage("providers.docker.tls.key: " + file("client-cert.pem") + " holds no private key (expected "
                        + "-----BEGIN PRIVATE KEY-----, -----BEGIN RSA PRIVATE KEY----- or -----BEGIN EC PRIVATE KEY-----)");
        assertThatThrownBy(() -> PemFiles.keyStore("c", file("client-cert.pem"), "providers.docker.tls.key", empty))
                .isInstanceOf(PemFiles.TlsFileException.class).hasMessageContaining("holds no private key");
        String key = Files.readString(certs.resolve("client-key.pem"));
        String truncated = write("truncated.pem", key.substring(0, key.length() / 2));
        assertThatThrownBy(() -> PemFiles.keyStore("c", file("client-cert.pem"), "providers.docker.tls.key", truncated))
                .isInstanceOf(PemFiles.TlsFileException.class).hasMessageStartingWith("providers.docker.tls.key: " + truncated);
        assertThatThrownBy(() -> PemFiles.keyStore("providers.docker.tls.cert", missing, "k", file("client-key.pem")))
                .isInstanceOf(PemFiles.TlsFileException.class)
                .hasMessage("providers.docker.tls.cert: cannot read " + missing + " (no such file)");
    }

    @Test
    void anEncryptedKeyIsRefusedWithTheReason() throws Exception {
        String encrypted = file("encrypted.pem");
        DockerEngine.run(List.of("openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048",
                "-aes256", "-pass", "pass:secret", "-out", encrypted), 60);
        assertThat(Files.readString(Path.of(encrypted))).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
        assertThatThrownBy(() -> PemFiles.keyStore("c", file("client-cert.pem"), "providers.docker.tls.key", encrypted))
                .isInstanceOf(PemFiles.TlsFileException.class)
                .hasMessage("providers.docker.tls.key: " + encrypted + " is encrypted; Docker's TLS files need an unencrypted key");
    }
}
