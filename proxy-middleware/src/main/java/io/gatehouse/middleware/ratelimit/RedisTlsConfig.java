package io.gatehouse.middleware.ratelimit;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Traefik's {@code rateLimit.redis.tls}: TLS to Redis. Files are PEM, as in Traefik; {@code cert} and
 * {@code key} go together (a client certificate), {@code ca} replaces the JVM's trusted authorities.
 *
 * @param ca                 PEM file of the authorities that sign Redis' certificate (default: the JVM's)
 * @param cert               PEM file of the client certificate
 * @param key                PEM file of the client certificate's private key (PKCS#8 or PKCS#1)
 * @param insecureSkipVerify trust any certificate and any host name (tests only)
 */
public record RedisTlsConfig(String ca, String cert, String key, boolean insecureSkipVerify) {

    public static final RedisTlsConfig DEFAULTS = new RedisTlsConfig(null, null, null, false);

    public RedisTlsConfig {
        ca = blankToNull(ca);
        cert = blankToNull(cert);
        key = blankToNull(key);
        if ((cert == null) != (key == null)) {
            throw new IllegalArgumentException(cert == null
                    ? "cert: missing; a client key needs its certificate (key is '" + key + "')"
                    : "key: missing; a client certificate needs its private key (cert is '" + cert + "')");
        }
        requireReadable("ca", ca);
        requireReadable("cert", cert);
        requireReadable("key", key);
    }

    private static void requireReadable(String option, String file) {
        if (file == null) {
            return;
        }
        Path path;
        try {
            path = Path.of(file);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(option + ": not a file path (got '" + file + "')");
        }
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new IllegalArgumentException(option + ": no readable file at '" + file + "'");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
