package io.gatehouse.middleware.ipallowlist;

import io.gatehouse.middleware.ipstrategy.IpStrategyConfig;

import java.util.List;

/** Traefik's deprecated {@code ipWhiteList}: ipAllowList without rejectStatusCode (always 403). */
public record IpWhiteListConfig(List<String> sourceRange, IpStrategyConfig ipStrategy) {

    public IpWhiteListConfig {
        sourceRange = sourceRange == null ? List.of() : List.copyOf(sourceRange);
    }

    IpAllowListConfig toAllowList() {
        return new IpAllowListConfig(sourceRange, ipStrategy, 403);
    }
}
