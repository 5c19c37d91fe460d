package io.gatehouse.middleware.cache;

import io.gatehouse.core.middleware.Middleware;
import io.undertow.server.HttpHandler;
import io.undertow.util.DateUtils;
import io.undertow.util.Headers;

import java.time.Clock;
import java.util.Date;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code httpCache}: a shared HTTP cache (RFC 9111) with request coalescing, revalidation, stale-while-revalidate
 * (answered at once, revalidated in the background: {@code BackgroundRevalidation}),
 * stale-if-error and a {@code Cache-Status} header (RFC 9211). One instance owns one store; every chain it wraps
 * shares it (keys carry scheme and host).
 *
 * <pre>{@code
 * Gatehouse.builder().middleware("cache", HttpCache.of(HttpCacheConfig.DEFAULTS.withMaxSizeBytes(256L << 20)))
 * }</pre>
 */
public final class HttpCache implements Middleware {

    /** Statuses cacheable by default, i.e. with heuristic freshness (RFC 9110 15.1); 206 is never stored here. */
    private static final int[] HEURISTIC = {200, 203, 204, 300, 301, 308, 404, 405, 410, 414, 501};

    final HttpCacheConfig config;
    final Clock clock;
    final CacheStore store;
    final ConcurrentHashMap<String, Flight> inFlight = new ConcurrentHashMap<>();
    final StoredResponse.Freshness freshness;
    final String statusPrefix;

    public HttpCache(HttpCacheConfig config) {
        this(config, Clock.systemUTC());
    }

    /** With a clock of its own, e.g. for tests that move time forward. */
    public HttpCache(HttpCacheConfig config, Clock clock) {
        this.config = java.util.Objects.requireNonNull(config, "config");
        this.clock = java.util.Objects.requireNonNull(clock, "clock");
        this.store = new CacheStore(config.maxSizeBytes(), config.maxVariants());
        this.statusPrefix = config.cacheStatusName() + "; ";
        long heuristicMax = config.heuristicMaxTtl().toMillis();
        this.freshness = (status, cc, dateValue, r) -> lifetime(status, cc, dateValue, r, heuristicMax);
    }

    public static HttpCache of(HttpCacheConfig config) {
        return new HttpCache(config);
    }

    /** With the defaults: 64 MiB, entries up to 1 MiB. */
    public static HttpCache withDefaults() {
        return new HttpCache(HttpCacheConfig.DEFAULTS);
    }

    @Override
    public HttpHandler wrap(HttpHandler next) {
        return new CacheHandler(this, next);
    }

    /** Bytes held (bodies, headers and keys as weighed for the bound), after pending evictions. */
    public long storedBytes() {
        return store.weightedSize();
    }

    /** URIs held, after pending evictions. */
    public long storedUris() {
        return store.entries();
    }

    /** Drops every stored response. */
    public void clear() {
        store.clear();
    }

    /** RFC 9111 4.2.1 (explicit) and 4.2.2 (heuristic: 10% of the time since Last-Modified, capped). */
    private static long lifetime(int status, CacheControl cc, long dateValue, StoredResponse r, long heuristicMax) {
        if (cc.sMaxAge() >= 0) {
            return cc.sMaxAge() * 1000;
        }
        if (cc.maxAge() >= 0) {
            return cc.maxAge() * 1000;
        }
        int expires = r.count(Headers.EXPIRES);
        if (expires > 0) {
            Date date = expires == 1 ? DateUtils.parseDate(r.first(Headers.EXPIRES)) : null;
            return date == null ? 0 : Math.max(0, date.getTime() - dateValue); // invalid or repeated: stale
        }
        if (heuristicMax > 0 && r.lastModifiedMillis >= 0 && (heuristic(status) || cc.isPublic())) {
            return Math.min(heuristicMax, Math.max(0, (dateValue - r.lastModifiedMillis) / 10));
        }
        return 0;
    }

    static boolean heuristic(int status) {
        for (int s : HEURISTIC) {
            if (s == status) {
                return true;
            }
        }
        return false;
    }
}
