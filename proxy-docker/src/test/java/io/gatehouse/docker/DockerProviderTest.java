package io.gatehouse.docker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The provider when there is no engine: it neither fails nor blocks its caller, publishes nothing and reports the outage once. */
@Timeout(60)
class DockerProviderTest {

    @Test
    void noEngineMeansNoConfigurationAndRetriesWithoutBlocking(@TempDir Path dir) throws Exception {
        DockerProvider provider = DockerProvider.create(DockerProviderConfig.DEFAULTS
                .withEndpoint("unix://" + dir.resolve("nothing.sock")));
        RecordingSink sink = new RecordingSink();
        provider.start(sink); // returns at once: connecting happens on the provider's thread
        RecordingSink.awaitTrue("the outage reported", () -> !sink.rejected.isEmpty());
        Thread.sleep(700); // a few retries (200 ms, 400 ms ...)
        assertThat(provider.connected()).isFalse();
        assertThat(provider.syncs()).isZero();
        assertThat(sink.published).isEmpty();
        // The outage is reported once (shown in the proxy's providerErrors), not at every retry.
        assertThat(sink.rejected).singleElement().asList().singleElement().asString()
                .contains("providers.docker.endpoint", "nothing.sock", "cannot reach the engine", "is it running");
        provider.close();
        provider.close(); // closing twice is harmless
        provider.start(new RecordingSink()); // starting a closed provider does nothing
        assertThat(provider.syncs()).isZero();
    }

    @Test
    void theNameIsDockerUnlessGiven() throws Exception {
        try (DockerProvider a = DockerProvider.create(DockerProviderConfig.DEFAULTS);
             DockerProvider b = DockerProvider.create("docker-edge", DockerProviderConfig.DEFAULTS)) {
            assertThat(a.name()).isEqualTo("docker");
            assertThat(b.name()).isEqualTo("docker-edge");
        }
    }

    @Test
    void unreadableTlsFilesAreRetriedNotThrown(@TempDir Path dir) throws Exception {
        DockerProvider provider = DockerProvider.create(DockerProviderConfig.DEFAULTS.withEndpoint("tcp://127.0.0.1:1")
                .withTls(new DockerProviderConfig.Tls(dir.resolve("ca.pem").toString(), null, null, false)));
        RecordingSink sink = new RecordingSink();
        provider.start(sink);
        RecordingSink.awaitTrue("the outage reported", () -> !sink.rejected.isEmpty());
        assertThat(provider.connected()).isFalse();
        assertThat(sink.published).isEmpty();
        assertThat(sink.rejected).singleElement().asList().singleElement().asString()
                .contains("providers.docker.endpoint", "tcp://127.0.0.1:1", "ca.pem");
        provider.close();
    }
}
