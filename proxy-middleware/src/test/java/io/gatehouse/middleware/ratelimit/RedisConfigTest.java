package io.gatehouse.middleware.ratelimit;

import io.gatehouse.core.config.ConfigException;
import io.gatehouse.core.config.DynamicConfig;
import io.gatehouse.core.config.decode.FlatKeyDecoder;
import io.gatehouse.core.middleware.Middleware;
import io.gatehouse.core.testing.TestCertificates;
import io.gatehouse.middleware.testing.TrafficTestProxy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Binding and checking of {@code rateLimit.redis}: Traefik's names and defaults, clear errors at the option's path. */
class RedisConfigTest {

    private static final String REDIS = "http.middlewares.m.rateLimit.redis";

    @Test
    void optionsBindWithTraefiksNamesAndDefaults() throws Exception {
        RateLimit limit = (RateLimit) TrafficTestProxy.middlewareFromYaml("""
                http:
                  middlewares:
                    m:
                      rateLimit:
                        average: 10
                        redis:
                          endpoints: ["redis.example:6380"]
                """, "m");
        try {
            assertThat(limit.distributed()).isTrue();
            RedisConfig redis = limit.config().redis();
            assertThat(redis.endpoints()).containsExactly("redis.example:6380");
            assertThat(redis.db()).isZero();
            assertThat(redis.username()).isNull();
            assertThat(redis.password()).isNull();
            assertThat(redis.tls()).isNull();
            assertThat(redis.readTimeout()).isEqualTo(Duration.ofSeconds(3));
            assertThat(redis.writeTimeout()).isEqualTo(Duration.ofSeconds(3));
            assertThat(redis.dialTimeout()).isEqualTo(Duration.ofSeconds(5));
            assertThat(redis.poolSize()).isZero();
            assertThat(redis.minIdleConns()).isZero();
            assertThat(redis.maxActiveConns()).isZero();
        } finally {
            limit.close();
        }
    }

    @Test
    void everyOptionBinds(@TempDir Path dir) throws Exception {
        TestCertificates.Ca authority = TestCertificates.ca("redis CA");
        Path ca = authority.writePem(dir, "ca");
        Path[] client = authority.issue("limiter", List.of(), List.of(), TestCertificates.KeyType.EC).writePem(dir, "client", false);
        Path cert = client[0];
        Path key = client[1];
        RateLimit limit = (RateLimit) TrafficTestProxy.middlewareFromYaml("""
                http:
                  middlewares:
                    m:
                      rateLimit:
                        average: 10
                        redis:
                          endpoints: "[::1]:6379"
                          username: limiter
                          password: s3cret
                          db: 3
                          poolSize: 50
                          minIdleConns: 10
                          maxActiveConns: 200
                          readTimeout: 250ms
                          writeTimeout: 1s
                          dialTimeout: 2s
                          tls:
                            ca: %s
                            cert: %s
                            key: %s
                            insecureSkipVerify: true
                """.formatted(ca, cert, key), "m");
        try {
            assertThat(limit.config().redis()).isEqualTo(new RedisConfig(List.of("[::1]:6379"), "limiter", "s3cret", 3,
                    new RedisTlsConfig(ca.toString(), cert.toString(), key.toString(), true), 50, 10, 200,
                    Duration.ofMillis(250), Duration.ofSeconds(1), Duration.ofSeconds(2)));
            assertThat(limit.config().redis().toString()).doesNotContain("s3cret");
        } finally {
            limit.close();
        }
    }

