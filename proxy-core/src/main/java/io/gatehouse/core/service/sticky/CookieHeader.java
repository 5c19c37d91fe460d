package io.gatehouse.core.service.sticky;

import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;

/**
 * Finds one cookie in the request's Cookie headers the way Go's {@code Request.Cookie} does (pairs separated by
 * {@code ;}, surrounding spaces ignored, a double-quoted value unquoted), without parsing the others.
 */
final class CookieHeader {

    private CookieHeader() {
    }

    /** The value of the first cookie called {@code name}, or null. */
    static String value(HeaderMap headers, String name) {
        HeaderValues values = headers.get(Headers.COOKIE);
        if (values == null) {
            return null;
        }
        for (int v = 0; v < values.size(); v++) {
            String header = values.get(v);
            int at = 0;
            int length = header.length();
            while (at < length) {
                int end = header.indexOf(';', at);
                if (end < 0) {
                    end = length;
                }
                int start = skipSpaces(header, at, end);
                int eq = header.indexOf('=', start);
                if (eq > 0 && eq < end && eq - start == name.length() && header.startsWith(name, start)) {
                    return unquote(header.substring(eq + 1, trimEnd(header, eq + 1, end)));
                }
                at = end + 1;
            }
        }
        return null;
    }

    private static int skipSpaces(String text, int from, int to) {
        while (from < to && (text.charAt(from) == ' ' || text.charAt(from) == '\t')) {
            from++;
        }
        return from;
    }

    private static int trimEnd(String text, int from, int to) {
        while (to > from && (text.charAt(to - 1) == ' ' || text.charAt(to - 1) == '\t')) {
            to--;
        }
        return to;
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && value.charAt(0) == '"' && value.charAt(value.length() - 1) == '"') {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }
}
