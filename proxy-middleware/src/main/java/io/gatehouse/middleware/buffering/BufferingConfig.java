package io.gatehouse.middleware.buffering;

import java.util.function.Predicate;

/**
 * Traefik's {@code buffering} options.
 *
 * @param maxRequestBodyBytes  larger request bodies get 413 (0: no limit)
 * @param memRequestBodyBytes  request bytes held in memory before forwarding (default 1 MiB)
 * @param maxResponseBodyBytes larger response bodies become a 500 (0: no limit)
 * @param memResponseBodyBytes response bytes held in memory before sending (default 1 MiB)
 * @param retryExpression      when to forward again, e.g. {@code IsNetworkError() && Attempts() < 2}
 */
public record BufferingConfig(long maxRequestBodyBytes, long memRequestBodyBytes, long maxResponseBodyBytes,
                              long memResponseBodyBytes, String retryExpression) {

    public static final long DEFAULT_MEM_BYTES = 1024 * 1024;
    /** The most bytes held in memory per exchange and direction. */
    public static final long MAX_MEM_BYTES = 256L * 1024 * 1024;

    public static final BufferingConfig DEFAULTS = new BufferingConfig(0, DEFAULT_MEM_BYTES, 0, DEFAULT_MEM_BYTES, null);

    public BufferingConfig {
        nonNegative("maxRequestBodyBytes", maxRequestBodyBytes);
        nonNegative("memRequestBodyBytes", memRequestBodyBytes);
        nonNegative("maxResponseBodyBytes", maxResponseBodyBytes);
        nonNegative("memResponseBodyBytes", memResponseBodyBytes);
        memRequestBodyBytes = memRequestBodyBytes == 0 ? DEFAULT_MEM_BYTES : memRequestBodyBytes;
        memResponseBodyBytes = memResponseBodyBytes == 0 ? DEFAULT_MEM_BYTES : memResponseBodyBytes;
        atMost("memRequestBodyBytes", memRequestBodyBytes);
        atMost("memResponseBodyBytes", memResponseBodyBytes);
        if (retryExpression != null && retryExpression.isBlank()) {
            retryExpression = null;
        }
        if (retryExpression != null) {
            retryCondition(retryExpression);
        }
    }

    /** Request bodies up to {@code maxRequestBodyBytes} (413 above), nothing else changed. */
    public static BufferingConfig maxRequestBody(long maxRequestBodyBytes) {
        return new BufferingConfig(maxRequestBodyBytes, DEFAULT_MEM_BYTES, 0, DEFAULT_MEM_BYTES, null);
    }

    public BufferingConfig withMaxResponseBodyBytes(long bytes) {
        return new BufferingConfig(maxRequestBodyBytes, memRequestBodyBytes, bytes, memResponseBodyBytes, retryExpression);
    }

    public BufferingConfig withMemBytes(long request, long response) {
        return new BufferingConfig(maxRequestBodyBytes, request, maxResponseBodyBytes, response, retryExpression);
    }

    public BufferingConfig withRetryExpression(String expression) {
        return new BufferingConfig(maxRequestBodyBytes, memRequestBodyBytes, maxResponseBodyBytes, memResponseBodyBytes,
                expression);
    }

    /** The parsed retryExpression, or null when there is none. */
    Predicate<RetryContext> retryCondition() {
        return retryExpression == null ? null : retryCondition(retryExpression);
    }

    private static Predicate<RetryContext> retryCondition(String expression) {
        try {
            return io.gatehouse.middleware.expression.Expression.parse(expression, RetryContext.FUNCTIONS);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("retryExpression: " + e.getMessage() + " (in '" + expression + "')");
        }
    }

    private static void nonNegative(String name, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must be 0 or more (got " + value + ")");
        }
    }

    private static void atMost(String name, long value) {
        if (value > MAX_MEM_BYTES) {
            throw new IllegalArgumentException(name + " must be at most " + MAX_MEM_BYTES + " (got " + value + ")");
        }
    }
}
