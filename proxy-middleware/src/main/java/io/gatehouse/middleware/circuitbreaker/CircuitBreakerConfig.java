package io.gatehouse.middleware.circuitbreaker;

import java.time.Duration;
import java.util.function.Predicate;

/**
 * Traefik's {@code circuitBreaker} options.
 *
 * @param expression       when to open, e.g. {@code NetworkErrorRatio() > 0.5} (required)
 * @param checkPeriod      how often the expression is evaluated (default 100ms)
 * @param fallbackDuration how long the breaker stays open (default 10s)
 * @param recoveryDuration how long it takes to let all traffic through again (default 10s)
 * @param responseCode     the status answered while open (default 503)
 */
public record CircuitBreakerConfig(String expression, Duration checkPeriod, Duration fallbackDuration,
                                   Duration recoveryDuration, int responseCode) {

    private static final Duration DEFAULTS_CHECK = Duration.ofMillis(100);
    private static final Duration DEFAULTS_FALLBACK = Duration.ofSeconds(10);
    private static final Duration DEFAULTS_RECOVERY = Duration.ofSeconds(10);

    public static final CircuitBreakerConfig DEFAULTS = new CircuitBreakerConfig(null,
            Duration.ofMillis(100), Duration.ofSeconds(10), Duration.ofSeconds(10), 503);

    public CircuitBreakerConfig {
        // Go's zero durations mean "the default", as in Traefik
        checkPeriod = positiveOr(checkPeriod, DEFAULTS_CHECK, "checkPeriod");
        fallbackDuration = positiveOr(fallbackDuration, DEFAULTS_FALLBACK, "fallbackDuration");
        recoveryDuration = positiveOr(recoveryDuration, DEFAULTS_RECOVERY, "recoveryDuration");
        if (responseCode == 0) {
            responseCode = 503;
        }
        if (responseCode < 200 || responseCode > 599) {
            throw new IllegalArgumentException("responseCode must be an HTTP status between 200 and 599 (got "
                    + responseCode + ")");
        }
        if (expression != null) {
            condition(expression);
        }
    }

    /** A breaker with Traefik's defaults that opens when {@code expression} holds. */
    public static CircuitBreakerConfig of(String expression) {
        return new CircuitBreakerConfig(expression, null, null, null, 503);
    }

    public CircuitBreakerConfig withDurations(Duration checkPeriod, Duration fallbackDuration, Duration recoveryDuration) {
        return new CircuitBreakerConfig(expression, checkPeriod, fallbackDuration, recoveryDuration, responseCode);
    }

    public CircuitBreakerConfig withResponseCode(int code) {
        return new CircuitBreakerConfig(expression, checkPeriod, fallbackDuration, recoveryDuration, code);
    }

    /** The parsed expression; a malformed one is an {@link IllegalArgumentException} naming the position. */
    Predicate<Metrics> condition() {
        if (expression == null) {
            throw new IllegalArgumentException("expression is required, e.g. NetworkErrorRatio() > 0.5");
        }
        return condition(expression);
    }

    private static Predicate<Metrics> condition(String expression) {
        try {
            return io.gatehouse.middleware.expression.Expression.parse(expression, Metrics.FUNCTIONS);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("expression: " + e.getMessage() + " (in '" + expression + "')");
        }
    }

    private static Duration positiveOr(Duration value, Duration fallback, String name) {
        if (value == null || value.isZero()) {
            return fallback;
        }
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative (got " + value + ")");
        }
        if (value.compareTo(Duration.ofDays(365L * 100)) > 0) {
            throw new IllegalArgumentException(name + " must be at most 36500 days (got " + value + ")");
        }
        return value;
    }
}
