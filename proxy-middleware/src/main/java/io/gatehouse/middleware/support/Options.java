package io.gatehouse.middleware.support;

import java.util.List;
import java.util.Map;

/**
 * Checks shared by middleware config records. Each throws {@link IllegalArgumentException} with a
 * message that starts with the option's name, which the decoder reports at the middleware's path.
 */
public final class Options {

    private Options() {
    }

    /** A list option: never null, no null items; copied. */
    public static List<String> list(String option, List<String> values) {
        if (values == null) {
            return List.of();
        }
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) == null) {
                throw new IllegalArgumentException(option + "[" + i + "]: missing value");
            }
        }
        return List.copyOf(values);
    }

    /** A map option: never null; null values become "" (YAML {@code X-Key:} with nothing after it). */
    public static Map<String, String> map(Map<String, String> values) {
        if (values == null || values.isEmpty()) {
            return Map.of();
        }
        java.util.LinkedHashMap<String, String> copy = new java.util.LinkedHashMap<>();
        values.forEach((k, v) -> copy.put(k, v == null ? "" : v));
        return java.util.Collections.unmodifiableMap(copy);
    }

    /** Refuses control characters (CR, LF, NUL ...) that would split or corrupt a header or a request line. */
    public static void noControlCharacters(String option, String value) {
        noControlCharacters(option, value, true);
    }

    /** Like {@link #noControlCharacters(String, String)}, but a tab is refused too (paths, URLs). */
    public static void noControlCharactersNorTabs(String option, String value) {
        noControlCharacters(option, value, false);
    }

    private static void noControlCharacters(String option, String value, boolean tabAllowed) {
        if (value == null) {
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 && (c != '\t' || !tabAllowed) || c == 0x7F) {
                throw new IllegalArgumentException(option + ": control character " + String.format("U+%04X", (int) c)
                        + " at index " + i + " is not allowed (got '" + printable(value) + "')");
            }
        }
    }

    /** A header name must be an RFC 9110 token. */
    public static void headerName(String option, String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException(option + ": empty header name");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!isTokenChar(c)) {
                throw new IllegalArgumentException(option + ": '" + printable(name)
                        + "' is not a valid header name (letters, digits and !#$%&'*+-.^_`|~ only)");
            }
        }
    }

    /** A header value: no control characters except tab, no leading or trailing whitespace is required. */
    public static void headerValue(String option, String value) {
        noControlCharacters(option, value);
    }

    static boolean isTokenChar(char c) {
        return c > 0x20 && c < 0x7F && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
    }

    /** The value with control characters shown as \\uXXXX, for messages. */
    public static String printable(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7F) {
                out.append(String.format("\\u%04X", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
