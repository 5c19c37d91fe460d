package io.gatehouse.core.config;

/**
 * {@code tls.stores.<name>}.
 *
 * @param defaultCertificate served when no certificate matches the SNI; null for a generated one
 */
public record TlsStore(CertificateFiles defaultCertificate) {
}
