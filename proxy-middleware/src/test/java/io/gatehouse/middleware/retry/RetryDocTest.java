package io.gatehouse.middleware.retry;

import io.gatehouse.core.config.DynamicConfig;
import io.gatehouse.middleware.testing.DocExamples;
import io.gatehouse.middleware.testing.TrafficTestProxy;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class RetryDocTest {

    private final DocExamples page = DocExamples.of("middlewares/retry.md");

    @Test
    void examplesDecodeAndBuild() throws Exception {
        DynamicConfig file = page.fileConfigs().get(0);
        RetryConfig fromFile = ((Retry) TrafficTestProxy.build(file, "retry-4")).config();
        assertThat(fromFile).isEqualTo(RetryConfig.of(4).withInitialInterval(Duration.ofMillis(100))
                .withTimeout(Duration.ofSeconds(60)));
        RetryConfig fromLabels = ((Retry) TrafficTestProxy.build(page.labelConfigs().get(0), "retry-4")).config();
        assertThat(fromLabels).isEqualTo(RetryConfig.of(4).withInitialInterval(Duration.ofMillis(100)));
    }

    @Test
    void theJavaExamplesAreOnThePage() {
        assertThat(page.showsJava("Retry.of(RetryConfig.of(4).withInitialInterval(Duration.ofMillis(100)))")).isTrue();
        assertThat(page.showsJava("Retry.of(4)")).isTrue();
    }
}
