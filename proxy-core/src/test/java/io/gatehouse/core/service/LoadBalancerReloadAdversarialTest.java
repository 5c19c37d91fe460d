package io.gatehouse.core.service;

import io.gatehouse.core.config.ConfigError;
import io.gatehouse.core.provider.FileProvider;
import io.gatehouse.core.server.Gatehouse;
import io.gatehouse.core.testing.EchoHandler;
import io.gatehouse.core.testing.RawHttp;
import io.gatehouse.core.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real Gatehouse with a watched file: hostile load balancer options in a reload are reported with their paths,
 * all at once, and never replace the configuration that serves.
 */
@Timeout(120)
class LoadBalancerReloadAdversarialTest {

    @TempDir
    Path dir;

    private TestServer backend;
    private Gatehouse gatehouse;
    private Path file;

    @BeforeEach
    void start() throws Exception {
        backend = TestServer.http(new EchoHandler("good"));
        file = dir.resolve("dynamic.yml");
        Files.writeString(file, config(""));
        gatehouse = Gatehouse.builder()
                .ioThreads(1)
                .entryPoint("web", "127.0.0.1:0")
                .provider(FileProvider.watching(file).debounce(Duration.ofMillis(20)))
                .providersThrottleDuration(Duration.ZERO)
                .start();
        assertThat(gatehouse.awaitConfigApplied(Duration.ofSeconds(30))).isTrue();
        awaitServing();
    }

    @AfterEach
    void stop() {
        if (gatehouse != null) {
            gatehouse.close();
        }
        if (backend != null) {
            backend.close();
        }
    }

    private String config(String loadBalancerLines) {
        StringBuilder yaml = new StringBuilder("http:\n  routers:\n    all:\n      rule: \"PathPrefix(`/`)\"\n"
                + "      service: api\n  services:\n    api:\n      loadBalancer:\n        servers:\n"
                + "          - url: " + backend.url() + "\n");
        for (String line : loadBalancerLines.split("\n")) {
            if (!line.isEmpty()) {
                yaml.append("        ").append(line).append('\n');
            }
        }
        return yaml.toString();
    }

    private RawHttp.Response get() throws Exception {
        return RawHttp.exchange(gatehouse.port("web"), "GET /x HTTP/1.1\r\nHost: app\r\nConnection: close\r\n\r\n");
    }

    private void awaitServing() throws Exception {
        while (get().status() != 200) {
            Thread.sleep(20);
        }
    }

    private List<ConfigError> awaitRejected(String yamlUnderLoadBalancer, Predicate<List<ConfigError>> done)
            throws Exception {
        Files.writeString(file, config(yamlUnderLoadBalancer));
        while (true) {
            gatehouse.awaitConfigApplied(Duration.ofSeconds(5));
            List<ConfigError> errors = gatehouse.providerErrors().getOrDefault("file", List.of());
            if (done.test(errors)) {
                return errors;
            }
            Thread.sleep(20);
        }
    }

    private static boolean hasPath(List<ConfigError> errors, String suffix) {
        return errors.stream().anyMatch(e -> e.path().endsWith(suffix));
    }

    @Test
    void everyBadHealthOptionIsReportedAtOnceAndTheGoodConfigurationKeepsServing() throws Exception {
        List<ConfigError> errors = awaitRejected("healthCheck:\n  path: /h\n  interval: 0s\n  timeout: -1s\n"
                + "  status: 600\n  port: 70000\n  scheme: ftp\n  method: \"G T\"\n  hostname: \"a b\"",
                e -> !e.isEmpty());
        assertThat(get().status()).isEqualTo(200);
        assertThat(errors).extracting(ConfigError::path)
                .anySatisfy(p -> assertThat(p).endsWith("loadBalancer.healthCheck.interval"))
                .anySatisfy(p -> assertThat(p).endsWith("loadBalancer.healthCheck.timeout"))
                .anySatisfy(p -> assertThat(p).endsWith("loadBalancer.healthCheck.status"))
                .anySatisfy(p -> assertThat(p).endsWith("loadBalancer.healthCheck.port"))
                .anySatisfy(p -> assertThat(p).endsWith("loadBalancer.healthCheck.scheme"))
                .anySatisfy(p -> assertThat(p).endsWith("loadBalancer.healthCheck.method"))
                .anySatisfy(p -> assertThat(p).endsWith("loadBalancer.healthCheck.hostname"));
    }

    @Test
    void badStrategyStickyAndPassiveOptionsAreRejectedWhileTheOldServiceServes() throws Exception {
        List<String> bad = List.of(
                "strategy: \"WRR \"",
                "sticky:\n  cookie:\n    sameSite: sideways",
                "sticky:\n  cookie:\n    path: \"/a;b\"",
                "sticky:\n  cookie:\n    domain: \"evil.com; Secure\"",
                "passiveHealthCheck:\n  maxFailedAttempts: 0",
                "passiveHealthCheck:\n  failureWindow: -1s",
                "healthCheck:\n  path: \"/h\\r\\nX: 1\"",
                "healthCheck:\n  path: /h\n  headers:\n    X-A: \"v\\r\\nX-B: 1\"",
                "healthCheck:\n  path: /h\n  mode: grpcs");
        List<String> paths = List.of("loadBalancer.strategy", "sticky.cookie.sameSite", "sticky.cookie.path",
                "sticky.cookie.domain", "passiveHealthCheck.maxFailedAttempts", "passiveHealthCheck.failureWindow",
                "healthCheck.path", "healthCheck.headers.X-A", "healthCheck.mode");
        for (int i = 0; i < bad.size(); i++) {
            String path = paths.get(i);
            List<ConfigError> errors = awaitRejected(bad.get(i), e -> hasPath(e, path));
            assertThat(errors).as(bad.get(i)).anySatisfy(e -> assertThat(e.path()).startsWith("http.services.api"));
            RawHttp.Response r = get();
            assertThat(r.status()).as("still serving after " + bad.get(i)).isEqualTo(200);
            assertThat(EchoHandler.field(r.body(), "server")).isEqualTo("good");
        }
        // and a good reload after all that is taken
        Files.writeString(file, config("strategy: p2c"));
        while (!gatehouse.providerErrors().getOrDefault("file", List.of()).isEmpty()) {
            gatehouse.awaitConfigApplied(Duration.ofSeconds(5));
            Thread.sleep(20);
        }
        assertThat(get().status()).isEqualTo(200);
    }
}
