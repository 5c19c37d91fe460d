package io.gatehouse.core.config;

import java.time.Duration;

/**
 * {@code serversTransports.<name>.forwardingTimeouts}. Zero means no limit.
 *
 * @param dialTimeout           connecting to a server (Traefik default 30s)
 * @param responseHeaderTimeout from the request sent to the response headers received (default none)
 * @param idleConnTimeout       how long an idle pooled connection is kept (default 90s)
 */
public record ForwardingTimeouts(Duration dialTimeout, Duration responseHeaderTimeout, Duration idleConnTimeout) {

    public static final ForwardingTimeouts DEFAULTS =
            new ForwardingTimeouts(Duration.ofSeconds(30), Duration.ZERO, Duration.ofSeconds(90));

    public ForwardingTimeouts {
        dialTimeout = dialTimeout == null ? Duration.ofSeconds(30) : dialTimeout;
        responseHeaderTimeout = responseHeaderTimeout == null ? Duration.ZERO : responseHeaderTimeout;
        idleConnTimeout = idleConnTimeout == null ? Duration.ofSeconds(90) : idleConnTimeout;
    }
}
