package io.gatehouse.core.service.health;

import io.gatehouse.core.config.DynamicConfig;
import io.gatehouse.core.config.ForwardedHeadersConfig;
import io.gatehouse.core.config.HealthCheckConfig;
import io.gatehouse.core.config.LoadBalancerConfig;
import io.gatehouse.core.config.PassiveHealthCheckConfig;
import io.gatehouse.core.config.ServersTransportConfig;
import io.gatehouse.core.config.decode.ConfigDecoder;
import io.gatehouse.core.config.decode.Format;
import io.gatehouse.core.service.LoadBalancedService;
import io.gatehouse.core.testing.TestProxy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The YAML examples of the Health section of docs/services.md: they decode, build and do what the page says. */
@Timeout(60)
class HealthDocTest {

    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** The yaml blocks between "## Health" and the next "## " heading. */
    static List<String> healthExamples() throws Exception {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("docs"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("a docs/ folder above the working directory").isNotNull();
        String page = Files.readString(dir.resolve("docs/services.md"));
        int start = page.indexOf("\n## Health\n");
        assertThat(start).isNotNegative();
        int end = page.indexOf("\n## ", start + 1);
        String section = end < 0 ? page.substring(start) : page.substring(start, end);
        List<String> blocks = new ArrayList<>();
        String[] parts = section.split("```yaml\n");
        for (int i = 1; i < parts.length; i++) {
            blocks.add(parts[i].substring(0, parts[i].indexOf("```")));
        }
        return blocks;
    }

    static LoadBalancerConfig api(String yaml) throws Exception {
        DynamicConfig config = ConfigDecoder.create().decode(yaml, Format.YAML, "services.md").orThrow();
        return config.http().services().get("api").loadBalancer();
    }

    @Test
    void everyExampleDecodesAndBuilds() throws Exception {
        List<String> examples = healthExamples();
        assertThat(examples).hasSize(3);
        for (String yaml : examples) {
            LoadBalancedService.create("api", api(yaml), ServersTransportConfig.DEFAULT).close();
        }
        HealthCheckConfig active = api(examples.get(0)).healthCheck();
        assertThat(active).isEqualTo(new HealthCheckConfig("http", "http", "/health", "HEAD", 204, 8081,
                Duration.ofSeconds(10), Duration.ofSeconds(2), Duration.ofSeconds(3), "health.internal", false,
                Map.of("X-Health-Token", "s3cret")));
        assertThat(api(examples.get(1)).passiveHealthCheck())
                .isEqualTo(new PassiveHealthCheckConfig(Duration.ofSeconds(10), 3));
        assertThat(api(examples.get(2)).healthCheck()).isEqualTo(new HealthCheckConfig(null, "grpc", null, null, 0, 0,
                Duration.ofSeconds(10), Duration.ofSeconds(2), Duration.ofSeconds(3), null, true,
                Map.of("X-Health-Token", "s3cret")));
    }

    @Test
    void theGrpcExampleChecksAsDescribed() throws Exception {
        try (GrpcBackend a = GrpcBackend.h2c("a"); GrpcBackend b = GrpcBackend.h2c("b")) {
            String yaml = healthExamples().get(2)
                    .replace("h2c://10.0.0.7:50051", a.url("h2c")).replace("h2c://10.0.0.8:50051", b.url("h2c"))
                    .replace("interval: 10s", "interval: 50ms").replace("unhealthyInterval: 2s", "unhealthyInterval: 50ms");
            try (TestProxy proxy = new TestProxy(api(yaml), ServersTransportConfig.DEFAULT, ForwardedHeadersConfig.NONE_TRUSTED)) {
                Await.until(() -> a.checks.size() >= 2 && b.checks.size() >= 2);
                assertThat(b.checks.get(0).header()).isEqualTo("s3cret");
                b.serving(false);
                Await.until(() -> !proxy.service().servers().get(1).health().isUp());
                assertThat(proxy.service().servers().get(0).health().isUp()).isTrue();
                a.serving(false);
                Await.until(() -> !proxy.service().isUp());
                b.serving(true);
                Await.until(() -> proxy.service().isUp());
            }
        }
    }

    @Test
    void theActiveExampleChecksAsDescribed() throws Exception {
        try (HealthBackend a = HealthBackend.http("a"); HealthBackend b = HealthBackend.http("b");
             HealthBackend admin = HealthBackend.http("admin")) {
            String yaml = healthExamples().get(0)
                    .replace("http://10.0.0.5:8080", a.url()).replace("http://10.0.0.6:8080", b.url())
                    .replace("port: 8081", "port: " + admin.port())
                    .replace("interval: 10s", "interval: 50ms").replace("unhealthyInterval: 2s", "unhealthyInterval: 50ms");
            admin.healthStatus.set(204);
            try (TestProxy proxy = new TestProxy(api(yaml), ServersTransportConfig.DEFAULT, ForwardedHeadersConfig.NONE_TRUSTED)) {
                Await.until(() -> admin.checkCount() >= 4);
                HealthBackend.Check check = admin.lastCheck();
                assertThat(check.method()).isEqualTo("HEAD");
                assertThat(check.uri()).isEqualTo("/health");
                assertThat(check.host()).isEqualTo("health.internal");
                assertThat(check.headers()).containsEntry("x-health-token", "s3cret");
                assertThat(proxy.service().isUp()).isTrue();
                admin.healthStatus.set(200); // not the 204 the example expects
                Await.until(() -> !proxy.service().isUp());
                assertThat(CLIENT.send(HttpRequest.newBuilder(URI.create(proxy.url("/"))).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(503);
            }
        }
    }

    @Test
    void thePassiveExampleEjectsAfterThreeFailures() throws Exception {
        try (HealthBackend a = HealthBackend.http("a"); HealthBackend b = HealthBackend.http("b")) {
            b.trafficStatus.set(502);
            String yaml = healthExamples().get(1)
                    .replace("http://10.0.0.5:8080", a.url()).replace("http://10.0.0.6:8080", b.url());
            try (TestProxy proxy = new TestProxy(api(yaml), ServersTransportConfig.DEFAULT, ForwardedHeadersConfig.NONE_TRUSTED)) {
                for (int i = 0; i < 30; i++) {
                    CLIENT.send(HttpRequest.newBuilder(URI.create(proxy.url("/"))).build(), HttpResponse.BodyHandlers.ofString());
                }
                assertThat(b.traffic.get()).isEqualTo(3);
            }
        }
    }
}
