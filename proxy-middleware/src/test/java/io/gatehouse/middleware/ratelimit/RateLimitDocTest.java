package io.gatehouse.middleware.ratelimit;

import io.gatehouse.core.config.DynamicConfig;
import io.gatehouse.middleware.ipstrategy.IpStrategyConfig;
import io.gatehouse.middleware.source.SourceCriterion;
import io.gatehouse.middleware.testing.DocExamples;
import io.gatehouse.middleware.testing.TrafficTestProxy;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitDocTest {

    private final DocExamples page = DocExamples.of("middlewares/ratelimit.md");

    @Test
    void examplesDecodeToTheSameLimiter() throws Exception {
        RateLimitConfig expected = new RateLimitConfig(100, Duration.ofSeconds(1), 200,
                new SourceCriterion(new IpStrategyConfig(1, null, null), null, false), null);
        for (DynamicConfig config : page.fileConfigs()) {
            assertThat(((RateLimit) TrafficTestProxy.build(config, "api-ratelimit")).config()).isEqualTo(expected);
        }
        for (DynamicConfig config : page.labelConfigs()) {
            assertThat(((RateLimit) TrafficTestProxy.build(config, "api-ratelimit")).config()).isEqualTo(expected);
        }
        assertThat(page.fileConfigs()).hasSize(1);
        assertThat(page.labelConfigs()).hasSize(1);
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