    @Test
    void labelsBindTheSameOptions() throws Exception {
        DynamicConfig config = FlatKeyDecoder.labels().decodeOrThrow(Map.of(
                "traefik.http.middlewares.m.ratelimit.average", "10",
                "traefik.http.middlewares.m.ratelimit.redis.endpoints", "127.0.0.1:6379",
                "traefik.http.middlewares.m.ratelimit.redis.db", "2",
                "traefik.http.middlewares.m.ratelimit.redis.readtimeout", "1s"), "labels");
        RateLimit limit = (RateLimit) TrafficTestProxy.build(config, "m");
        try {
            assertThat(limit.config().redis()).isEqualTo(RedisConfig.of("127.0.0.1:6379").withDb(2)
                    .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofSeconds(5)));
        } finally {
            limit.close();
        }
    }

    @Test
    void withoutAverageNoConnectionIsMade() throws Exception {
        RedisConfig redis = RedisConfig.of("127.0.0.1:1");
        RateLimit limit = RateLimit.of("unlimited", new RateLimitConfig(0, null, 0, null, redis));
        assertThat(limit.distributed()).isFalse();
        assertThat(RedisConnection.users(redis)).isZero();
        limit.close();
    }

    @Test
    void badOptionsAreClearErrorsAtTheirPath(@TempDir Path dir) throws IOException {
        assertBad("endpoints: []", REDIS, "endpoints: must list the Redis server");
        assertBad("endpoints: ['']", REDIS, "endpoints[0]: empty");
        assertBad("endpoints: [localhost]", REDIS, "endpoints[0]: no port");
        assertBad("endpoints: ['localhost:0']", REDIS, "endpoints[0]: the port must be a number from 1 to 65535");
        assertBad("endpoints: ['localhost:65536']", REDIS, "endpoints[0]: the port");
        assertBad("endpoints: ['localhost:http']", REDIS, "endpoints[0]: the port");
        assertBad("endpoints: ['::1:6379']", REDIS, "endpoints[0]: an IPv6 address goes in brackets");
        assertBad("endpoints: ['red is:6379']", REDIS, "endpoints[0]: not a host name");
        assertBad("endpoints: ['a/b:6379']", REDIS, "endpoints[0]: not a host name");
        assertBad("endpoints: ['a:1', 'b:2']", REDIS, "endpoints: one Redis server only");
        assertBad("db: -1", REDIS, "db: must be 0 or more");
        assertBad("db: 99999999999", REDIS + ".db", "");
        assertBad("db: two", REDIS + ".db", "");
        assertBad("poolSize: -1", REDIS, "poolSize: must be 0 or more");
        assertBad("minIdleConns: -3", REDIS, "minIdleConns: must be 0 or more");
        assertBad("maxActiveConns: -1", REDIS, "maxActiveConns: must be 0 or more");
        assertBad("readTimeout: -1s", REDIS + ".readTimeout", "must not be negative");
        assertBad("writeTimeout: -5ms", REDIS + ".writeTimeout", "must not be negative");
        assertBad("dialTimeout: -1h", REDIS + ".dialTimeout", "must not be negative");
        assertBad("dialTimeout: 1000h", REDIS, "dialTimeout: must be at most 10 minutes");
        assertBad("readTimeout: soon", REDIS + ".readTimeout", "duration");
        assertBad("sentinel: {masterSet: x}", REDIS + ".sentinel", "");
        String missing = dir.resolve("missing.pem").toString();
        assertBad("tls: {ca: " + missing + "}", REDIS + ".tls", "ca: no readable file at '" + missing + "'");
        Path cert = Files.writeString(dir.resolve("cert.pem"), "x");
        assertBad("tls: {cert: " + cert + "}", REDIS + ".tls", "key: missing");
        assertBad("tls: {key: " + cert + "}", REDIS + ".tls", "cert: missing");
        assertBad("tls: {cert: " + cert + ", key: " + missing + "}", REDIS + ".tls", "key: no readable file");
        assertBad("tls: {cert: " + dir + ", key: " + cert + "}", REDIS + ".tls", "cert: no readable file");
    }

    private static void assertBad(String redisOptions, String path, String message) {
        String yaml = "http:\n  middlewares:\n    m:\n      rateLimit:\n        average: 1\n        redis: {" + redisOptions + "}\n";
        assertThatThrownBy(() -> close(TrafficTestProxy.middlewareFromYaml(yaml, "m")))
                .as(redisOptions)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(path + ":")
                .hasMessageContaining(message);
    }

    private static void close(Middleware m) {
        ((RateLimit) m).close();
    }
}
