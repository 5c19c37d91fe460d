package io.gatehouse.core.config;

/**
 * One problem in a configuration.
 *
 * @param path    where, e.g. {@code http.routers.web.rule}
 * @param value   the offending value as written (may be null)
 * @param message what was expected
 */
public record ConfigError(String path, String value, String message) {

    @Override
    public String toString() {
        return value == null ? path + ": " + message : path + ": " + message + " (got '" + value + "')";
    }
}
