package io.gatehouse.core.config.statics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Traefik's static configuration, the subset Gatehouse runs: what is read once at startup
 * ({@code traefik.yml}, {@code --flags}, environment variables).
 *
 * @param entryPoints the listening ports, by name, in the order given
 * @param providers   where dynamic configuration comes from
 * @param ping        the health-check endpoint; null when disabled
 * @param log         the log level and format
 */
public record StaticConfig(Map<String, StaticEntryPoint> entryPoints, ProvidersConfig providers,
                           PingConfig ping, LogConfig log) {

    /** Traefik's entry point when none is configured: {@code http} on {@code :80}. */
    public static final String DEFAULT_ENTRY_POINT = "http";
    /** The entry point Traefik adds on {@code :8080} when ping (or the API) uses it and it is not configured. */
    public static final String TRAEFIK_ENTRY_POINT = "traefik";

    public StaticConfig {
        entryPoints = entryPoints == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(entryPoints));
        providers = providers == null ? ProvidersConfig.DEFAULTS : providers;
        log = log == null ? LogConfig.DEFAULTS : log;
    }
}
