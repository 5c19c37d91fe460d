package io.gatehouse.middleware.ipstrategy;

import io.gatehouse.core.config.ConfigError;
import io.gatehouse.core.config.ConfigException;
import io.gatehouse.core.net.IpBlocks;

import java.util.ArrayList;
import java.util.List;

/**
 * Traefik's {@code ipStrategy}: which address is "the client". With {@code depth > 0}, the depth-th entry of
 * X-Forwarded-For counted from the right; else with {@code excludedIPs}, the rightmost X-Forwarded-For entry not in
 * that list; else the connection's peer address. {@code ipv6Subnet} groups IPv6 clients by network (peer and depth).
 *
 * @param depth       0 = not used; negative is an error
 * @param excludedIPs IPs and CIDRs skipped when scanning X-Forwarded-For from the right
 * @param ipv6Subnet  prefix length 1..128, or null
 */
public record IpStrategyConfig(int depth, List<String> excludedIPs, Integer ipv6Subnet) {

    public static final IpStrategyConfig DEFAULTS = new IpStrategyConfig(0, List.of(), null);

    public IpStrategyConfig {
        excludedIPs = excludedIPs == null ? List.of() : List.copyOf(excludedIPs);
        if (depth < 0) {
            throw new IllegalArgumentException("depth must be 0 (not used) or a positive number of X-Forwarded-For entries, got " + depth);
        }
        if (ipv6Subnet != null && (ipv6Subnet <= 0 || ipv6Subnet > 128)) {
            throw new IllegalArgumentException("ipv6Subnet must be a prefix length from 1 to 128, got " + ipv6Subnet);
        }
        List<ConfigError> errors = new ArrayList<>();
        IpBlocks.parse(excludedIPs, "excludedIPs", errors);
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(new ConfigException(errors).getMessage());
        }
    }

    /** The excluded addresses and blocks, parsed (they were checked when the record was made). */
    IpBlocks excludedBlocks() {
        return IpBlocks.parse(excludedIPs, "excludedIPs", new ArrayList<>());
    }

    public static IpStrategyConfig depth(int depth) {
        return new IpStrategyConfig(depth, List.of(), null);
    }

    public static IpStrategyConfig excluding(String... ips) {
        return new IpStrategyConfig(0, List.of(ips), null);
    }
}
