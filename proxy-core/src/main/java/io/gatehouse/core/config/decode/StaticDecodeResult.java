package io.gatehouse.core.config.decode;

import io.gatehouse.core.config.ConfigError;
import io.gatehouse.core.config.ConfigException;
import io.gatehouse.core.config.statics.StaticConfig;

import java.util.List;

/**
 * What decoding the static configuration produced. When there are errors, {@code config} must not
 * be used (it may be null).
 */
public record StaticDecodeResult(StaticConfig config, List<ConfigError> warnings, List<ConfigError> errors) {

    public StaticDecodeResult {
        warnings = List.copyOf(warnings);
        errors = List.copyOf(errors);
    }

    public boolean ok() {
        return errors.isEmpty();
    }

    public StaticConfig orThrow() throws ConfigException {
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        return config;
    }
}
