package io.gatehouse.core.rule;

/**
 * Strict IP literal parsing, as Go's net.ParseIP: dotted-quad IPv4 without leading zeros, IPv6
 * with at most one "::" and an optional trailing dotted quad, no zone. Never resolves names
 * (unlike InetAddress.getByName).
 */
final class IpLiterals {

    private IpLiterals() {
    }

    /** 4 or 16 bytes, or null when the text is not an IP literal. */
    static byte[] parse(String text) {
        if (text.indexOf(':') >= 0) {
            return parseV6(text);
        }
        return parseV4(text, 0, text.length());
    }

    static byte[] parseV4(String s, int from, int to) {
        byte[] out = new byte[4];
        int part = 0;
        int i = from;
        while (part < 4) {
            int start = i;
            int value = 0;
            while (i < to && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                value = value * 10 + (s.charAt(i) - '0');
                i++;
                if (i - start > 3) {
                    return null;
                }
            }
            int digits = i - start;
            if (digits == 0 || value > 255 || (digits > 1 && s.charAt(start) == '0')) {
                return null;
            }
            out[part++] = (byte) value;
            if (part < 4) {
                if (i >= to || s.charAt(i) != '.') {
                    return null;
                }
                i++;
            }
        }
        return i == to ? out : null;
    }

    private static byte[] parseV6(String s) {
        byte[] out = new byte[16];
        int n = s.length();
        int written = 0;
        int gap = -1;
        int i = 0;
        if (s.startsWith("::")) {
            gap = 0;
            i = 2;
            if (i == n) {
                return out;
            }
        }
        while (i < n) {
            if (written == 16) {
                return null;
            }
            int start = i;
            int value = 0;
            while (i < n && Ascii.hexValue(s.charAt(i)) >= 0) {
                value = (value << 4) | Ascii.hexValue(s.charAt(i));
                i++;
                if (i - start > 4) {
                    return null;
                }
            }
            if (i < n && s.charAt(i) == '.') {
                // A trailing dotted quad fills the last 32 bits.
                if (written > 12) {
                    return null;
                }
                byte[] v4 = parseV4(s, start, n);
                if (v4 == null) {
                    return null;
                }
                System.arraycopy(v4, 0, out, written, 4);
                written += 4;
                break;
            }
            if (i == start) {
                return null;
            }
            out[written++] = (byte) (value >> 8);
            out[written++] = (byte) value;
            if (i == n) {
                break;
            }
            if (s.charAt(i) != ':') {
                return null;
            }
            i++;
            if (i < n && s.charAt(i) == ':') {
                if (gap >= 0) {
                    return null;
                }
                gap = written;
                i++;
                if (i == n) {
                    break;
                }
            } else if (i == n) {
                return null;
            }
        }
        if (gap < 0) {
            return written == 16 ? out : null;
        }
        if (written == 16) {
            return null;
        }
        int tail = written - gap;
        System.arraycopy(out, gap, out, 16 - tail, tail);
        java.util.Arrays.fill(out, gap, 16 - tail, (byte) 0);
        return out;
    }

    /** Whether 16 bytes are an IPv4-mapped IPv6 address (::ffff:a.b.c.d). */
    static boolean isV4Mapped(byte[] v6) {
        for (int i = 0; i < 10; i++) {
            if (v6[i] != 0) {
                return false;
            }
        }
        return v6[10] == (byte) 0xff && v6[11] == (byte) 0xff;
    }
}
