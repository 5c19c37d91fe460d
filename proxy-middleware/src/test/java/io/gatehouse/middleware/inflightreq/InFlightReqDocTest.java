package io.gatehouse.middleware.inflightreq;

import io.gatehouse.core.config.DynamicConfig;
import io.gatehouse.middleware.source.SourceCriterion;
import io.gatehouse.middleware.testing.DocExamples;
import io.gatehouse.middleware.testing.TrafficTestProxy;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class InFlightReqDocTest {

    private final DocExamples page = DocExamples.of("middlewares/inflightreq.md");

    @Test
    void examplesDecodeAndBuild() throws Exception {
        List<DynamicConfig> configs = new ArrayList<>(page.fileConfigs());
        configs.addAll(page.labelConfigs());
        assertThat(configs).hasSize(2);
        for (DynamicConfig config : configs) {
            assertThat(TrafficTestProxy.build(config, "one-at-a-time")).isInstanceOf(InFlightReq.class);
            assertThat(config.http().middlewares().get("one-at-a-time").config())
                    .isEqualTo(new InFlightReqConfig(10, SourceCriterion.header("X-Tenant")));
        }
    }

    @Test
    void theJavaExampleIsOnThePage() {
        assertThat(page.showsJava("InFlightReq.of(10, SourceCriterion.header(\"X-Tenant\"))")).isTrue();
        assertThat(page.showsJava("InFlightReq.of(10)")).isTrue();
        assertThat(InFlightReq.of(10, SourceCriterion.header("X-Tenant")).trackedSources()).isZero();
    }
}
