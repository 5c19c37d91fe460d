package io.gatehouse.middleware.source;

import java.util.List;

/**
 * Traefik's {@code ipStrategy}: which address of a request counts as its source.
 *
 * @param depth       take the {@code depth}-th address from the right of X-Forwarded-For (0: not used)
 * @param excludedIPs skip these addresses and networks, scanning X-Forwarded-For from the right
 * @param ipv6Subnet  group IPv6 sources by this prefix length (null: the full address)
 */
public record IpStrategy(int depth, List<String> excludedIPs, Integer ipv6Subnet) {

    public IpStrategy {
        if (depth < 0) {
            throw new IllegalArgumentException("depth must be 0 or more (got " + depth + ")");
        }
        excludedIPs = excludedIPs == null ? List.of() : List.copyOf(excludedIPs);
        for (int i = 0; i < excludedIPs.size(); i++) {
            if (IpNetwork.parse(excludedIPs.get(i)) == null) {
                throw new IllegalArgumentException("excludedIPs[" + i + "]: expected an IP address or a CIDR such as"
                        + " 10.0.0.0/8 (got '" + excludedIPs.get(i) + "')");
            }
        }
        if (ipv6Subnet != null && (ipv6Subnet < 0 || ipv6Subnet > 128)) {
            throw new IllegalArgumentException("ipv6Subnet must be between 0 and 128 (got " + ipv6Subnet + ")");
        }
    }
}
