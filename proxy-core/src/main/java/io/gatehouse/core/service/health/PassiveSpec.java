package io.gatehouse.core.service.health;

import io.gatehouse.core.config.ConfigError;
import io.gatehouse.core.config.PassiveHealthCheckConfig;

import java.time.Duration;
import java.util.List;

/**
 * A validated {@code loadBalancer.passiveHealthCheck}.
 *
 * @param windowNanos       failureWindow: the failures counted are those within it, and an ejection lasts that long
 * @param maxFailedAttempts failures within the window that eject the server
 * @param window            failureWindow as configured, for messages
 */
public record PassiveSpec(long windowNanos, int maxFailedAttempts, Duration window) {

    /** Null when {@code config} is null (no passive checks) or invalid (errors added under {@code path}). */
    public static PassiveSpec of(PassiveHealthCheckConfig config, String path, List<ConfigError> errors) {
        if (config == null) {
            return null;
        }
        int before = errors.size();
        Duration window = config.failureWindow();
        long nanos = 0;
        if (window.isZero() || window.isNegative()) {
            errors.add(new ConfigError(path + ".failureWindow", window.toString(), "must be greater than zero"));
        } else {
            try {
                nanos = window.toNanos();
            } catch (ArithmeticException e) {
                nanos = Long.MAX_VALUE / 4;
            }
        }
        if (config.maxFailedAttempts() < 1) {
            errors.add(new ConfigError(path + ".maxFailedAttempts", String.valueOf(config.maxFailedAttempts()),
                    "must be 1 or more"));
        } else if (config.maxFailedAttempts() > 10_000) {
            errors.add(new ConfigError(path + ".maxFailedAttempts", String.valueOf(config.maxFailedAttempts()),
                    "must be at most 10000"));
        }
        return errors.size() > before ? null : new PassiveSpec(nanos, config.maxFailedAttempts(), window);
    }
}
