package io.gatehouse.examples.standalone;

import io.gatehouse.core.config.ConfigError;
import io.gatehouse.core.config.ConfigException;
import io.gatehouse.core.config.statics.StaticConfig;
import io.gatehouse.docker.DockerProvider;
import io.gatehouse.docker.DockerProviderConfig;

import java.util.List;
import java.util.Map;

/** {@code providers.docker} of the static configuration, handed to the Docker module that checks it. */
final class DockerOptions {

    private DockerOptions() {
    }

    /** The provider, or null when providers.docker is not configured. */
    static DockerProvider provider(StaticConfig config) throws ConfigException {
        Map<String, String> options = config.providers().docker();
        return options == null ? null : DockerProvider.create(DockerProviderConfig.fromOptions(options));
    }

    /** The problems of providers.docker, with the static configuration's paths; empty when fine or absent. */
    static List<ConfigError> errors(StaticConfig config) {
        Map<String, String> options = config.providers().docker();
        if (options == null) {
            return List.of();
        }
        try {
            DockerProviderConfig.fromOptions(options);
            return List.of();
        } catch (ConfigException e) {
            return e.errors().stream()
                    .map(error -> error.path().startsWith("providers.docker") ? error
                            : new ConfigError("providers.docker." + error.path(), error.value(), error.message()))
                    .toList();
        }
    }
}
