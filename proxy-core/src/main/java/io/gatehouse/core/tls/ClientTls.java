package io.gatehouse.core.tls;

import io.gatehouse.core.config.ConfigError;
import io.gatehouse.core.proxy.KeyPairs;
import io.gatehouse.core.proxy.PemFiles;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The TLS of Gatehouse's own clients (to servers through a serversTransport, to forwardAuth's auth server, to a
 * Docker engine): which CAs are trusted and which client certificate is shown, built once from PEM files.
 * Problems become {@link ConfigError}s naming the option and the file, never exceptions.
 */
public final class ClientTls {

    private static final char[] NO_PASSWORD = new char[0];

    /** A PEM file of CA certificates, and the option that names it (for errors). */
    public record Trusted(String file, String option) {
    }

    /** A client certificate chain and its private key, and the options that name them (for errors). */
    public record Identity(String certFile, String certOption, String keyFile, String keyOption) {
    }

    private ClientTls() {
    }

    /**
     * The context; null with errors added.
     *
     * @param insecureSkipVerify any server certificate and name is accepted (wins over {@code cas})
     * @param cas                the only CAs trusted (not the JVM's in addition, as Traefik); none: the JVM's
     * @param identities         client certificates to show; none: no client certificate
     * @param path               the option of the whole TLS setting, for errors that belong to no file
     */
    public static SSLContext context(boolean insecureSkipVerify, List<Trusted> cas, List<Identity> identities,
                                     String path, List<ConfigError> errors) {
        int before = errors.size();
        TrustManager[] trust = null;
        if (insecureSkipVerify) {
            trust = new TrustManager[] {TrustEverything.INSTANCE};
        } else if (!cas.isEmpty()) {
            trust = trustManagers(cas, path, errors);
        }
        KeyManager[] keys = identities.isEmpty() ? null : keyManagers(identities, path, errors);
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

    /**
     * A trust manager that accepts every certificate (insecureSkipVerify). An X509ExtendedTrustManager, so the JDK
     * does not add its own host name check on top.
     */
    public static X509ExtendedTrustManager trustingEverything() {
        return TrustEverything.INSTANCE;
    }

    private static TrustManager[] trustManagers(List<Trusted> cas, String path, List<ConfigError> errors) {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int n = 0;
            for (Trusted ca : cas) {
                List<X509Certificate> certificates = PemFiles.certificates(ca.file(), ca.option(), errors);
                if (certificates != null) {
                    for (X509Certificate certificate : certificates) {
                        store.setCertificateEntry("ca-" + n++, certificate);
                    }
                }
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return factory.getTrustManagers();
        } catch (GeneralSecurityException | IOException e) {
            errors.add(new ConfigError(path, null, "cannot be used as trust anchors: " + e.getMessage()));
            return null;
        }
    }

    private static KeyManager[] keyManagers(List<Identity> identities, String path, List<ConfigError> errors) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            for (int i = 0; i < identities.size(); i++) {
                Identity identity = identities.get(i);
                List<X509Certificate> chain = PemFiles.certificates(identity.certFile(), identity.certOption(), errors);
                PrivateKey key = PemFiles.privateKey(identity.keyFile(), identity.keyOption(), errors);
                if (chain == null || key == null) {
                    continue;
                }
                String certAlgorithm = chain.get(0).getPublicKey().getAlgorithm();
                if (!certAlgorithm.equals(key.getAlgorithm())) {
                    errors.add(new ConfigError(identity.keyOption(), identity.keyFile(), "holds a " + key.getAlgorithm()
                            + " key but the certificate's key is " + certAlgorithm));
                    continue;
                }
                if (!KeyPairs.match(chain.get(0).getPublicKey(), key)) {
                    errors.add(new ConfigError(identity.keyOption(), identity.keyFile(),
                            "holds a private key that does not match the public key of " + identity.certFile()));
                    continue;
                }
                store.setKeyEntry("client-" + i, key, NO_PASSWORD, chain.toArray(new X509Certificate[0]));
            }
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, NO_PASSWORD);
            return factory.getKeyManagers();
        } catch (GeneralSecurityException | IOException e) {
            errors.add(new ConfigError(path, null, "cannot be used as client certificates: " + e.getMessage()));
            return null;
        }
    }

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
