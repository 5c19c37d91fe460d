package io.gatehouse.core.config.statics;

/**
 * {@code ping}: {@code GET /ping} answers 200 {@code OK}.
 *
 * @param entryPoint            where {@code /ping} is served (default {@code traefik}, on :8080 unless configured)
 * @param manualRouting         when true no router is generated; route to the service {@code ping@internal} yourself
 * @param terminatingStatusCode the status answered while shutting down (default 503)
 */
public record PingConfig(String entryPoint, boolean manualRouting, int terminatingStatusCode) {

    public static final int DEFAULT_TERMINATING_STATUS_CODE = 503;
    public static final PingConfig DEFAULTS =
            new PingConfig(StaticConfig.TRAEFIK_ENTRY_POINT, false, DEFAULT_TERMINATING_STATUS_CODE);
}
