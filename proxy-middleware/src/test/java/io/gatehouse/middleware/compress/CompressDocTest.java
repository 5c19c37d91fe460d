package io.gatehouse.middleware.compress;

import io.gatehouse.core.config.DynamicConfig;
import io.gatehouse.middleware.testing.DocExamples;
import io.gatehouse.middleware.testing.TrafficTestProxy;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CompressDocTest {

    private final DocExamples page = DocExamples.of("middlewares/compress.md");

    @Test
    void examplesDecodeAndBuild() throws Exception {
        DynamicConfig file = page.fileConfigs().get(0);
        CompressConfig fromFile = ((Compress) TrafficTestProxy.build(file, "gzip-br")).config();
        assertThat(fromFile.encodings()).containsExactly("zstd", "br", "gzip");
        assertThat(fromFile.defaultEncoding()).isEqualTo("gzip");
        assertThat(fromFile.excludedContentTypes()).containsExactly("image/png", "text/csv; charset=utf-8");
        CompressConfig fromLabels = ((Compress) TrafficTestProxy.build(page.labelConfigs().get(0), "gzip-br")).config();
        assertThat(fromLabels.encodings()).containsExactly("zstd", "br", "gzip");
        assertThat(fromLabels.includedContentTypes()).isEqualTo(List.of("text/html", "application/json"));
        assertThat(fromLabels.minResponseBodyBytes()).isEqualTo(1024);
    }

    @Test
    void theJavaExamplesAreOnThePage() {
        assertThat(page.showsJava("Compress.of()")).isTrue();
        assertThat(page.showsJava("Compress.of(CompressConfig.DEFAULTS.withEncodings(\"zstd\", \"br\", \"gzip\").withMinResponseBodyBytes(2048))")).isTrue();
        assertThat(Compress.of(CompressConfig.DEFAULTS.withEncodings("zstd", "br", "gzip").withMinResponseBodyBytes(2048))
                .config().minResponseBodyBytes()).isEqualTo(2048);
    }
}
