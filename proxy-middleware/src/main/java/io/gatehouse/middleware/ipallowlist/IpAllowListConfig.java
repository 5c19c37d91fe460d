package io.gatehouse.middleware.ipallowlist;

import io.gatehouse.middleware.ipstrategy.IpStrategyConfig;

import java.util.List;

/**
 * Traefik's {@code ipAllowList}.
 *
 * @param sourceRange      allowed IPs and CIDR blocks (required, not empty)
 * @param ipStrategy       how the client IP is chosen; null = the connection's peer address
 * @param rejectStatusCode the status of a refused request (default 403)
 */
public record IpAllowListConfig(List<String> sourceRange, IpStrategyConfig ipStrategy, int rejectStatusCode) {

    public static final IpAllowListConfig DEFAULTS = new IpAllowListConfig(List.of(), null, 403);

    public IpAllowListConfig {
        sourceRange = sourceRange == null ? List.of() : List.copyOf(sourceRange);
        if (rejectStatusCode == 0) {
            rejectStatusCode = 403;
        }
        if (rejectStatusCode < 100 || rejectStatusCode > 599) {
            throw new IllegalArgumentException("rejectStatusCode must be an HTTP status from 100 to 599, got " + rejectStatusCode);
        }
    }

    public static IpAllowListConfig of(String... sourceRange) {
        return new IpAllowListConfig(List.of(sourceRange), null, 403);
    }

    public IpAllowListConfig withIpStrategy(IpStrategyConfig strategy) {
        return new IpAllowListConfig(sourceRange, strategy, rejectStatusCode);
    }

    public IpAllowListConfig withRejectStatusCode(int status) {
        return new IpAllowListConfig(sourceRange, ipStrategy, status);
    }
}
