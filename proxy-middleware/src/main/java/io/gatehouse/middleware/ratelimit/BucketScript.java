package io.gatehouse.middleware.ratelimit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The token bucket in Redis, Traefik's algorithm: one hash per source ({@code last}: the time of the
 * last request in microseconds, {@code tokens}: what was left then) with a TTL, updated atomically by
 * one script run per request.
 *
 * <p>ARGV: tokens per microsecond, burst, TTL in seconds, now in microseconds, the longest wait (µs)
 * a request may be held instead of refused. Returns {wait in µs, tokens left}: the token is taken
 * when the wait is at most the longest wait; a refused request takes nothing.
 */
record BucketScript(String source, String sha1) {

    static final BucketScript TOKEN_BUCKET = of("""
            local rate = tonumber(ARGV[1])
            local burst = tonumber(ARGV[2])
            local ttl = tonumber(ARGV[3])
            local now = tonumber(ARGV[4])
            local max_wait = tonumber(ARGV[5])
            local state = redis.call('HMGET', KEYS[1], 'last', 'tokens')
            local last = tonumber(state[1]) or 0
            local tokens = tonumber(state[2]) or 0
            -- a clock that went back (another instance's) refills nothing
            if now < last then
                last = now
            end
            tokens = math.min(tokens + (now - last) * rate, burst) - 1
            local wait = 0
            if tokens < 0 then
                wait = -tokens / rate
                if wait > max_wait then
                    tokens = tokens + 1
                end
            end
            redis.call('HSET', KEYS[1], 'last', now, 'tokens', tokens)
            redis.call('EXPIRE', KEYS[1], ttl)
            return {tostring(wait), tostring(tokens)}
            """);

    static BucketScript of(String source) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8));
            return new BucketScript(source, HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every JDK", e);
        }
    }
}
