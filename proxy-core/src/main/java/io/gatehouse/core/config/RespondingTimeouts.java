package io.gatehouse.core.config;

import java.time.Duration;

/**
 * {@code entryPoints.<name>.transport.respondingTimeouts}. Zero means no limit.
 *
 * @param readTimeout  reading a whole request (Traefik default 60s)
 * @param writeTimeout writing a response (default none)
 * @param idleTimeout  a keep-alive connection with no request (default 180s)
 */
public record RespondingTimeouts(Duration readTimeout, Duration writeTimeout, Duration idleTimeout) {

    public static final RespondingTimeouts DEFAULTS =
            new RespondingTimeouts(Duration.ofSeconds(60), Duration.ZERO, Duration.ofSeconds(180));

    public RespondingTimeouts {
        readTimeout = readTimeout == null ? Duration.ofSeconds(60) : readTimeout;
        writeTimeout = writeTimeout == null ? Duration.ZERO : writeTimeout;
        idleTimeout = idleTimeout == null ? Duration.ofSeconds(180) : idleTimeout;
    }
}
