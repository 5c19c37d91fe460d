package io.gatehouse.core.config;

/** A PEM certificate (chain) and its private key, as file paths. */
public record CertificateFiles(String certFile, String keyFile) {
}
