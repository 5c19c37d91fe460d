package io.gatehouse.middleware.ratelimit;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.gatehouse.middleware.testing.TrafficTestProxy;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.undertow.server.HttpHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The distributed limiter against a real redis-server: instances share one limit; Redis down answers 500, never hangs. */
@Timeout(120)
@ExtendWith(RedisServer.class)
class RedisRateLimitTest {

    private static final AtomicInteger NAMES = new AtomicInteger();
    private static final HttpHandler OK = exchange -> exchange.getResponseSender().send("ok");

    /** One request a minute, burst {@code burst}: no token comes back during a test. */
    private static RateLimitConfig perMinute(int burst, String endpoint) {
        return new RateLimitConfig(1, Duration.ofMinutes(1), burst, null, RedisConfig.of(endpoint));
    }

    private static String uniqueName() {
        return "test-" + ProcessHandle.current().pid() + "-" + NAMES.incrementAndGet() + "@file";
    }

    @Test
    void twoInstancesShareOneLimit() throws Exception {
        String name = uniqueName();
        RedisServer redis = RedisServer.shared();
        try (RateLimit first = RateLimit.of(name, perMinute(5, redis.endpoint()));
             RateLimit second = RateLimit.of(name, perMinute(5, redis.endpoint()));
             TrafficTestProxy a = TrafficTestProxy.start(first, OK);
             TrafficTestProxy b = TrafficTestProxy.start(second, OK)) {
            assertThat(first.distributed()).isTrue();
            List<HttpResponse<String>> responses = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                responses.add((i % 2 == 0 ? a : b).get("/"));
            }
            assertThat(responses.stream().filter(r -> r.statusCode() == 200)).hasSize(5);
            List<HttpResponse<String>> refused = responses.stream().filter(r -> r.statusCode() == 429).toList();
            assertThat(refused).hasSize(7);
            for (HttpResponse<String> r : refused) {
                long seconds = Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow());
                assertThat(seconds).isBetween(1L, 60L);
                assertThat(r.headers().firstValue("X-Retry-In")).isPresent();
            }
            // Both instances were served and refused: the limit is one, not one each.
            assertThat(responses.subList(0, 5)).allMatch(r -> r.statusCode() == 200);
            assertThat(responses.subList(5, 12)).allMatch(r -> r.statusCode() == 429);
        }
    }

    @Test
    void concurrentRequestsThroughBothInstancesNeverExceedTheBurst() throws Exception {
        String name = uniqueName();
        RedisServer redis = RedisServer.shared();
        try (RateLimit first = RateLimit.of(name, perMinute(20, redis.endpoint()));
             RateLimit second = RateLimit.of(name, perMinute(20, redis.endpoint()));
             TrafficTestProxy a = TrafficTestProxy.start(first, OK);
             TrafficTestProxy b = TrafficTestProxy.start(second, OK)) {
            List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                TrafficTestProxy proxy = i % 2 == 0 ? a : b;
                sent.add(proxy.client().sendAsync(java.net.http.HttpRequest.newBuilder(proxy.uri("/")).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            Map<Integer, Long> byStatus = sent.stream().map(CompletableFuture::join)
                    .collect(java.util.stream.Collectors.groupingBy(HttpResponse::statusCode, java.util.stream.Collectors.counting()));
            assertThat(byStatus).containsOnlyKeys(200, 429);
            assertThat(byStatus.get(200)).isEqualTo(20L);
            assertThat(byStatus.get(429)).isEqualTo(40L);
        }
    }

    @Test
    void theBucketLivesInRedisUnderTraefiksKeyWithATtl() throws Exception {
        String name = uniqueName();
        RedisServer redis = RedisServer.shared();
        try (RateLimit limit = RateLimit.of(name, perMinute(3, redis.endpoint()));
             TrafficTestProxy proxy = TrafficTestProxy.start(limit, OK);
             Redis client = Redis.connect(redis)) {
            assertThat(proxy.get("/").statusCode()).isEqualTo(200);
            String key = "rate:" + name + ":127.0.0.1";
            assertThat(client.commands.hgetall(key)).containsOnlyKeys("last", "tokens");
            assertThat(Double.parseDouble(client.commands.hget(key, "tokens"))).isBetween(1.99, 2.01);
            // Refilling 3 (+1) tokens at 1 a minute takes 4 minutes: the key outlives that, not much more.
            assertThat(client.commands.ttl(key)).isBetween(200L, 241L);
        }
    }

    @Test
    void aRequestWhoseTokenIsDueSoonIsHeldThenPasses() throws Exception {
        String name = uniqueName();
        RedisServer redis = RedisServer.shared();
        // 1 per 10s: a request may be held up to 500ms, as Traefik for rates below 1/s.
        RateLimitConfig config = new RateLimitConfig(1, Duration.ofSeconds(10), 1, null, RedisConfig.of(redis.endpoint()));
        try (RateLimit limit = RateLimit.of(name, config);
             TrafficTestProxy proxy = TrafficTestProxy.start(limit, OK);
             Redis client = Redis.connect(redis)) {
            String key = "rate:" + name + ":127.0.0.1";
            // A bucket last seen in the future (another instance's clock) with 0.96 tokens: the next token is 400ms away.
            client.commands.hset(key, Map.of("last", "9000000000000000", "tokens", "0.96"));
            HttpResponse<String> held = proxy.get("/");
            assertThat(held.statusCode()).isEqualTo(200);
            assertThat(held.body()).isEqualTo("ok");
            double left = Double.parseDouble(client.commands.hget(key, "tokens"));
            assertThat(left).isBetween(-0.041, -0.039);
            // Now the next token is about 10.4s away, far past the 500ms a request may wait: refused, nothing taken.
            HttpResponse<String> refused = proxy.get("/");
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow())).isBetween(5L, 11L);
            assertThat(Double.parseDouble(client.commands.hget(key, "tokens"))).isBetween(left, 0.5);
        }
    }

    @Test
    void redisDownAnswers500WithoutHangingAndLogsOnceThenLimitingResumes() throws Exception {
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        Logger logger = (Logger) LoggerFactory.getLogger(RedisConnection.class);
        log.start();
        logger.addAppender(log);
        RedisServer redis = RedisServer.startPrivate();
        RateLimitConfig config = perMinute(2, redis.endpoint());
        try (RateLimit limit = RateLimit.of(uniqueName(), config);
             TrafficTestProxy proxy = TrafficTestProxy.start(limit, OK)) {
            assertThat(proxy.get("/").statusCode()).isEqualTo(200);

            redis.kill();
            for (int i = 0; i < 5; i++) {
                assertThat(proxy.get("/").statusCode()).isEqualTo(500);
            }
            assertThat(warnings(log)).hasSize(1);
            assertThat(warnings(log).get(0).getFormattedMessage()).contains(redis.endpoint()).contains("500");

            redis.start();
            // Lettuce reconnects by itself; until it has, requests still get 500 at once.
            int status = 500;
            for (int i = 0; i < 200 && status == 500; i++) {
                status = proxy.get("/").statusCode();
                if (status == 500) {
                    Thread.sleep(50);
                }
            }
            // The restarted Redis kept nothing (no persistence): a full bucket of 2 again.
            assertThat(status).isEqualTo(200);
            assertThat(proxy.get("/").statusCode()).isEqualTo(200);
            assertThat(proxy.get("/").statusCode()).isEqualTo(429);
            assertThat(warnings(log)).hasSize(1);
            assertThat(log.list).anyMatch(e -> e.getFormattedMessage().contains("answers again"));
        } finally {
            logger.detachAppender(log);
            redis.close();
        }
    }

    @Test
    void redisNeverReachableAnswers500AtOnce() throws Exception {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        try (RateLimit limit = RateLimit.of(uniqueName(), perMinute(2, "127.0.0.1:" + closedPort));
             TrafficTestProxy proxy = TrafficTestProxy.start(limit, OK)) {
            for (int i = 0; i < 3; i++) {
                assertThat(proxy.get("/").statusCode()).isEqualTo(500);
            }
        }
    }

    @Test
    void aSlowRedisPastItsReadTimeoutAnswers500() throws Exception {
        // A server that accepts connections and never answers.
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                List<java.net.Socket> held = new ArrayList<>();
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (java.io.IOException closed) {
                    held.forEach(s -> {
                        try {
                            s.close();
                        } catch (java.io.IOException ignored) {
                            // closing anyway
                        }
                    });
                }
            });
            acceptor.start();
            RedisConfig slow = RedisConfig.of("127.0.0.1:" + silent.getLocalPort())
                    .withTimeouts(Duration.ofMillis(200), Duration.ofMillis(200), Duration.ofSeconds(1));
            try (RateLimit limit = RateLimit.of(uniqueName(), new RateLimitConfig(1, Duration.ofMinutes(1), 1, null, slow));
                 TrafficTestProxy proxy = TrafficTestProxy.start(limit, OK)) {
                assertThat(proxy.get("/").statusCode()).isEqualTo(500);
                assertThat(proxy.get("/").statusCode()).isEqualTo(500);
            }
        }
    }

    @Test
    void middlewaresWithTheSameRedisShareOneConnectionUntilTheLastCloses() {
        RedisConfig redis = RedisConfig.of(RedisServer.shared().endpoint()).withDb(1);
        RateLimit first = RateLimit.of("a", new RateLimitConfig(5, null, 1, null, redis));
        RateLimit second = RateLimit.of("b", new RateLimitConfig(7, null, 1, null, redis));
        assertThat(RedisConnection.users(redis)).isEqualTo(2);
        first.close();
        first.close(); // idempotent
        assertThat(RedisConnection.users(redis)).isEqualTo(1);
        second.close();
        assertThat(RedisConnection.users(redis)).isZero();
    }

    @Test
    void theConfiguredDatabaseIsUsed() throws Exception {
        String name = uniqueName();
        RedisServer redis = RedisServer.shared();
        RateLimitConfig config = new RateLimitConfig(1, Duration.ofMinutes(1), 1, null, RedisConfig.of(redis.endpoint()).withDb(5));
        try (RateLimit limit = RateLimit.of(name, config);
             TrafficTestProxy proxy = TrafficTestProxy.start(limit, OK);
             Redis client = Redis.connect(redis)) {
            assertThat(proxy.get("/").statusCode()).isEqualTo(200);
            String key = "rate:" + name + ":127.0.0.1";
            assertThat(client.commands.exists(key)).isZero();
            client.commands.select(5);
            assertThat(client.commands.exists(key)).isOne();
        }
    }

    @Test
    void aDatabaseTheServerDoesNotHaveAnswers500() throws Exception {
        // redis-server has 16 databases unless configured otherwise: SELECT 16 fails, so does every request.
        RedisConfig redis = RedisConfig.of(RedisServer.shared().endpoint()).withDb(16);
        try (RateLimit limit = RateLimit.of(uniqueName(), new RateLimitConfig(1, Duration.ofMinutes(1), 1, null, redis));
             TrafficTestProxy proxy = TrafficTestProxy.start(limit, OK)) {
            assertThat(proxy.get("/").statusCode()).isEqualTo(500);
            assertThat(proxy.get("/").statusCode()).isEqualTo(500);
        }
    }

    @Test
    void usernameAndPasswordAreSentAndAWrongPasswordAnswers500() throws Exception {
        RedisServer redis = RedisServer.startPrivate();
        try (Redis admin = Redis.connect(redis)) {
            admin.commands.aclSetuser("limiter", io.lettuce.core.AclSetuserArgs.Builder.on().addPassword("s3cret")
                    .allKeys().allCommands());
            admin.commands.configSet("requirepass", "default-pass");
            RedisConfig user = new RedisConfig(List.of(redis.endpoint()), "limiter", "s3cret", 0, null, 0, 0, 0, null, null, null);
            RedisConfig defaultUser = new RedisConfig(List.of(redis.endpoint()), null, "default-pass", 0, null, 0, 0, 0, null, null, null);
            RedisConfig wrong = new RedisConfig(List.of(redis.endpoint()), "limiter", "guess", 0, null, 0, 0, 0, null, null, null);
            try (RateLimit withUser = RateLimit.of(uniqueName(), new RateLimitConfig(1, Duration.ofMinutes(1), 1, null, user));
                 RateLimit withPassword = RateLimit.of(uniqueName(), new RateLimitConfig(1, Duration.ofMinutes(1), 1, null, defaultUser));
                 RateLimit withWrong = RateLimit.of(uniqueName(), new RateLimitConfig(1, Duration.ofMinutes(1), 1, null, wrong));
                 TrafficTestProxy a = TrafficTestProxy.start(withUser, OK);
                 TrafficTestProxy b = TrafficTestProxy.start(withPassword, OK);
                 TrafficTestProxy c = TrafficTestProxy.start(withWrong, OK)) {
                assertThat(a.get("/").statusCode()).isEqualTo(200);
                assertThat(a.get("/").statusCode()).isEqualTo(429);
                assertThat(b.get("/").statusCode()).isEqualTo(200);
                assertThat(c.get("/").statusCode()).isEqualTo(500);
            }
        } finally {
            redis.close();
        }
    }

    private static List<ILoggingEvent> warnings(ListAppender<ILoggingEvent> log) {
        return log.list.stream().filter(e -> e.getLevel() == ch.qos.logback.classic.Level.WARN).toList();
    }

    /** A plain synchronous client for the test's own looks into Redis. */
    private static final class Redis implements AutoCloseable {
        final RedisClient client;
        final StatefulRedisConnection<String, String> connection;
        final RedisCommands<String, String> commands;

        private Redis(RedisClient client) {
            this.client = client;
            this.connection = client.connect();
            this.commands = connection.sync();
        }

        static Redis connect(RedisServer server) {
            return new Redis(RedisClient.create(RedisURI.create("127.0.0.1", server.port())));
        }

        @Override
        public void close() {
            connection.close();
            client.shutdown(0, 2, java.util.concurrent.TimeUnit.SECONDS);
        }
    }
}
