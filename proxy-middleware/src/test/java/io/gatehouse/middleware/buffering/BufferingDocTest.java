package io.gatehouse.middleware.buffering;

import io.gatehouse.middleware.testing.DocExamples;
import io.gatehouse.middleware.testing.TrafficTestProxy;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BufferingDocTest {

    private final DocExamples page = DocExamples.of("middlewares/buffering.md");

    @Test
    void examplesDecodeAndBuild() throws Exception {
        Buffering fromFile = (Buffering) TrafficTestProxy.build(page.fileConfigs().get(0), "limits");
        assertThat(fromFile.config()).isEqualTo(new BufferingConfig(2_000_000, 1_048_576, 10_000_000, 1_048_576,
                "IsNetworkError() && Attempts() < 2"));
        Buffering fromLabels = (Buffering) TrafficTestProxy.build(page.labelConfigs().get(0), "limits");
        assertThat(fromLabels.config()).isEqualTo(BufferingConfig.maxRequestBody(2_000_000)
                .withRetryExpression("IsNetworkError() && Attempts() < 2"));
    }

    @Test
    void theJavaExamplesAreOnThePage() {
        assertThat(page.showsJava("Buffering.maxRequestBody(2_000_000)")).isTrue();
        assertThat(page.showsJava("Buffering.of(new BufferingConfig(2_000_000, 1_048_576, 10_000_000, 1_048_576,")).isTrue();
        assertThat(Buffering.maxRequestBody(2_000_000).config().memRequestBodyBytes()).isEqualTo(1_048_576);
    }
}
