package io.gatehouse.core.config;

import java.util.List;

/**
 * A PEM certificate (chain) and its private key, as file paths (or inline PEM, as Traefik allows).
 *
 * @param certFile the certificate chain
 * @param keyFile  the private key
 * @param stores   for {@code tls.certificates}: the stores it goes into; empty means {@code default}
 */
public record CertificateFiles(String certFile, String keyFile, List<String> stores) {

    public CertificateFiles {
        stores = stores == null ? List.of() : List.copyOf(stores);
    }

    public CertificateFiles(String certFile, String keyFile) {
        this(certFile, keyFile, List.of());
    }
}
