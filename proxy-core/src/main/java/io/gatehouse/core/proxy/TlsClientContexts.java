package io.gatehouse.core.proxy;

import io.gatehouse.core.config.CertificateFiles;
import io.gatehouse.core.config.ConfigError;
import io.gatehouse.core.config.ServersTransportConfig;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/** Builds the SSLContext a serversTransport describes, once, when the service is created. */
final class TlsClientContexts {

    private static final char[] NO_PASSWORD = new char[0];

    private TlsClientContexts() {
    }

    /** The context, or null with errors added. */
    static SSLContext create(ServersTransportConfig config, String path, List<ConfigError> errors) {
        int before = errors.size();
        TrustManager[] trust = null;
        if (config.insecureSkipVerify()) {
            trust = new TrustManager[] {TrustEverything.INSTANCE};
        } else if (!config.rootCAs().isEmpty()) {
            trust = rootCAs(config.rootCAs(), path + ".rootCAs", errors);
        }
        KeyManager[] keys = config.certificates().isEmpty() ? null
                : clientCertificates(config.certificates(), path + ".certificates", errors);
        if (errors.size() > before) {
            return null;
        }
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys, trust, null);
            return context;
        } catch (GeneralSecurityException e) {
            errors.add(new ConfigError(path, null, "TLS cannot be set up: " + e.getMessage()));
            return null;
        }
    }

    /** Only these CAs are trusted, as in Traefik (not the system's in addition). */
    private static TrustManager[] rootCAs(List<String> files, String path, List<ConfigError> errors) {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int n = 0;
            for (int i = 0; i < files.size(); i++) {
                List<X509Certificate> certificates = PemFiles.certificates(files.get(i), path + "[" + i + "]", errors);
                if (certificates != null) {
                    for (X509Certificate certificate : certificates) {
                        store.setCertificateEntry("ca-" + n++, certificate);
                    }
                }
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return factory.getTrustManagers();
        } catch (GeneralSecurityException | java.io.IOException e) {
            errors.add(new ConfigError(path, null, "cannot be used as trust anchors: " + e.getMessage()));
            return null;
        }
    }

    private static KeyManager[] clientCertificates(List<CertificateFiles> files, String path, List<ConfigError> errors) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            for (int i = 0; i < files.size(); i++) {
                CertificateFiles pair = files.get(i);
                String at = path + "[" + i + "]";
                if (pair == null) {
                    errors.add(new ConfigError(at, null, "must have certFile and keyFile"));
                    continue;
                }
                List<X509Certificate> chain = PemFiles.certificates(pair.certFile(), at + ".certFile", errors);
                PrivateKey key = PemFiles.privateKey(pair.keyFile(), at + ".keyFile", errors);
                if (chain == null || key == null) {
                    continue;
                }
                String certAlgorithm = chain.get(0).getPublicKey().getAlgorithm();
                if (!certAlgorithm.equals(key.getAlgorithm())) {
                    errors.add(new ConfigError(at + ".keyFile", pair.keyFile(), "holds a " + key.getAlgorithm()
                            + " key but the certificate's key is " + certAlgorithm));
                    continue;
                }
                if (!KeyPairs.match(chain.get(0).getPublicKey(), key)) {
                    errors.add(new ConfigError(at + ".keyFile", pair.keyFile(),
                            "holds a private key that does not match the public key of certFile " + pair.certFile()));
                    continue;
                }
                store.setKeyEntry("client-" + i, key, NO_PASSWORD, chain.toArray(new X509Certificate[0]));
            }
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, NO_PASSWORD);
            return factory.getKeyManagers();
        } catch (GeneralSecurityException | java.io.IOException e) {
            errors.add(new ConfigError(path, null, "cannot be used as client certificates: " + e.getMessage()));
            return null;
        }
    }

    /**
     * insecureSkipVerify. An X509ExtendedTrustManager, so the JDK does not add its own hostname check on top.
     */
    private static final class TrustEverything extends X509ExtendedTrustManager {
        static final TrustEverything INSTANCE = new TrustEverything();

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
