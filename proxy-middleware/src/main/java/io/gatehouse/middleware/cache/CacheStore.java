package io.gatehouse.middleware.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/** The bounded store: URI key to its variants, weighted by stored bytes (Caffeine, W-TinyLFU eviction). */
final class CacheStore {

    private final Cache<String, Variants> cache;
    private final int maxVariants;

    CacheStore(long maxSizeBytes, int maxVariants) {
        this.cache = Caffeine.newBuilder()
                .maximumWeight(maxSizeBytes)
                .weigher((String key, Variants v) -> (int) Math.min(Integer.MAX_VALUE, (long) v.weight() + key.length() * 2L + 64))
                .build();
        this.maxVariants = maxVariants;
    }

    /** Lock-free read. */
    Variants get(String key) {
        return cache.getIfPresent(key);
    }

    void put(String key, StoredResponse response) {
        cache.asMap().compute(key, (k, old) -> old == null ? Variants.of(response) : old.with(response, maxVariants));
    }

    void invalidate(String key) {
        cache.invalidate(key);
    }

    long weightedSize() {
        cache.cleanUp();
        return cache.policy().eviction().map(e -> e.weightedSize().orElse(0L)).orElse(0L);
    }

    long entries() {
        cache.cleanUp();
        return cache.estimatedSize();
    }

    void clear() {
        cache.invalidateAll();
    }
}
