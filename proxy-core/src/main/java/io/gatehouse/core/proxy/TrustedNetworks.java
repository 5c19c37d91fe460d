package io.gatehouse.core.proxy;

import io.gatehouse.core.config.ConfigError;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/** A list of IPs and CIDRs, parsed once; {@link #contains} allocates nothing for IPv4 peers. */
final class TrustedNetworks {

    private final int[] v4Networks;
    private final int[] v4Masks;
    private final byte[][] v6Networks;
    private final int[] v6Prefixes;

    private TrustedNetworks(int[] v4Networks, int[] v4Masks, byte[][] v6Networks, int[] v6Prefixes) {
        this.v4Networks = v4Networks;
        this.v4Masks = v4Masks;
        this.v6Networks = v6Networks;
        this.v6Prefixes = v6Prefixes;
    }

    static TrustedNetworks parse(List<String> entries, String path, List<ConfigError> errors) {
        List<int[]> v4 = new ArrayList<>();
        List<byte[]> v6 = new ArrayList<>();
        List<Integer> v6Prefix = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            String entry = entries.get(i);
            String at = path + "[" + i + "]";
            if (entry == null || entry.isBlank()) {
                errors.add(new ConfigError(at, entry, "must be an IP or a CIDR, e.g. 10.0.0.0/8"));
                continue;
            }
            // not trimmed: Traefik hands entries straight to net.ParseIP / net.ParseCIDR, which reject whitespace
            if (entry.chars().anyMatch(c -> c <= ' ' || Character.isWhitespace(c))) {
                errors.add(new ConfigError(at, entry, "must be an IP or a CIDR without spaces or line breaks"));
                continue;
            }
            String value = entry;
            int slash = value.indexOf('/');
            String ip = slash < 0 ? value : value.substring(0, slash);
            byte[] address = literal(ip);
            if (address == null) {
                errors.add(new ConfigError(at, entry, "is not an IP or a CIDR, e.g. 10.0.0.0/8 or 2001:db8::/32"));
                continue;
            }
            int bits = address.length * 8;
            int prefix = bits;
            if (slash >= 0) {
                String suffix = value.substring(slash + 1);
                if (suffix.isEmpty() || suffix.length() > 3 || !suffix.chars().allMatch(Character::isDigit)
                        || Integer.parseInt(suffix) > bits) {
                    errors.add(new ConfigError(at, entry, "has a prefix length that is not between 0 and " + bits));
                    continue;
                }
                prefix = Integer.parseInt(suffix);
            }
            if (address.length == 4) {
                int mask = prefix == 0 ? 0 : -1 << (32 - prefix);
                v4.add(new int[] {toInt(address) & mask, mask});
            } else {
                v6.add(address);
                v6Prefix.add(prefix);
            }
        }
        int[] networks = new int[v4.size()];
        int[] masks = new int[v4.size()];
        for (int i = 0; i < v4.size(); i++) {
            networks[i] = v4.get(i)[0];
            masks[i] = v4.get(i)[1];
        }
        return new TrustedNetworks(networks, masks, v6.toArray(new byte[0][]),
                v6Prefix.stream().mapToInt(Integer::intValue).toArray());
    }

    boolean contains(InetAddress address) {
        if (address == null) {
            return false;
        }
        if (address instanceof java.net.Inet4Address) {
            int ip = address.hashCode(); // Inet4Address.hashCode() is the address itself
            for (int i = 0; i < v4Networks.length; i++) {
                if ((ip & v4Masks[i]) == v4Networks[i]) {
                    return true;
                }
            }
            return false;
        }
        byte[] ip = address.getAddress();
        for (int i = 0; i < v6Networks.length; i++) {
            if (matches(ip, v6Networks[i], v6Prefixes[i])) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(byte[] ip, byte[] network, int prefix) {
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (ip[i] != network[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (ip[full] & mask) == (network[full] & mask);
    }

    /** The bytes of an IPv4 or IPv6 literal, or null; never a DNS lookup. */
    private static byte[] literal(String ip) {
        if (ip.isEmpty()) {
            return null;
        }
        boolean v6 = ip.indexOf(':') >= 0;
        for (int i = 0; i < ip.length(); i++) {
            char c = ip.charAt(i);
            boolean ok = c >= '0' && c <= '9' || c == '.' || v6 && (c == ':' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F');
            if (!ok) {
                return null;
            }
        }
        if (!v6) {
            String[] parts = ip.split("\\.", -1);
            if (parts.length != 4) {
                return null;
            }
            for (String part : parts) {
                if (part.isEmpty() || part.length() > 3 || Integer.parseInt(part) > 255) {
                    return null;
                }
            }
        }
        try {
            byte[] address = InetAddress.getByName(ip).getAddress();
            return address;
        } catch (UnknownHostException | RuntimeException e) {
            return null;
        }
    }

    private static int toInt(byte[] a) {
        return (a[0] & 0xff) << 24 | (a[1] & 0xff) << 16 | (a[2] & 0xff) << 8 | (a[3] & 0xff);
    }
}
