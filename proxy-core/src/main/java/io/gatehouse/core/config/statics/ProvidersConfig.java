package io.gatehouse.core.config.statics;

import java.time.Duration;

/**
 * {@code providers}.
 *
 * @param file                      the file provider; null when not configured
 * @param providersThrottleDuration how long to wait after a provider's change before applying it (default 2s)
 */
public record ProvidersConfig(FileProviderConfig file, Duration providersThrottleDuration) {

    public static final Duration DEFAULT_THROTTLE = Duration.ofSeconds(2);
    public static final ProvidersConfig DEFAULTS = new ProvidersConfig(null, DEFAULT_THROTTLE);

    public ProvidersConfig {
        providersThrottleDuration = providersThrottleDuration == null ? DEFAULT_THROTTLE : providersThrottleDuration;
    }
}
