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

    @Override
    public String toString() {
        String where = location == null ? "" : location + ": ";
        String what = path == null || path.isEmpty() ? message : path + ": " + message;
        return value == null ? where + what : where + what + " (got '" + value + "')";
    }
}
