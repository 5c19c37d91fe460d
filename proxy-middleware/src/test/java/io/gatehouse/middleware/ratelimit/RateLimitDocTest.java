package io.gatehouse.middleware.ratelimit;

import io.gatehouse.core.config.DynamicConfig;
import io.gatehouse.middleware.ipstrategy.IpStrategyConfig;
import io.gatehouse.middleware.source.SourceCriterion;
import io.gatehouse.middleware.testing.DocExamples;
import io.gatehouse.middleware.testing.TrafficTestProxy;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitDocTest {

    private final DocExamples page = DocExamples.of("middlewares/ratelimit.md");

    @Test
    void examplesDecodeToTheSameLimiter() throws Exception {
        RateLimitConfig expected = new RateLimitConfig(100, Duration.ofSeconds(1), 200,
                new SourceCriterion(new IpStrategyConfig(1, null, null), null, false), null);
        assertThat(page.fileConfigs()).hasSize(2);
        assertThat(page.labelConfigs()).hasSize(2);
        for (DynamicConfig config : List.of(page.fileConfigs().get(0), page.labelConfigs().get(0))) {
            assertThat(((RateLimit) TrafficTestProxy.build(config, "api-ratelimit")).config()).isEqualTo(expected);
        }
    }

    @Test
    void redisExamplesDecodeToTheSameDistributedLimiter() throws Exception {
        RedisConfig redis = new RedisConfig(List.of("redis.internal:6379"), null, "secure-password", 2, null, 0, 0, 0,
                Duration.ofMillis(500), null, null);
        RateLimitConfig expected = RateLimitConfig.of(100, Duration.ofSeconds(1)).withBurst(200).withRedis(redis);
        for (DynamicConfig config : List.of(page.fileConfigs().get(1), page.labelConfigs().get(1))) {
            try (RateLimit limit = (RateLimit) TrafficTestProxy.build(config, "shared-ratelimit")) {
                assertThat(limit.config()).isEqualTo(expected);
                assertThat(limit.distributed()).isTrue();
            }
        }
        assertThat(page.showsJava("RateLimit.of(\"shared-ratelimit\", RateLimitConfig.of(100, Duration.ofSeconds(1)).withBurst(200)"
                + " .withRedis(RedisConfig.of(\"redis.internal:6379\")))")).isTrue();
        assertThat(page.showsJava("shared.close()")).isTrue();
        RateLimit shared = RateLimit.of("shared-ratelimit", RateLimitConfig.of(100, Duration.ofSeconds(1)).withBurst(200)
                .withRedis(RedisConfig.of("redis.internal:6379")));
        assertThat(shared.distributed()).isTrue();
        assertThat(RedisConnection.users(shared.config().redis())).isEqualTo(1);
        shared.close();
        assertThat(RedisConnection.users(shared.config().redis())).isZero();
    }

    @Test
    void theJavaExampleIsWhatThePageShowsAndBehavesAsDescribed() {
        assertThat(page.showsJava("RateLimit.of(new RateLimitConfig(100, Duration.ofSeconds(1), 200,"
                + " new SourceCriterion(new IpStrategyConfig(1, null, null), null, false), null))")).isTrue();
        assertThat(page.showsJava("RateLimit.of(100, Duration.ofSeconds(1))")).isTrue();
        RateLimit limit = RateLimit.of(new RateLimitConfig(100, Duration.ofSeconds(1), 200,
                new SourceCriterion(new IpStrategyConfig(1, null, null), null, false), null));
        for (int i = 0; i < 200; i++) {
            assertThat(limit.reserve("a", 0)).isZero();
        }
        assertThat(limit.reserve("a", 0)).isNegative();
    }
}
