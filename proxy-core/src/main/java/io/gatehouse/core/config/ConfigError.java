package io.gatehouse.core.config;

/**
 * One problem in a configuration.
 *
 * @param path     where, e.g. {@code http.routers.web.rule}
 * @param value    the offending value as written (may be null)
 * @param message  what was expected
 * @param location the file and line (or label / KV key) it came from; null when unknown
 */
public record ConfigError(String path, String value, String message, SourceLocation location) {

    public ConfigError(String path, String value, String message) {
        this(path, value, message, null);
    }

    /** One line: control characters in the path and the value are escaped, so a value cannot forge log lines. */
    @Override
    public String toString() {
        String where = location == null ? "" : location + ": ";
        String what = path == null || path.isEmpty() ? message : escape(path) + ": " + message;
        return value == null ? where + what : where + what + " (got '" + escape(value) + "')";
    }

    private static String escape(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                if (out == null) {
                    out = new StringBuilder(s.length() + 8).append(s, 0, i);
                }
                switch (c) {
                    case '\r' -> out.append("\\r");
                    case '\n' -> out.append("\\n");
                    case '\t' -> out.append("\\t");
                    default -> out.append(String.format("\\u%04x", (int) c));
                }
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? s : out.toString();
    }
}
