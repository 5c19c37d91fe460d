package io.gatehouse.core.config.statics;

import io.gatehouse.core.config.EntryPointConfig;

import java.util.Objects;

/**
 * {@code entryPoints.<name>} as the static configuration gives it.
 *
 * @param config      the listener: address, forwarded headers, timeouts, graceTimeOut
 * @param redirection {@code http.redirections.entryPoint}; null when requests are routed normally
 */
public record StaticEntryPoint(EntryPointConfig config, RedirectionConfig redirection) {

    public StaticEntryPoint {
        Objects.requireNonNull(config, "config");
    }
}
