package io.gatehouse.middleware.ratelimit;

import java.time.Duration;
import java.util.List;

/**
 * Traefik's {@code rateLimit.redis}: the Redis that holds the buckets shared by several Gatehouse
 * (or Traefik) instances. Traefik's option names and defaults.
 *
 * <p>Gatehouse sends every command of one Redis configuration over one multiplexed connection
 * (Lettuce pipelines them), so {@code poolSize}, {@code minIdleConns} and {@code maxActiveConns}
 * are checked but change nothing.
 *
 * @param endpoints      {@code host:port} of the Redis server (default {@code localhost:6379}); exactly one
 * @param username       ACL user name (Redis 6+), or none
 * @param password       password, or none
 * @param db             database number selected after connecting (default 0)
 * @param tls            TLS to Redis, or none (plain TCP)
 * @param poolSize       Traefik's pool size (0: the client's default)
 * @param minIdleConns   Traefik's minimum idle connections
 * @param maxActiveConns Traefik's maximum active connections (0: no limit)
 * @param readTimeout    how long a request waits for Redis' answer (default 3s)
 * @param writeTimeout   how long sending a command may take (default 3s)
 * @param dialTimeout    how long connecting may take (default 5s)
 */
public record RedisConfig(List<String> endpoints, String username, String password, int db, RedisTlsConfig tls,
                          int poolSize, int minIdleConns, int maxActiveConns,
                          Duration readTimeout, Duration writeTimeout, Duration dialTimeout) {

    public static final List<String> DEFAULT_ENDPOINTS = List.of("localhost:6379");
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(3);
    public static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(3);
    public static final Duration DEFAULT_DIAL_TIMEOUT = Duration.ofSeconds(5);
    /** Longer timeouts are mistakes: a request would wait that long for its verdict. */
    public static final Duration MAX_TIMEOUT = Duration.ofMinutes(10);

    public static final RedisConfig DEFAULTS = new RedisConfig(DEFAULT_ENDPOINTS, null, null, 0, null, 0, 0, 0,
            DEFAULT_READ_TIMEOUT, DEFAULT_WRITE_TIMEOUT, DEFAULT_DIAL_TIMEOUT);

    public RedisConfig {
        if (endpoints == null) {
            endpoints = DEFAULT_ENDPOINTS;
        }
        endpoints = List.copyOf(endpoints);
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("endpoints: must list the Redis server as host:port (got an empty list)");
        }
        if (endpoints.size() > 1) {
            throw new IllegalArgumentException("endpoints: one Redis server only; several (Redis Cluster) are not supported yet"
                    + " (got " + endpoints + ")");
        }
        for (int i = 0; i < endpoints.size(); i++) {
            RedisEndpoint.parse("endpoints[" + i + "]", endpoints.get(i));
        }
        username = emptyToNull(username);
        password = emptyToNull(password);
        if (db < 0) {
            throw new IllegalArgumentException("db: must be 0 or more (got " + db + ")");
        }
        requireNotNegative("poolSize", poolSize);
        requireNotNegative("minIdleConns", minIdleConns);
        requireNotNegative("maxActiveConns", maxActiveConns);
        readTimeout = timeout("readTimeout", readTimeout, DEFAULT_READ_TIMEOUT);
        writeTimeout = timeout("writeTimeout", writeTimeout, DEFAULT_WRITE_TIMEOUT);
        dialTimeout = timeout("dialTimeout", dialTimeout, DEFAULT_DIAL_TIMEOUT);
    }

    /** The Redis server at {@code endpoint} ({@code host:port}), Traefik's defaults otherwise. */
    public static RedisConfig of(String endpoint) {
        return DEFAULTS.withEndpoint(endpoint);
    }

    public RedisConfig withEndpoint(String endpoint) {
        return new RedisConfig(List.of(endpoint), username, password, db, tls, poolSize, minIdleConns, maxActiveConns,
                readTimeout, writeTimeout, dialTimeout);
    }

    public RedisConfig withDb(int db) {
        return new RedisConfig(endpoints, username, password, db, tls, poolSize, minIdleConns, maxActiveConns,
                readTimeout, writeTimeout, dialTimeout);
    }

    public RedisConfig withTimeouts(Duration read, Duration write, Duration dial) {
        return new RedisConfig(endpoints, username, password, db, tls, poolSize, minIdleConns, maxActiveConns,
                read, write, dial);
    }

    /** The one server Gatehouse connects to. */
    RedisEndpoint endpoint() {
        return RedisEndpoint.parse("endpoints[0]", endpoints.get(0));
    }

    @Override
    public String toString() {
        // Never print the password (logs, error messages).
        return "RedisConfig[endpoints=" + endpoints + ", username=" + username + ", password="
                + (password == null ? "none" : "***") + ", db=" + db + ", tls=" + tls + ", poolSize=" + poolSize
                + ", minIdleConns=" + minIdleConns + ", maxActiveConns=" + maxActiveConns + ", readTimeout="
                + readTimeout + ", writeTimeout=" + writeTimeout + ", dialTimeout=" + dialTimeout + "]";
    }

    private static void requireNotNegative(String option, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(option + ": must be 0 or more (got " + value + ")");
        }
    }

    private static Duration timeout(String option, Duration value, Duration fallback) {
        if (value == null || value.isZero()) {
            return fallback;
        }
        if (value.isNegative()) {
            throw new IllegalArgumentException(option + ": must not be negative (got " + value + ")");
        }
        if (value.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException(option + ": must be at most " + MAX_TIMEOUT.toMinutes()
                    + " minutes (got " + value + ")");
        }
        return value;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
