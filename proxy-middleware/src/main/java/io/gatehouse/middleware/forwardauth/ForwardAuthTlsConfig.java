package io.gatehouse.middleware.forwardauth;

/**
 * Traefik's {@code forwardAuth.tls} (ClientTLS).
 *
 * @param ca                 PEM file of CA certificates to trust instead of the JVM's
 * @param cert               PEM client certificate (with {@code key})
 * @param key                PEM private key of {@code cert} (PKCS#8, PKCS#1 RSA or SEC1 EC)
 * @param insecureSkipVerify accept any server certificate and name
 * @param caOptional         deprecated in Traefik and ignored, accepted for compatibility
 */
public record ForwardAuthTlsConfig(String ca, String cert, String key, boolean insecureSkipVerify, boolean caOptional) {
}
