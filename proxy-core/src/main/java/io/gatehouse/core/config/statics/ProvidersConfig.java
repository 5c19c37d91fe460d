package io.gatehouse.core.config.statics;

import java.time.Duration;
import java.util.Map;

/**
 * {@code providers}.
 *
 * @param file                      the file provider; null when not configured
 * @param providersThrottleDuration how long to wait after a provider's change before applying it (default 2s)
 * @param docker                    the {@code providers.docker} options as flat names ({@code endpoint},
 *                                  {@code tls.ca} ...) and their values as written; null when not configured.
 *                                  Flat, because the Docker provider is a module of its own that validates them.
 */
public record ProvidersConfig(FileProviderConfig file, Duration providersThrottleDuration, Map<String, String> docker) {

    public static final Duration DEFAULT_THROTTLE = Duration.ofSeconds(2);
    public static final ProvidersConfig DEFAULTS = new ProvidersConfig(null, DEFAULT_THROTTLE, null);

    public ProvidersConfig {
        providersThrottleDuration = providersThrottleDuration == null ? DEFAULT_THROTTLE : providersThrottleDuration;
        docker = docker == null ? null : Map.copyOf(docker);
    }

    public ProvidersConfig(FileProviderConfig file, Duration providersThrottleDuration) {
        this(file, providersThrottleDuration, null);
    }
}
