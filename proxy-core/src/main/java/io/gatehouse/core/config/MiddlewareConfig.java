package io.gatehouse.core.config;

import java.util.Objects;

/**
 * {@code http.middlewares.<name>}: which middleware type, and its decoded configuration.
 *
 * @param type   the type's name as registered, e.g. {@code stripPrefix}
 * @param config the type's own configuration object (usually a record), bound from the options
 */
public record MiddlewareConfig(String type, Object config) {

    public MiddlewareConfig {
        Objects.requireNonNull(type, "type");
    }
}
