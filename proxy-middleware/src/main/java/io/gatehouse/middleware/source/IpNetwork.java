package io.gatehouse.middleware.source;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** An IP address or CIDR network, parsed without DNS. */
record IpNetwork(byte[] network, int prefix) {

    /** The network, or null if {@code text} is neither an IP literal nor a CIDR. */
    static IpNetwork parse(String text) {
        if (text == null) {
            return null;
        }
        String s = text.trim();
        int slash = s.indexOf('/');
        byte[] address = literal(slash < 0 ? s : s.substring(0, slash));
        if (address == null) {
            return null;
        }
        int prefix = address.length * 8;
        if (slash >= 0) {
            String bits = s.substring(slash + 1);
            if (bits.isEmpty() || bits.length() > 3 || !bits.chars().allMatch(Character::isDigit)) {
                return null;
            }
            prefix = Integer.parseInt(bits);
            if (prefix > address.length * 8) {
                return null;
            }
        }
        return new IpNetwork(address, prefix);
    }

    boolean contains(byte[] ip) {
        if (ip == null || ip.length != network.length) {
            return false;
        }
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
    static byte[] literal(String ip) {
        if (ip == null || ip.isEmpty() || ip.length() > 45) {
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
            return InetAddress.getByName(ip).getAddress();
        } catch (UnknownHostException | RuntimeException e) {
            return null;
        }
    }
}
