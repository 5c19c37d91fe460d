package io.gatehouse.core.rule;

/** ASCII-only character checks (the JDK's Character methods also accept non-ASCII digits and letters). */
final class Ascii {

    private Ascii() {
    }

    /** The value of an ASCII hex digit, -1 for anything else. */
    static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /** Index of the first non-ASCII character, or -1. */
    static int firstNonAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return i;
            }
        }
        return -1;
    }
}
