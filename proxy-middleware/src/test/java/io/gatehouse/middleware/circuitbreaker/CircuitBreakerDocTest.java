package io.gatehouse.middleware.circuitbreaker;

import io.gatehouse.core.config.DynamicConfig;
import io.gatehouse.middleware.testing.DocExamples;
import io.gatehouse.middleware.testing.TrafficTestProxy;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class CircuitBreakerDocTest {

    private final DocExamples page = DocExamples.of("middlewares/circuitbreaker.md");

    @Test
    void examplesDecodeAndBuild() throws Exception {
        DynamicConfig file = page.fileConfigs().get(0);
        CircuitBreaker fromFile = (CircuitBreaker) TrafficTestProxy.build(file, "breaker");
        assertThat(fromFile.config()).isEqualTo(new CircuitBreakerConfig(
                "ResponseCodeRatio(500, 600, 0, 600) > 0.25 || NetworkErrorRatio() > 0.5",
                Duration.ofMillis(100), Duration.ofSeconds(10), Duration.ofSeconds(10), 503));
        DynamicConfig labels = page.labelConfigs().get(0);
        CircuitBreaker fromLabels = (CircuitBreaker) TrafficTestProxy.build(labels, "breaker");
        assertThat(fromLabels.config().expression()).isEqualTo("LatencyAtQuantileMS(50.0) > 100");
        assertThat(fromLabels.config().fallbackDuration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(fromLabels.config().recoveryDuration()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void theJavaExamplesAreOnThePageAndBuild() {
        assertThat(page.showsJava("CircuitBreaker.of(\"NetworkErrorRatio() > 0.5\")")).isTrue();
        assertThat(CircuitBreaker.of("NetworkErrorRatio() > 0.5").config().responseCode()).isEqualTo(503);
        assertThat(CircuitBreaker.of(CircuitBreakerConfig.of("LatencyAtQuantileMS(50.0) > 100")
                .withDurations(Duration.ofMillis(100), Duration.ofSeconds(30), Duration.ofSeconds(10))
                .withResponseCode(503)).config().fallbackDuration()).isEqualTo(Duration.ofSeconds(30));
    }
}
