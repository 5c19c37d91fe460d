package io.gatehouse.middleware.source;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The source key of a request, per Traefik's sourceCriterion. Built once per middleware; {@link #extract}
 * runs per request. An empty string is a valid key (Traefik groups such requests together).
 */
@FunctionalInterface
public interface SourceExtractor {

    String extract(HttpServerExchange exchange);

    /** The extractor for {@code criterion}, or for {@code fallback} when the criterion is absent or empty. */
    static SourceExtractor of(SourceCriterion criterion, SourceCriterion fallback) {
        SourceCriterion c = criterion == null || criterion.isEmpty() ? fallback : criterion;
        if (c.ipStrategy() != null) {
            return ofIpStrategy(c.ipStrategy());
        }
        if (c.requestHeaderName() != null) {
            HttpString name = HttpString.tryFromString(c.requestHeaderName());
            return exchange -> {
                String value = exchange.getRequestHeaders().getFirst(name);
                return value == null ? "" : value;
            };
        }
        return exchange -> {
            String host = exchange.getRequestHeaders().getFirst(Headers.HOST);
            return host == null ? "" : host;
        };
    }

    private static SourceExtractor ofIpStrategy(IpStrategy strategy) {
        int subnet = strategy.ipv6Subnet() == null ? -1 : strategy.ipv6Subnet();
        if (strategy.depth() > 0) {
            int depth = strategy.depth();
            return exchange -> {
                List<String> hops = forwardedFor(exchange);
                return depth > hops.size() ? "" : Ipv6Subnets.mask(hops.get(hops.size() - depth), subnet);
            };
        }
        if (!strategy.excludedIPs().isEmpty()) {
            List<IpNetwork> excluded = strategy.excludedIPs().stream().map(IpNetwork::parse).toList();
            return exchange -> {
                List<String> hops = forwardedFor(exchange);
                for (int i = hops.size() - 1; i >= 0; i--) {
                    String hop = hops.get(i);
                    byte[] ip = IpNetwork.literal(hop);
                    if (ip == null || excluded.stream().noneMatch(n -> n.contains(ip))) {
                        return Ipv6Subnets.mask(hop, subnet);
                    }
                }
                return "";
            };
        }
        return exchange -> {
            InetSocketAddress peer = exchange.getSourceAddress();
            InetAddress address = peer == null ? null : peer.getAddress();
            if (address == null) {
                return "";
            }
            if (subnet >= 0 && address instanceof Inet6Address) {
                return Ipv6Subnets.mask(address.getAddress(), subnet);
            }
            return address.getHostAddress();
        };
    }

    /** Every X-Forwarded-For entry, in order, over all header lines; empty entries dropped. */
    private static List<String> forwardedFor(HttpServerExchange exchange) {
        HeaderValues values = exchange.getRequestHeaders().get(Headers.X_FORWARDED_FOR);
        if (values == null) {
            return List.of();
        }
        List<String> hops = new ArrayList<>(4);
        for (String value : values) {
            for (String part : value.split(",")) {
                String hop = part.trim();
                if (!hop.isEmpty()) {
                    hops.add(hop);
                }
            }
        }
        return hops;
    }

    /** Traefik's ipv6Subnet: an IPv6 source reduced to its network. */
    final class Ipv6Subnets {
        private Ipv6Subnets() {
        }

        static String mask(String ip, int subnet) {
            if (subnet < 0 || ip.indexOf(':') < 0) {
                return ip;
            }
            byte[] bytes = IpNetwork.literal(ip);
            return bytes == null || bytes.length != 16 ? ip : mask(bytes, subnet);
        }

        static String mask(byte[] bytes, int subnet) {
            byte[] masked = bytes.clone();
            for (int bit = subnet; bit < 128; bit++) {
                masked[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
            }
            try {
                return InetAddress.getByAddress(masked).getHostAddress();
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
