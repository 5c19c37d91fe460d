package io.gatehouse.core.config;

import java.util.List;

/**
 * {@code entryPoints.<name>.forwardedHeaders}: whose X-Forwarded-* headers are believed.
 *
 * @param insecure   trust every peer's forwarded headers
 * @param trustedIPs peers (IPs or CIDRs) whose forwarded headers are kept
 */
public record ForwardedHeadersConfig(boolean insecure, List<String> trustedIPs) {

    public static final ForwardedHeadersConfig NONE_TRUSTED = new ForwardedHeadersConfig(false, List.of());

    public ForwardedHeadersConfig {
        trustedIPs = ConfigLists.copy(trustedIPs);
    }
}
