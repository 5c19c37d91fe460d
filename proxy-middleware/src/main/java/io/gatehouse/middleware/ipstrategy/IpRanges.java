package io.gatehouse.middleware.ipstrategy;

import io.gatehouse.core.config.ConfigError;
import io.gatehouse.core.config.ConfigException;

import java.util.ArrayList;
import java.util.List;

/**
 * A set of IPs and CIDR blocks (Traefik's ip.Checker), parsed once. IPv4 blocks also match IPv4-mapped IPv6
 * addresses, since those read as IPv4.
 */
public final class IpRanges {

    private final byte[][] networks;
    private final int[] prefixes;

    private IpRanges(byte[][] networks, int[] prefixes) {
        this.networks = networks;
        this.prefixes = prefixes;
    }

    /**
     * @param path the option's path for errors, e.g. {@code http.middlewares.m.ipAllowList.sourceRange}
     * @throws ConfigException naming every entry (path[i]) that is neither an IP nor a CIDR
     */
    public static IpRanges parse(List<String> entries, String path) throws ConfigException {
        List<ConfigError> errors = new ArrayList<>();
        byte[][] networks = new byte[entries.size()][];
        int[] prefixes = new int[entries.size()];
        for (int i = 0; i < entries.size(); i++) {
            String entry = entries.get(i) == null ? "" : entries.get(i).trim();
            String problem = parseInto(entry, networks, prefixes, i);
            if (problem != null) {
                errors.add(new ConfigError(path + "[" + i + "]", entry, problem));
            }
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        return new IpRanges(networks, prefixes);
    }

    private static String parseInto(String entry, byte[][] networks, int[] prefixes, int i) {
        if (entry.isEmpty()) {
            return "expected an IP address or a CIDR block such as 10.0.0.0/8, got an empty value";
        }
        int slash = entry.indexOf('/');
        byte[] ip = IpAddresses.parse(slash < 0 ? entry : entry.substring(0, slash));
        if (ip == null) {
            return "expected an IP address or a CIDR block such as 10.0.0.0/8 or 2001:db8::/32";
        }
        int bits = ip.length * 8;
        if (slash >= 0) {
            String prefix = entry.substring(slash + 1);
            // An IPv4-mapped IPv6 block is written with an IPv6 prefix length (up to 128).
            boolean mapped = ip.length == 4 && entry.substring(0, slash).indexOf(':') >= 0;
            int max = mapped ? 128 : bits;
            if (!prefix.matches("[0-9]{1,3}") || Integer.parseInt(prefix) > max
                    || (prefix.length() > 1 && prefix.charAt(0) == '0')) {
                return "the prefix length after '/' must be a number from 0 to " + max;
            }
            bits = Integer.parseInt(prefix);
            if (mapped) {
                // "::ffff:10.0.0.0/104" reads as IPv4: shift the prefix the way Go does.
                bits = bits - 96;
                if (bits < 0) {
                    return "the prefix length of an IPv4-mapped block must be at least 96";
                }
            }
        }
        networks[i] = IpAddresses.mask(ip, bits);
        prefixes[i] = bits;
        return null;
    }

    /** Whether the IP literal {@code ip} is in one of the ranges; false for anything that is not an IP. */
    public boolean contains(String ip) {
        byte[] address = IpAddresses.parse(ip);
        return address != null && contains(address);
    }

    public boolean contains(byte[] address) {
        for (int i = 0; i < networks.length; i++) {
            if (networks[i].length == address.length && matches(address, networks[i], prefixes[i])) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(byte[] address, byte[] network, int bits) {
        int whole = bits / 8;
        for (int i = 0; i < whole; i++) {
            if (address[i] != network[i]) {
                return false;
            }
        }
        int rest = bits % 8;
        return rest == 0 || ((address[whole] ^ network[whole]) & (0xff << (8 - rest)) & 0xff) == 0;
    }

    public boolean isEmpty() {
        return networks.length == 0;
    }
}
