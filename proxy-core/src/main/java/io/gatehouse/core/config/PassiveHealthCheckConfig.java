package io.gatehouse.core.config;

import java.time.Duration;

/**
 * {@code loadBalancer.passiveHealthCheck}: a server that fails too often within a window is
 * taken out of rotation for that window.
 *
 * @param failureWindow     the window (default 10s)
 * @param maxFailedAttempts failures within the window that mark a server down (default 1)
 */
public record PassiveHealthCheckConfig(Duration failureWindow, int maxFailedAttempts) {

    public static final Duration DEFAULT_FAILURE_WINDOW = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_FAILED_ATTEMPTS = 1;
    public static final PassiveHealthCheckConfig DEFAULTS =
            new PassiveHealthCheckConfig(DEFAULT_FAILURE_WINDOW, DEFAULT_MAX_FAILED_ATTEMPTS);

    public PassiveHealthCheckConfig {
        failureWindow = failureWindow == null ? DEFAULT_FAILURE_WINDOW : failureWindow;
    }
}
