package io.gatehouse.core.config;

import java.util.List;
import java.util.stream.Collectors;

/** A configuration that cannot be used, with every problem found in it. */
public class ConfigException extends Exception {

    private final List<ConfigError> errors;

    public ConfigException(List<ConfigError> errors) {
        super(errors.stream().map(ConfigError::toString).collect(Collectors.joining("; ")));
        this.errors = List.copyOf(errors);
    }

    public ConfigException(String path, String value, String message) {
        this(List.of(new ConfigError(path, value, message)));
    }

    public List<ConfigError> errors() {
        return errors;
    }
}
