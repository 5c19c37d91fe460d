package io.gatehouse.docker;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Key stores from the PEM files Docker's TLS uses ({@code ca.pem}, {@code cert.pem}, {@code key.pem}).
 * BouncyCastle parses the key (PKCS#8, PKCS#1 RSA or SEC1 EC) but is not registered as a security
 * provider: the JDK's providers do the cryptography, and the JVM's provider list stays as it was.
 */
final class PemFiles {

    /** A TLS file of the settings cannot be used; the message names the option and the file. */
    static final class TlsFileException extends IOException {
        TlsFileException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final char[] PASSWORD = "gatehouse".toCharArray();

    private PemFiles() {
    }

    static char[] password() {
        return PASSWORD.clone();
    }

    /** Every certificate of {@code caFile}, as trusted entries. */
    static KeyStore trustStore(String option, String caFile) throws IOException, GeneralSecurityException {
        List<Certificate> cas = certificates(option, caFile);
        KeyStore store = emptyStore();
        for (int i = 0; i < cas.size(); i++) {
            store.setCertificateEntry("ca-" + i, cas.get(i));
        }
        return store;
    }

    /** The key of {@code keyFile} with the chain of {@code certFile}, under {@link #password()}. */
    static KeyStore keyStore(String certOption, String certFile, String keyOption, String keyFile)
            throws IOException, GeneralSecurityException {
        List<Certificate> chain = certificates(certOption, certFile);
        KeyStore store = emptyStore();
        store.setKeyEntry("client", privateKey(keyOption, keyFile), PASSWORD, chain.toArray(Certificate[]::new));
        return store;
    }

    private static KeyStore emptyStore() throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        return store;
    }

    private static List<Certificate> certificates(String option, String file) throws IOException, GeneralSecurityException {
        Collection<? extends Certificate> read;
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            read = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (java.security.cert.CertificateException e) {
            throw new TlsFileException(option + ": " + file + " is not a PEM certificate file: " + e.getMessage(), e);
        } catch (IOException | java.nio.file.InvalidPathException e) {
            throw unreadable(option, file, e);
        }
        if (read.isEmpty()) {
            throw new TlsFileException(option + ": " + file + " holds no certificate (expected -----BEGIN CERTIFICATE-----)", null);
        }
        return new ArrayList<>(read);
    }

    private static PrivateKey privateKey(String option, String file) throws IOException {
        Object pem;
        try (Reader in = Files.newBufferedReader(Path.of(file)); PEMParser parser = new PEMParser(in)) {
            pem = parser.readObject();
        } catch (java.nio.file.FileSystemException | java.nio.file.InvalidPathException e) {
            throw unreadable(option, file, e);
        } catch (IOException | RuntimeException e) {
            throw new TlsFileException(option + ": " + file + " is not a PEM private key: " + e.getMessage(), e);
        }
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try {
            if (pem instanceof PEMKeyPair pair) {
                return converter.getPrivateKey(pair.getPrivateKeyInfo());
            }
            if (pem instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
        } catch (IOException e) {
            throw new TlsFileException(option + ": " + file + " holds a key this JVM cannot use: " + e.getMessage(), e);
        }
        if (pem instanceof PEMEncryptedKeyPair || pem instanceof PKCS8EncryptedPrivateKeyInfo) {
            throw new TlsFileException(option + ": " + file + " is encrypted; Docker's TLS files need an unencrypted key", null);
        }
        throw new TlsFileException(option + ": " + file + " holds no private key (expected -----BEGIN PRIVATE KEY-----, "
                + "-----BEGIN RSA PRIVATE KEY----- or -----BEGIN EC PRIVATE KEY-----)", null);
    }

    private static TlsFileException unreadable(String option, String file, Exception e) {
        String why = e instanceof java.nio.file.NoSuchFileException ? "no such file"
                : e instanceof java.nio.file.AccessDeniedException ? "permission denied" : e.toString();
        return new TlsFileException(option + ": cannot read " + file + " (" + why + ")", e);
    }
}
