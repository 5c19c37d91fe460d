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
 */
public final class RateLimit implements Middleware {

    static final int MAX_SOURCES = 65_536;
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

    public RateLimit(RateLimitConfig config) {
        this(config, MAX_SOURCES);
    }

    RateLimit(RateLimitConfig config, int maxSources) {
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
    }

    /** {@code average} requests per {@code period} per client IP, burst 1. */
    public static RateLimit of(long average, Duration period) {
        return new RateLimit(RateLimitConfig.of(average, period));
    }

    public static RateLimit of(RateLimitConfig config) {
        return new RateLimit(config);
    }

    public RateLimitConfig config() {
        return config;
    }

    @Override
    public HttpHandler wrap(HttpHandler next) {
        if (unlimited) {
            return next;
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
