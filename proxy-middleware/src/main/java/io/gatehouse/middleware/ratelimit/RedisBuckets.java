package io.gatehouse.middleware.ratelimit;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One rateLimit middleware's buckets in Redis. Keys are {@code rate:<middleware name>:<source>}, as
 * Traefik's, so that every instance that runs the same configuration shares them; the arguments
 * that do not change per request are formatted once.
 */
final class RedisBuckets {

    /** The verdict of a run that failed: Redis unreachable, too slow, or an unexpected answer. */
    static final long FAILED = Long.MIN_VALUE;

    private final RedisConnection redis;
    private final String keyPrefix;
    private final String ratePerMicro;
    private final String burst;
    private final String ttlSeconds;
    private final String maxWaitMicros;
    private final long maxWait;

    RedisBuckets(RedisConnection redis, String name, RateLimitConfig config, long maxWaitNanos) {
        this.redis = redis;
        this.keyPrefix = "rate:" + name + ":";
        double perSecond = config.average() * 1e9 / config.period().toNanos();
        this.ratePerMicro = Double.toString(perSecond / 1e6);
        this.burst = Long.toString(config.burst());
        // A bucket idle long enough to refill completely is full again: Redis may forget it then.
        double refillSeconds = (config.burst() + 1) / perSecond;
        this.ttlSeconds = Long.toString((long) Math.min(Math.ceil(refillSeconds) + 1, Integer.MAX_VALUE));
        this.maxWait = TimeUnit.NANOSECONDS.toMicros(maxWaitNanos);
        this.maxWaitMicros = Long.toString(maxWait);
    }

    /**
     * Takes a token of {@code source}'s bucket. Completes with 0 (pass now), a positive number of
     * nanoseconds (pass after that wait), a negative one (refused: retry after {@code -verdict} ns),
     * or {@link #FAILED}. Never completes exceptionally.
     */
    CompletableFuture<Long> take(String source) {
        Instant now = Instant.now();
        long micros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
        String[] args = {ratePerMicro, burst, ttlSeconds, Long.toString(micros), maxWaitMicros};
        return redis.run(BucketScript.TOKEN_BUCKET, new String[] {keyPrefix + source}, args)
                .handle((result, error) -> error != null ? FAILED : verdict(result));
    }

    private long verdict(List<Object> result) {
        double waitMicros;
        try {
            waitMicros = Double.parseDouble(String.valueOf(result.get(0)));
        } catch (RuntimeException e) {
            return FAILED;
        }
        if (!(waitMicros >= 0)) {
            return FAILED;
        }
        // The script took the token unless the wait is longer than the longest wait (in µs, as it compares).
        long waitNanos = (long) Math.min(Math.ceil(waitMicros * 1_000), Long.MAX_VALUE / 2.0);
        if (waitMicros > maxWait) {
            return -Math.max(1, waitNanos);
        }
        return waitNanos;
    }
}
