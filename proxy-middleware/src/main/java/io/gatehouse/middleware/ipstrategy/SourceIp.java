package io.gatehouse.middleware.ipstrategy;

import io.gatehouse.core.net.IpBlocks;
import io.gatehouse.core.net.IpLiterals;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;

import java.net.InetSocketAddress;

/**
 * Picks the client IP of a request as Traefik's ip.Strategy does, for ipAllowList and for the sourceCriterion
 * of rateLimit and inFlightReq. Built once from an {@link IpStrategyConfig}; {@link #of} picks the strategy.
 * Returns "" when no address can be chosen (Traefik's behaviour: an allow list then rejects the request).
 */
public abstract sealed class SourceIp permits SourceIp.Peer, SourceIp.Depth, SourceIp.Excluding {

    static final HttpString X_FORWARDED_FOR = new HttpString("X-Forwarded-For");

    /** The client IP as text (Go's formatting for IPv6), or "" when there is none. */
    public abstract String clientIp(HttpServerExchange exchange);

    /** The client IP's bytes (4 or 16), or null when there is none or it is not an IP literal. */
    public byte[] clientAddress(HttpServerExchange exchange) {
        return IpLiterals.parseUnmapped(clientIp(exchange));
    }

    /** The peer-address strategy (Traefik's default, no ipStrategy). */
    public static SourceIp peer() {
        return new Peer(null);
    }

    /** @param config the ipStrategy, or null for the peer address */
    public static SourceIp of(IpStrategyConfig config) {
        if (config == null) {
            return peer();
        }
        if (config.depth() > 0) {
            return new Depth(config.depth(), config.ipv6Subnet());
        }
        if (!config.excludedIPs().isEmpty()) {
            return new Excluding(config.excludedBlocks());
        }
        return new Peer(config.ipv6Subnet());
    }

    /** Traefik's getIPv6SubnetIP: an IPv6 address becomes its network's address; anything else is kept. */
    static String inSubnet(String ip, Integer ipv6Subnet) {
        if (ipv6Subnet == null) {
            return ip;
        }
        byte[] address = IpLiterals.parseUnmapped(ip);
        return address == null || address.length == 4 ? ip : IpLiterals.format(IpLiterals.mask(address, ipv6Subnet));
    }

    /** The first X-Forwarded-For header line, as Go's Header.Get reads it. */
    static String forwardedFor(HttpServerExchange exchange) {
        String value = exchange.getRequestHeaders().getFirst(X_FORWARDED_FOR);
        return value == null ? "" : value;
    }

    static final class Peer extends SourceIp {
        private final Integer ipv6Subnet;

        Peer(Integer ipv6Subnet) {
            this.ipv6Subnet = ipv6Subnet;
        }

        @Override
        public String clientIp(HttpServerExchange exchange) {
            byte[] address = clientAddress(exchange);
            return address == null ? "" : IpLiterals.format(address);
        }

        @Override
        public byte[] clientAddress(HttpServerExchange exchange) {
            InetSocketAddress peer = exchange.getSourceAddress();
            if (peer == null || peer.getAddress() == null) {
                return null;
            }
            byte[] address = peer.getAddress().getAddress();
            return ipv6Subnet != null && address.length == 16 ? IpLiterals.mask(address, ipv6Subnet) : address;
        }
    }

    static final class Depth extends SourceIp {
        private final int depth;
        private final Integer ipv6Subnet;

        Depth(int depth, Integer ipv6Subnet) {
            this.depth = depth;
            this.ipv6Subnet = ipv6Subnet;
        }

        @Override
        public String clientIp(HttpServerExchange exchange) {
            String xff = forwardedFor(exchange);
            // Walk from the right without splitting the whole header.
            int end = xff.length();
            for (int seen = 1; ; seen++) {
                int comma = xff.lastIndexOf(',', end - 1);
                if (seen == depth) {
                    return inSubnet(xff.substring(comma + 1, end).trim(), ipv6Subnet);
                }
                if (comma < 0) {
                    return "";
                }
                end = comma;
            }
        }
    }

    static final class Excluding extends SourceIp {
        private final IpBlocks excluded;

        Excluding(IpBlocks excluded) {
            this.excluded = excluded;
        }

        @Override
        public String clientIp(HttpServerExchange exchange) {
            String xff = forwardedFor(exchange);
            int end = xff.length();
            while (end >= 0) {
                int comma = end == 0 ? -1 : xff.lastIndexOf(',', end - 1);
                String entry = xff.substring(comma + 1, end).trim();
                if (!entry.isEmpty() && !excluded.contains(entry)) {
                    return entry;
                }
                if (comma < 0) {
                    return "";
                }
                end = comma;
            }
            return "";
        }
    }
}
