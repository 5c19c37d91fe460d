package io.gatehouse.middleware.retry;

import java.time.Duration;
import java.util.List;

/**
 * Traefik's {@code retry} options (Traefik 3.x reference).
 *
 * @param attempts                   how many times a request is tried in all (required, at least 1)
 * @param initialInterval            the first wait of the exponential backoff; 0 retries at once
 * @param timeout                    how long the middleware may keep retrying (0: no limit)
 * @param maxRequestBodyBytes        the body kept for replaying with {@code status} (-1: no limit)
 * @param status                     status codes to retry on, e.g. {@code 500-599}: not supported yet
 * @param disableRetryOnNetworkError no retry when the server cannot be reached
 * @param retryNonIdempotentMethod   also retry POST, PATCH and LOCK on {@code status}
 */
public record RetryConfig(int attempts, Duration initialInterval, Duration timeout, Long maxRequestBodyBytes,
                          List<String> status, boolean disableRetryOnNetworkError, boolean retryNonIdempotentMethod) {

    public RetryConfig {
        if (attempts <= 0) {
            throw new IllegalArgumentException("attempts must be at least 1 (got " + attempts + ")");
        }
        initialInterval = initialInterval == null ? Duration.ZERO : initialInterval;
        timeout = timeout == null ? Duration.ZERO : timeout;
        if (initialInterval.isNegative() || timeout.isNegative()) {
            throw new IllegalArgumentException("initialInterval and timeout must not be negative");
        }
        Duration longest = Duration.ofDays(365L * 100);
        if (initialInterval.compareTo(longest) > 0 || timeout.compareTo(longest) > 0) {
            throw new IllegalArgumentException("initialInterval and timeout must be at most 36500 days");
        }
        maxRequestBodyBytes = maxRequestBodyBytes == null ? -1L : maxRequestBodyBytes;
        if (maxRequestBodyBytes < -1) {
            throw new IllegalArgumentException("maxRequestBodyBytes must be -1 (no limit) or more (got "
                    + maxRequestBodyBytes + ")");
        }
        status = status == null ? List.of() : List.copyOf(status);
        StatusRanges.parse(status);
        if (status.isEmpty() && disableRetryOnNetworkError) {
            throw new IllegalArgumentException("disableRetryOnNetworkError needs status: with neither, nothing is retried");
        }
        if (!status.isEmpty()) {
            throw new IllegalArgumentException("status: retrying on response status codes is not supported yet;"
                    + " Gatehouse retries requests that could not reach a server (network errors) only");
        }
    }

    /** {@code attempts} tries in all, retried at once. */
    public static RetryConfig of(int attempts) {
        return new RetryConfig(attempts, Duration.ZERO, Duration.ZERO, -1L, List.of(), false, false);
    }

    public RetryConfig withInitialInterval(Duration interval) {
        return new RetryConfig(attempts, interval, timeout, maxRequestBodyBytes, status, disableRetryOnNetworkError,
                retryNonIdempotentMethod);
    }

    public RetryConfig withTimeout(Duration limit) {
        return new RetryConfig(attempts, initialInterval, limit, maxRequestBodyBytes, status, disableRetryOnNetworkError,
                retryNonIdempotentMethod);
    }
}
