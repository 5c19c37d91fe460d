package io.gatehouse.middleware.ratelimit;

import io.gatehouse.core.config.ConfigError;
import io.gatehouse.core.tls.ClientTls;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Traefik's {@code rateLimit.redis.tls}: TLS to Redis. Files are PEM, as in Traefik; {@code cert} and
 * {@code key} go together (a client certificate), {@code ca} replaces the JVM's trusted authorities.
 *
 * @param ca                 PEM file of the authorities that sign Redis' certificate (default: the JVM's)
 * @param cert               PEM file of the client certificate
 * @param key                PEM file of the client certificate's private key (PKCS#8, PKCS#1 RSA or SEC1 EC)
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
        requireUsable(ca, cert, key, insecureSkipVerify);
    }

    /** The files hold what they should (PEM CAs; a certificate and its key), read as every TLS client of ours reads them. */
    private static void requireUsable(String ca, String cert, String key, boolean insecureSkipVerify) {
        List<ConfigError> errors = new ArrayList<>();
        ClientTls.context(insecureSkipVerify, ca == null ? List.of() : List.of(new ClientTls.Trusted(ca, "ca")),
                cert == null ? List.of() : List.of(new ClientTls.Identity(cert, "cert", key, "key")), "tls", errors);
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(errors.stream().map(ConfigError::toString).collect(Collectors.joining("; ")));
        }
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
