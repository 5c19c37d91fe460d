package io.gatehouse.core.config.decode;

import io.gatehouse.core.config.ConfigError;
import io.gatehouse.core.config.ConfigException;
import io.gatehouse.core.config.DynamicConfig;

import java.util.List;

/**
 * What decoding produced: the configuration, the warnings (parts read but ignored, such as
 * {@code tcp}), and every error found. When there are errors, {@code config} holds what could be
 * decoded and must not be applied.
 */
public record DecodeResult(DynamicConfig config, List<ConfigError> warnings, List<ConfigError> errors) {

    public DecodeResult {
        warnings = List.copyOf(warnings);
        errors = List.copyOf(errors);
    }

    public boolean ok() {
        return errors.isEmpty();
    }

    /** The configuration, or a {@link ConfigException} carrying every error. */
    public DynamicConfig orThrow() throws ConfigException {
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        return config;
    }
}
