package io.gatehouse.middleware.cache;

import java.time.Duration;

/**
 * {@code httpCache}: a shared HTTP cache (RFC 9111) in front of the service.
 *
 * @param maxSizeBytes    the bound of the whole cache: stored bodies plus headers (default 64 MiB)
 * @param maxEntryBytes   the largest body stored; larger responses are streamed and not stored (default 1 MiB)
 * @param heuristicMaxTtl the cap of heuristic freshness (10% of the time since Last-Modified) for responses
 *                        without explicit freshness; 0 turns heuristic freshness off (default 24h)
 * @param cacheStatusName the cache's name in the {@code Cache-Status} header (RFC 9211), an sf-token
 *                        (default {@code gatehouse})
 * @param maxWaiters      how many requests may wait for one in-flight miss of the same URI instead of going
 *                        to the server themselves (request coalescing); 0 turns coalescing off (default 1000)
 * @param maxVariants     how many Vary variants are kept per URI (default 8)
 */
public record HttpCacheConfig(long maxSizeBytes, long maxEntryBytes, Duration heuristicMaxTtl, String cacheStatusName,
                              int maxWaiters, int maxVariants) {

    public static final long DEFAULT_MAX_SIZE_BYTES = 64L * 1024 * 1024;
    public static final long DEFAULT_MAX_ENTRY_BYTES = 1024L * 1024;
    public static final Duration DEFAULT_HEURISTIC_MAX_TTL = Duration.ofHours(24);
    public static final String DEFAULT_CACHE_STATUS_NAME = "gatehouse";

    public static final HttpCacheConfig DEFAULTS = new HttpCacheConfig(DEFAULT_MAX_SIZE_BYTES, DEFAULT_MAX_ENTRY_BYTES,
            DEFAULT_HEURISTIC_MAX_TTL, DEFAULT_CACHE_STATUS_NAME, 1000, 8);

    public HttpCacheConfig {
        heuristicMaxTtl = heuristicMaxTtl == null ? DEFAULT_HEURISTIC_MAX_TTL : heuristicMaxTtl;
        cacheStatusName = cacheStatusName == null ? DEFAULT_CACHE_STATUS_NAME : cacheStatusName;
        if (maxSizeBytes < 1024) {
            throw new IllegalArgumentException("maxSizeBytes: must be at least 1024 (got " + maxSizeBytes + ")");
        }
        if (maxEntryBytes < 1 || maxEntryBytes > maxSizeBytes || maxEntryBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("maxEntryBytes: must be between 1 and maxSizeBytes (" + maxSizeBytes
                    + ") and below 2 GiB (got " + maxEntryBytes + ")");
        }
        if (heuristicMaxTtl.isNegative()) {
            throw new IllegalArgumentException("heuristicMaxTtl: must not be negative (got " + heuristicMaxTtl + ")");
        }
        if (!isSfToken(cacheStatusName)) {
            throw new IllegalArgumentException("cacheStatusName: must be a structured-field token (a letter or '*',"
                    + " then letters, digits and !#$%&'*+-.^_`|~:/) (got '" + cacheStatusName + "')");
        }
        if (maxWaiters < 0 || maxWaiters > 1_000_000) {
            throw new IllegalArgumentException("maxWaiters: must be between 0 and 1000000 (got " + maxWaiters + ")");
        }
        if (maxVariants < 1 || maxVariants > 1024) {
            throw new IllegalArgumentException("maxVariants: must be between 1 and 1024 (got " + maxVariants + ")");
        }
    }

    public HttpCacheConfig withMaxSizeBytes(long bytes) {
        return new HttpCacheConfig(bytes, Math.min(maxEntryBytes, bytes), heuristicMaxTtl, cacheStatusName, maxWaiters, maxVariants);
    }

    public HttpCacheConfig withMaxEntryBytes(long bytes) {
        return new HttpCacheConfig(maxSizeBytes, bytes, heuristicMaxTtl, cacheStatusName, maxWaiters, maxVariants);
    }

    public HttpCacheConfig withHeuristicMaxTtl(Duration ttl) {
        return new HttpCacheConfig(maxSizeBytes, maxEntryBytes, ttl, cacheStatusName, maxWaiters, maxVariants);
    }

    public HttpCacheConfig withCacheStatusName(String name) {
        return new HttpCacheConfig(maxSizeBytes, maxEntryBytes, heuristicMaxTtl, name, maxWaiters, maxVariants);
    }

    public HttpCacheConfig withMaxWaiters(int waiters) {
        return new HttpCacheConfig(maxSizeBytes, maxEntryBytes, heuristicMaxTtl, cacheStatusName, waiters, maxVariants);
    }

    public HttpCacheConfig withMaxVariants(int variants) {
        return new HttpCacheConfig(maxSizeBytes, maxEntryBytes, heuristicMaxTtl, cacheStatusName, maxWaiters, variants);
    }

    private static boolean isSfToken(String s) {
        if (s.isEmpty() || s.length() > 128) {
            return false;
        }
        char first = s.charAt(0);
        if (!(first == '*' || (first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z'))) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~:/".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
