package io.gatehouse.middleware.retry;

import io.gatehouse.core.http.StatusRanges;

import java.time.Duration;
import java.util.List;

/**
 * Traefik's {@code retry} options (Traefik 3.x reference).
 *
 * @param attempts                   how many times a request is tried in all (required, at least 1)
 * @param initialInterval            the first wait of the exponential backoff; 0 retries at once
 * @param timeout                    how long the middleware may keep retrying (0: no limit)
 * @param maxRequestBodyBytes        the largest body kept for replaying with {@code status} (-1: no limit);
 *                                   a larger one is forwarded once
 * @param status                     status codes to retry on, e.g. {@code 500-599} or {@code 503}
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

    /** Also retries when the server answers with one of these codes or ranges ({@code "500-599"}, {@code "503"}). */
    public RetryConfig withStatus(String... codes) {
        return new RetryConfig(attempts, initialInterval, timeout, maxRequestBodyBytes, List.of(codes),
                disableRetryOnNetworkError, retryNonIdempotentMethod);
    }

    public RetryConfig withMaxRequestBodyBytes(long max) {
        return new RetryConfig(attempts, initialInterval, timeout, max, status, disableRetryOnNetworkError,
                retryNonIdempotentMethod);
    }

    /** Retries POST, PATCH and LOCK on {@code status} too. */
    public RetryConfig withRetryNonIdempotentMethod(boolean retry) {
        return new RetryConfig(attempts, initialInterval, timeout, maxRequestBodyBytes, status, disableRetryOnNetworkError,
                retry);
    }

    /** Retries on {@code status} only; needs {@link #withStatus} first. */
    public RetryConfig withDisableRetryOnNetworkError(boolean disable) {
        return new RetryConfig(attempts, initialInterval, timeout, maxRequestBodyBytes, status, disable,
                retryNonIdempotentMethod);
    }
}
