package io.gatehouse.core.config;

import java.time.Duration;

/**
 * {@code serversTransports.<name>.forwardingTimeouts}. Zero means no limit.
 *
 * @param dialTimeout           connecting to a server (Traefik default 30s)
 * @param responseHeaderTimeout from the request sent to the response headers received (default none)
 * @param idleConnTimeout       how long an idle pooled connection is kept (default 90s)
 * @param readIdleTimeout       HTTP/2: send a ping after this long without frames (default none)
 * @param pingTimeout           HTTP/2: close the connection when a ping gets no answer (default 15s)
 */
public record ForwardingTimeouts(Duration dialTimeout, Duration responseHeaderTimeout, Duration idleConnTimeout,
                                 Duration readIdleTimeout, Duration pingTimeout) {

    public static final Duration DEFAULT_DIAL_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_IDLE_CONN_TIMEOUT = Duration.ofSeconds(90);
    public static final Duration DEFAULT_PING_TIMEOUT = Duration.ofSeconds(15);

    public static final ForwardingTimeouts DEFAULTS =
            new ForwardingTimeouts(DEFAULT_DIAL_TIMEOUT, Duration.ZERO, DEFAULT_IDLE_CONN_TIMEOUT,
                    Duration.ZERO, DEFAULT_PING_TIMEOUT);

    public ForwardingTimeouts {
        dialTimeout = dialTimeout == null ? DEFAULT_DIAL_TIMEOUT : dialTimeout;
        responseHeaderTimeout = responseHeaderTimeout == null ? Duration.ZERO : responseHeaderTimeout;
        idleConnTimeout = idleConnTimeout == null ? DEFAULT_IDLE_CONN_TIMEOUT : idleConnTimeout;
        readIdleTimeout = readIdleTimeout == null ? Duration.ZERO : readIdleTimeout;
        pingTimeout = pingTimeout == null ? DEFAULT_PING_TIMEOUT : pingTimeout;
    }

    public ForwardingTimeouts(Duration dialTimeout, Duration responseHeaderTimeout, Duration idleConnTimeout) {
        this(dialTimeout, responseHeaderTimeout, idleConnTimeout, null, null);
    }
}
