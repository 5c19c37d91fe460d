package io.gatehouse.core.routing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A raw query string decoded as Go's {@code url.ParseQuery} does (Traefik's Query matchers use it):
 * pairs split on {@code &}; a pair containing {@code ;} is dropped; an empty pair is skipped; the key
 * and value split at the first {@code =}; {@code +} is a space; a pair with an invalid or truncated
 * escape is dropped. Decoded bytes are read as UTF-8 (malformed sequences become U+FFFD).
 */
final class QueryParameters {

    private QueryParameters() {
    }

    static Map<String, List<String>> parse(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return Map.of();
        }
        Map<String, List<String>> values = new HashMap<>();
        int start = 0;
        while (start <= rawQuery.length()) {
            int end = rawQuery.indexOf('&', start);
            if (end < 0) {
                end = rawQuery.length();
            }
            addPair(values, rawQuery.substring(start, end));
            start = end + 1;
        }
        return values;
    }

    private static void addPair(Map<String, List<String>> values, String pair) {
        if (pair.isEmpty() || pair.indexOf(';') >= 0) {
            return;
        }
        int equals = pair.indexOf('=');
        String key = unescape(equals < 0 ? pair : pair.substring(0, equals));
        String value = unescape(equals < 0 ? "" : pair.substring(equals + 1));
        if (key == null || value == null) {
            return;
        }
        values.computeIfAbsent(key, k -> new ArrayList<>(1)).add(value);
    }

    /** Go's QueryUnescape; null where Go returns an error. */
    static String unescape(String s) {
        if (s.indexOf('%') < 0 && s.indexOf('+') < 0) {
            return s;
        }
        byte[] out = new byte[s.length() * 3];
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '+') {
                out[n++] = ' ';
            } else if (c == '%') {
                if (i + 2 >= s.length()) {
                    return null;
                }
                int high = hex(s.charAt(i + 1));
                int low = hex(s.charAt(i + 2));
                if (high < 0 || low < 0) {
                    return null;
                }
                out[n++] = (byte) (high << 4 | low);
                i += 2;
            } else if (c < 0x80) {
                out[n++] = (byte) c;
            } else {
                int chars = Character.isHighSurrogate(c) && i + 1 < s.length() ? 2 : 1;
                byte[] utf8 = s.substring(i, i + chars).getBytes(StandardCharsets.UTF_8);
                System.arraycopy(utf8, 0, out, n, utf8.length);
                n += utf8.length;
                i += chars - 1;
            }
        }
        return new String(out, 0, n, StandardCharsets.UTF_8);
    }

    private static int hex(char c) {
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
}
