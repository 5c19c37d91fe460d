package io.gatehouse.middleware.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.gatehouse.core.http.PlainResponses;
import io.gatehouse.core.middleware.Middleware;
import io.gatehouse.middleware.source.SourceCriterion;
import io.gatehouse.middleware.source.SourceExtractor;
import io.undertow.server.Connectors;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import io.undertow.util.SameThreadExecutor;

import java.lang.ref.Cleaner;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Traefik's {@code rateLimit}: a token bucket per source. Within the limit a request passes; when its
 * token is due within a short delay (half the emission interval, at most 500ms, as Traefik) it is
 * held without blocking a thread, then passes; otherwise it gets 429 with Retry-After (whole seconds,
 * rounded up) and X-Retry-In (Go's duration format), as Traefik.
 *
 * <p>Buckets live in a bounded cache (at most {@value #MAX_SOURCES} sources, as Traefik), evicted
 * when least recently used or once idle long enough to have refilled, so a flood of distinct sources
 * cannot exhaust memory and an evicted bucket is indistinguishable from a full one.
 *
 * <p>With {@link RateLimitConfig#redis()}, the buckets live in Redis (Traefik's script and keys) and
 * are shared by every instance that uses the same name; a request waits for Redis' verdict without
 * holding a thread, and gets 500 when Redis does not answer in time, as Traefik. {@link #close()}
 * gives the Redis connection back.
 */
public final class RateLimit implements Middleware, AutoCloseable {

    static final int MAX_SOURCES = 65_536;
    /** The name that keys the Redis buckets of a middleware built in code without one. */
    public static final String DEFAULT_NAME = "rateLimit";
    private static final Cleaner CLEANER = Cleaner.create();
    private static final HttpString RETRY_AFTER = HttpString.tryFromString("Retry-After");
    private static final HttpString X_RETRY_IN = HttpString.tryFromString("X-Retry-In");
    private static final Function<String, TokenBucket> NEW_BUCKET = source -> new TokenBucket();

    private final RateLimitConfig config;
    private final SourceExtractor sources;
    private final boolean unlimited;
    private final long interval;
    private final long burstTolerance;
    private final long maxDelay;
    private final Cache<String, TokenBucket> buckets;
    private final RedisBuckets redis;
    private final Cleaner.Cleanable releaseRedis;

    public RateLimit(RateLimitConfig config) {
        this(config, DEFAULT_NAME, MAX_SOURCES);
    }

    /**
     * A limiter whose Redis buckets (with {@code config.redis()}) are keyed by {@code name}: the
     * instances that share a limit must use the same name, as they do when they load the same
     * configuration (the name is then the middleware's, e.g. {@code api-ratelimit@file}).
     */
    public RateLimit(RateLimitConfig config, String name) {
        this(config, name, MAX_SOURCES);
    }

    RateLimit(RateLimitConfig config, int maxSources) {
        this(config, DEFAULT_NAME, maxSources);
    }

    private RateLimit(RateLimitConfig config, String name, int maxSources) {
        this.config = config;
        this.sources = SourceExtractor.of(config.sourceCriterion(), SourceCriterion.CLIENT_IP);
        this.unlimited = config.average() == 0;
        double perSecond = unlimited ? Double.POSITIVE_INFINITY
                : config.average() * 1e9 / config.period().toNanos();
        this.interval = unlimited ? 0 : Math.max(1, (long) (config.period().toNanos() / (double) config.average()));
        this.burstTolerance = saturatedMultiply(interval, config.burst());
        // Traefik: a request whose token is due within maxDelay waits instead of being refused.
        this.maxDelay = perSecond < 1 ? TimeUnit.MILLISECONDS.toNanos(500) : (long) (1e9 / (2.0 * Math.floor(perSecond)));
        // A bucket idle for its refill time is full again: forgetting it then changes nothing.
        long refill = Math.min(saturatedMultiply(interval, config.burst() + 1), Duration.ofDays(1).toNanos());
        this.buckets = Caffeine.newBuilder()
                .maximumSize(maxSources)
                .expireAfterAccess(refill + TimeUnit.SECONDS.toNanos(1), TimeUnit.NANOSECONDS)
                .executor(Runnable::run)
                .build();
        if (config.redis() != null && !unlimited) {
            RedisConnection connection = RedisConnection.acquire(config.redis());
            this.redis = new RedisBuckets(connection, name, config, maxDelay);
            // close() gives the connection back; without it, the connection goes when this limiter is unreachable.
            this.releaseRedis = CLEANER.register(this, new Release(connection));
        } else {
            this.redis = null;
            this.releaseRedis = null;
        }
    }

    /** Gives the Redis connection back (closed once no limiter uses it); nothing for a local limiter. */
    @Override
    public void close() {
        if (releaseRedis != null) {
            releaseRedis.clean();
        }
    }

    /** Whether the buckets live in Redis (shared by instances) rather than in this JVM. */
    public boolean distributed() {
        return redis != null;
    }

    /** A release that happens once, whether by close() or by the cleaner. */
    private static final class Release implements Runnable {
        private final RedisConnection connection;

        Release(RedisConnection connection) {
            this.connection = connection;
        }

        @Override
        public void run() {
            connection.release();
        }
    }

    /** {@code average} requests per {@code period} per client IP, burst 1. */
    public static RateLimit of(long average, Duration period) {
        return new RateLimit(RateLimitConfig.of(average, period));
    }

    public static RateLimit of(RateLimitConfig config) {
        return new RateLimit(config);
    }

    /** A limiter whose Redis buckets are keyed by {@code name} (see {@link #RateLimit(RateLimitConfig, String)}). */
    public static RateLimit of(String name, RateLimitConfig config) {
        return new RateLimit(config, name);
    }

    public RateLimitConfig config() {
        return config;
    }

    @Override
    public HttpHandler wrap(HttpHandler next) {
        if (unlimited) {
            return next;
        }
        if (redis != null) {
            return distributed(next);
        }
        return exchange -> {
            long verdict = reserve(sources.extract(exchange), System.nanoTime());
            if (verdict == 0) {
                next.handleRequest(exchange);
            } else if (verdict > 0) {
                delay(exchange, next, verdict);
            } else {
                reject(exchange, -verdict);
            }
        };
    }

    /**
     * Asks Redis without holding the IO thread: the exchange is dispatched, and resumed on its IO
     * thread once the verdict is in. Redis unreachable or too slow: 500, as Traefik.
     */
    private HttpHandler distributed(HttpHandler next) {
        RedisBuckets buckets = redis;
        return exchange -> {
            String source = sources.extract(exchange);
            exchange.dispatch(SameThreadExecutor.INSTANCE, () -> buckets.take(source).thenAccept(verdict ->
                    exchange.getIoThread().execute(() -> Connectors.executeRootHandler(
                            resumed -> decide(resumed, next, verdict), exchange))));
        };
    }

    private static void decide(HttpServerExchange exchange, HttpHandler next, long verdict) throws Exception {
        if (verdict == 0) {
            next.handleRequest(exchange);
        } else if (verdict == RedisBuckets.FAILED) {
            PlainResponses.send(exchange, 500);
        } else if (verdict > 0) {
            delay(exchange, next, verdict);
        } else {
            reject(exchange, -verdict);
        }
    }

    /** 0: pass now; positive: pass after that many nanoseconds; negative: refused, retry after {@code -result} ns. */
    long reserve(String source, long now) {
        return buckets.get(source, NEW_BUCKET).reserve(now, interval, burstTolerance, maxDelay);
    }

    /** Sources currently tracked (after pending evictions are done). */
    long trackedSources() {
        buckets.cleanUp();
        return buckets.estimatedSize();
    }

    private static void delay(HttpServerExchange exchange, HttpHandler next, long nanos) {
        exchange.dispatch(SameThreadExecutor.INSTANCE, () -> exchange.getIoThread().executeAfter(
                () -> Connectors.executeRootHandler(next, exchange), nanos, TimeUnit.NANOSECONDS));
    }

    private static void reject(HttpServerExchange exchange, long waitNanos) {
        long seconds = (waitNanos + 999_999_999L) / 1_000_000_000L;
        exchange.getResponseHeaders().put(RETRY_AFTER, Long.toString(seconds));
        exchange.getResponseHeaders().put(X_RETRY_IN, GoDurations.format(waitNanos));
        PlainResponses.send(exchange, 429);
    }

    private static long saturatedMultiply(long a, long b) {
        long high = Math.multiplyHigh(a, b);
        long low = a * b;
        return high == 0 && low >= 0 ? low : Long.MAX_VALUE;
    }
}
