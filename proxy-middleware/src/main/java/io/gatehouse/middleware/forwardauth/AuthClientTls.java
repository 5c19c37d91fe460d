package io.gatehouse.middleware.forwardauth;

import io.gatehouse.core.config.ConfigException;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import java.io.ByteArrayInputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;

/** Builds the SSLContext for calls to the auth server from {@link ForwardAuthTlsConfig}, once. */
final class AuthClientTls {

    private AuthClientTls() {
    }

    static SSLContext context(ForwardAuthTlsConfig tls, String path) throws ConfigException {
        try {
            TrustManager[] trust = null;
            if (tls.insecureSkipVerify()) {
                trust = new TrustManager[] {new TrustingAll()};
            } else if (tls.ca() != null && !tls.ca().isBlank()) {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                int i = 0;
                for (Certificate c : certificates(tls.ca(), path + ".ca")) {
                    store.setCertificateEntry("ca" + i++, c);
                }
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(store);
                trust = tmf.getTrustManagers();
            }
            javax.net.ssl.KeyManager[] keys = null;
            boolean hasCert = tls.cert() != null && !tls.cert().isBlank();
            boolean hasKey = tls.key() != null && !tls.key().isBlank();
            if (hasCert != hasKey) {
                throw new ConfigException(path + (hasCert ? ".key" : ".cert"), null, "cert and key must be given together");
            }
            if (hasCert) {
                Collection<? extends Certificate> chain = certificates(tls.cert(), path + ".cert");
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                store.setKeyEntry("client", privateKey(tls.key(), path + ".key"), new char[0], chain.toArray(new Certificate[0]));
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(store, new char[0]);
                keys = kmf.getKeyManagers();
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys, trust, null);
            return context;
        } catch (ConfigException e) {
            throw e;
        } catch (Exception e) {
            throw new ConfigException(path, null, "cannot build the TLS client configuration: " + e.getMessage());
        }
    }

    private static Collection<? extends Certificate> certificates(String file, String path) throws ConfigException {
        byte[] bytes = read(file, path);
        try {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(bytes));
            if (certs.isEmpty()) {
                throw new ConfigException(path, file, "no certificate in the file (expected PEM 'BEGIN CERTIFICATE' blocks)");
            }
            return certs;
        } catch (java.security.cert.CertificateException e) {
            throw new ConfigException(path, file, "not a PEM certificate file: " + e.getMessage());
        }
    }

    private static PrivateKey privateKey(String file, String path) throws ConfigException {
        String text = new String(read(file, path), StandardCharsets.US_ASCII);
        int begin = text.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = text.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin) {
            throw new ConfigException(path, file, "expected a PKCS#8 PEM key ('BEGIN PRIVATE KEY'); convert others with "
                    + "'openssl pkcs8 -topk8 -nocrypt'");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(text.substring(begin + 27, end));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(path, file, "the PEM key is not valid base64");
        }
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (Exception ignored) {
                // try the next algorithm
            }
        }
        throw new ConfigException(path, file, "unsupported private key (expected RSA, EC or Ed25519)");
    }

    private static byte[] read(String file, String path) throws ConfigException {
        try {
            return Files.readAllBytes(Path.of(file));
        } catch (Exception e) {
            throw new ConfigException(path, file, "cannot read the file: "
                    + (e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getClass().getSimpleName()));
        }
    }

    /** insecureSkipVerify: any chain, any name (the name check lives in the trust manager for JDK clients). */
    private static final class TrustingAll extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
