package io.gatehouse.core.config;

import java.time.Duration;

/**
 * {@code entryPoints.<name>} (static configuration).
 *
 * @param address            {@code [host]:port}, e.g. {@code :8080}
 * @param forwardedHeaders   whose X-Forwarded-* to trust
 * @param respondingTimeouts read, write and idle timeouts
 * @param graceTimeOut       how long in-flight requests may take to finish at shutdown (default 10s)
 * @param tls                {@code http.tls}: the TLS section routers on this entry point get when they
 *                           have none (so they serve HTTPS only); null when routers decide for themselves
 */
public record EntryPointConfig(String address, ForwardedHeadersConfig forwardedHeaders,
                               RespondingTimeouts respondingTimeouts, Duration graceTimeOut, RouterTlsConfig tls) {

    public static final Duration DEFAULT_GRACE_TIME_OUT = Duration.ofSeconds(10);

    public EntryPointConfig {
        forwardedHeaders = forwardedHeaders == null ? ForwardedHeadersConfig.NONE_TRUSTED : forwardedHeaders;
        respondingTimeouts = respondingTimeouts == null ? RespondingTimeouts.DEFAULTS : respondingTimeouts;
        graceTimeOut = graceTimeOut == null ? DEFAULT_GRACE_TIME_OUT : graceTimeOut;
    }

    public EntryPointConfig(String address, ForwardedHeadersConfig forwardedHeaders,
                            RespondingTimeouts respondingTimeouts, Duration graceTimeOut) {
        this(address, forwardedHeaders, respondingTimeouts, graceTimeOut, null);
    }

    public static EntryPointConfig of(String address) {
        return new EntryPointConfig(address, null, null, null, null);
    }

    /** This entry point with {@code http.tls} set: its routers without a tls section serve HTTPS with these settings. */
    public EntryPointConfig withTls(RouterTlsConfig tls) {
        return new EntryPointConfig(address, forwardedHeaders, respondingTimeouts, graceTimeOut, tls);
    }
}
