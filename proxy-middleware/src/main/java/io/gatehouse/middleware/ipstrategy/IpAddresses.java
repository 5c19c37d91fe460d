package io.gatehouse.middleware.ipstrategy;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * IP literals as Go's net.ParseIP reads and prints them: strict dotted IPv4 (no leading zeros), IPv6 without
 * zone or brackets; an IPv4-mapped IPv6 address reads as its IPv4 address. Never resolves a host name.
 */
public final class IpAddresses {

    private IpAddresses() {
    }

    /** The 4 or 16 bytes of {@code text}, or null when it is not an IP literal. */
    public static byte[] parse(String text) {
        if (text == null || text.isEmpty() || text.length() > 45) {
            return null;
        }
        if (text.indexOf(':') < 0) {
            return parseV4(text);
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = c == ':' || c == '.' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (!ok) {
                return null;
            }
        }
        int dot = text.indexOf('.');
        if (dot >= 0 && parseV4(text.substring(text.lastIndexOf(':') + 1)) == null) {
            return null;
        }
        try {
            // Only hex digits, ':' and '.' are left: the JDK reads this as a literal, it never looks a name up.
            return InetAddress.getByName(text).getAddress();
        } catch (UnknownHostException | RuntimeException e) {
            return null;
        }
    }

    private static byte[] parseV4(String text) {
        byte[] out = new byte[4];
        int part = 0;
        int value = -1;
        int digits = 0;
        for (int i = 0; i <= text.length(); i++) {
            char c = i == text.length() ? '.' : text.charAt(i);
            if (c == '.') {
                if (digits == 0 || part > 3) {
                    return null;
                }
                out[part++] = (byte) value;
                value = -1;
                digits = 0;
            } else if (c >= '0' && c <= '9') {
                if (digits > 0 && value == 0) {
                    return null; // leading zero: Go rejects it (it could be read as octal elsewhere)
                }
                value = (value < 0 ? 0 : value * 10) + (c - '0');
                if (++digits > 3 || value > 255) {
                    return null;
                }
            } else {
                return null;
            }
        }
        return part == 4 ? out : null;
    }

    /** Prints an address as Go does: dotted IPv4, or IPv6 with the longest run of zero groups as "::". */
    public static String format(byte[] ip) {
        if (ip.length == 4) {
            return (ip[0] & 0xff) + "." + (ip[1] & 0xff) + "." + (ip[2] & 0xff) + "." + (ip[3] & 0xff);
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = (ip[2 * i] & 0xff) << 8 | (ip[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder out = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }

    /** {@code ip} with every bit after the first {@code bits} cleared (a copy). */
    public static byte[] mask(byte[] ip, int bits) {
        byte[] out = ip.clone();
        for (int i = 0; i < out.length; i++) {
            int keep = Math.max(0, Math.min(8, bits - 8 * i));
            out[i] &= (byte) (keep == 0 ? 0 : 0xff << (8 - keep));
        }
        return out;
    }
}
