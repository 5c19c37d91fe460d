package io.gatehouse.middleware.ratelimit;

import io.gatehouse.middleware.source.SourceCriterion;

import java.time.Duration;

/**
 * Traefik's {@code rateLimit} options.
 *
 * @param average         requests allowed per {@code period} on average; 0 means no limit
 * @param period          the period of {@code average} (default 1s)
 * @param burst           requests allowed at once above the average (default 1; 0 is taken as 1, as Traefik)
 * @param sourceCriterion what a "source" is (default: the client's IP)
 * @param redis           Traefik's distributed limiter: the Redis that holds the buckets, or none (per instance)
 */
public record RateLimitConfig(long average, Duration period, long burst, SourceCriterion sourceCriterion, RedisConfig redis) {

    /** Longer periods would overflow nanosecond arithmetic; Go's durations stop at about 292 years too. */
    public static final Duration MAX_PERIOD = Duration.ofDays(365L * 100);

    public static final RateLimitConfig DEFAULTS = new RateLimitConfig(0, Duration.ofSeconds(1), 1, null, null);

    public RateLimitConfig {
        if (average < 0) {
            throw new IllegalArgumentException("average must be 0 (no limit) or more (got " + average + ")");
        }
        if (period == null || period.isZero()) {
            period = Duration.ofSeconds(1);
        }
        if (period.isNegative()) {
            throw new IllegalArgumentException("period must not be negative (got " + period + ")");
        }
        if (period.compareTo(MAX_PERIOD) > 0) {
            throw new IllegalArgumentException("period must be at most " + MAX_PERIOD.toDays() + " days (got " + period + ")");
        }
        if (burst < 0) {
            throw new IllegalArgumentException("burst must be 0 or more (got " + burst + ")");
        }
        if (burst == 0) {
            burst = 1;
        }
    }

    /** {@code average} requests per {@code period}, burst 1, per client IP. */
    public static RateLimitConfig of(long average, Duration period) {
        return new RateLimitConfig(average, period, 1, null, null);
    }

    public RateLimitConfig withBurst(long burst) {
        return new RateLimitConfig(average, period, burst, sourceCriterion, redis);
    }

    public RateLimitConfig withSourceCriterion(SourceCriterion criterion) {
        return new RateLimitConfig(average, period, burst, criterion, redis);
    }

    /** The same limit, shared through {@code redis} by every instance that uses it. */
    public RateLimitConfig withRedis(RedisConfig redis) {
        return new RateLimitConfig(average, period, burst, sourceCriterion, redis);
    }
}
