package io.gatehouse.middleware.retry;

import io.gatehouse.core.config.DynamicConfig;
import io.gatehouse.middleware.testing.DocExamples;
import io.gatehouse.middleware.testing.TrafficTestProxy;
import io.undertow.server.HttpHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
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
    void statusExamplesDecodeAndBuild() throws Exception {
        RetryConfig expected = RetryConfig.of(3).withInitialInterval(Duration.ofMillis(50))
                .withStatus("500-599", "429").withMaxRequestBodyBytes(1_048_576).withRetryNonIdempotentMethod(true);
        assertThat(((Retry) TrafficTestProxy.build(page.fileConfigs().get(1), "retry-5xx")).config()).isEqualTo(expected);
        assertThat(((Retry) TrafficTestProxy.build(page.labelConfigs().get(1), "retry-5xx")).config()).isEqualTo(expected);
        assertThat(((Retry) TrafficTestProxy.build(page.fileConfigs().get(2), "retry-503-only")).config())
                .isEqualTo(RetryConfig.of(2).withStatus("503").withDisableRetryOnNetworkError(true));
        assertThat(page.showsJava(".withStatus(\"500-599\", \"429\").withMaxRequestBodyBytes(1_048_576)"
                + ".withRetryNonIdempotentMethod(true)")).isTrue();
    }

    @Test
    void theStatusExampleRetriesAPostOnA503() throws Exception {
        AtomicInteger hits = new AtomicInteger();
        HttpHandler flaky = exchange -> exchange.getRequestReceiver().receiveFullString((ex, body) -> {
            ex.setStatusCode(hits.incrementAndGet() == 1 ? 503 : 200);
            ex.getResponseSender().send("got " + body);
        });
        try (TrafficTestProxy proxy = TrafficTestProxy.start(TrafficTestProxy.build(page.fileConfigs().get(1), "retry-5xx"), flaky)) {
            HttpResponse<String> response = proxy.client().send(HttpRequest.newBuilder(proxy.uri("/"))
                    .POST(HttpRequest.BodyPublishers.ofString("order 42")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("got order 42");
            assertThat(hits.get()).isEqualTo(2);
        }
    }

    @Test
    void theJavaExamplesAreOnThePage() {
        assertThat(page.showsJava("Retry.of(RetryConfig.of(4).withInitialInterval(Duration.ofMillis(100)))")).isTrue();
        assertThat(page.showsJava("Retry.of(4)")).isTrue();
    }
}
