package io.gatehouse.core.net;

/**
 * One address or CIDR block of a ClientIP matcher, with its network and mask computed once.
 * IPv4 blocks use an int, IPv6 blocks two longs, so a check is a few AND/compare operations.
 */
public final class IpBlock {

    private final boolean v4;
    private final int v4Network;
    private final int v4Mask;
    private final long highNetwork;
    private final long highMask;
    private final long lowNetwork;
    private final long lowMask;

    private IpBlock(boolean v4, int v4Network, int v4Mask, long highNetwork, long highMask,
                    long lowNetwork, long lowMask) {
        this.v4 = v4;
        this.v4Network = v4Network;
        this.v4Mask = v4Mask;
        this.highNetwork = highNetwork;
        this.highMask = highMask;
        this.lowNetwork = lowNetwork;
        this.lowMask = lowMask;
    }

    /**
     * Parses {@code 10.0.0.1}, {@code 192.168.1.0/24}, {@code ::1}, {@code fe80::/10} (host bits
     * are masked off, as in Go). An IPv4-mapped IPv6 address is treated as the IPv4 address.
     *
     * @throws IllegalArgumentException with the reason when the text is neither an IP nor a CIDR
     */
    public static IpBlock parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("empty: expected an IP address or a CIDR block");
        }
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        byte[] bytes = IpLiterals.parse(address);
        if (bytes == null) {
            throw new IllegalArgumentException(slash < 0
                    ? "not an IPv4 or IPv6 address (and no /prefix for a CIDR)"
                    : "the address part of the CIDR is not an IPv4 or IPv6 address");
        }
        int maxBits = bytes.length * 8;
        int bits = slash < 0 ? maxBits : prefixLength(text.substring(slash + 1), maxBits);
        if (bytes.length == 16 && IpLiterals.isV4Mapped(bytes) && bits >= 96) {
            byte[] v4 = {bytes[12], bytes[13], bytes[14], bytes[15]};
            return ofV4(v4, bits - 96);
        }
        return bytes.length == 4 ? ofV4(bytes, bits) : ofV6(bytes, bits);
    }

    private static int prefixLength(String text, int maxBits) {
        if (text.isEmpty() || text.length() > 3 || (text.length() > 1 && text.charAt(0) == '0')) {
            throw new IllegalArgumentException("the prefix length must be a number from 0 to " + maxBits);
        }
        int bits = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("the prefix length must be a number from 0 to " + maxBits);
            }
            bits = bits * 10 + (c - '0');
        }
        if (bits > maxBits) {
            throw new IllegalArgumentException("the prefix length must be a number from 0 to " + maxBits);
        }
        return bits;
    }

    private static IpBlock ofV4(byte[] b, int bits) {
        int mask = bits == 0 ? 0 : -1 << (32 - bits);
        return new IpBlock(true, toInt(b, 0) & mask, mask, 0, 0, 0, 0);
    }

    private static IpBlock ofV6(byte[] b, int bits) {
        long highMask = maskOf(Math.min(bits, 64));
        long lowMask = maskOf(Math.max(bits - 64, 0));
        return new IpBlock(false, 0, 0, toLong(b, 0) & highMask, highMask, toLong(b, 8) & lowMask, lowMask);
    }

    private static long maskOf(int bits) {
        return bits == 0 ? 0L : -1L << (64 - bits);
    }

    public static int toInt(byte[] b, int offset) {
        return (b[offset] & 0xff) << 24 | (b[offset + 1] & 0xff) << 16 | (b[offset + 2] & 0xff) << 8
                | (b[offset + 3] & 0xff);
    }

    public static long toLong(byte[] b, int offset) {
        return (long) toInt(b, offset) << 32 | (toInt(b, offset + 4) & 0xffffffffL);
    }

    public boolean isV4() {
        return v4;
    }

    public boolean containsV4(int address) {
        return v4 && (address & v4Mask) == v4Network;
    }

    public boolean containsV6(long high, long low) {
        return !v4 && (high & highMask) == highNetwork && (low & lowMask) == lowNetwork;
    }
}
