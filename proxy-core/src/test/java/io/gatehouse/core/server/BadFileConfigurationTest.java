package io.gatehouse.core.server;

import io.gatehouse.core.config.ConfigError;
import io.gatehouse.core.provider.FileProvider;
import io.undertow.Undertow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each kind of bad configuration file: a clear error naming the place, reported for the provider,
 * while the last good configuration keeps serving; removing the bad file clears the error.
 */
@Timeout(60)
class BadFileConfigurationTest {

    @TempDir
    Path dir;

    private Undertow backend;
    private Gatehouse gatehouse;
    private final HttpClient client = HttpClient.newHttpClient();

    @AfterEach
    void close() {
        if (gatehouse != null) {
            gatehouse.close();
        }
        if (backend != null) {
            backend.stop();
        }
    }

    static Stream<Arguments> badFiles() {
        return Stream.of(
                Arguments.of("half-written YAML", "bad.yml", """
                        http:
                          routers:
                            other:
                              rule: "Path(`/other`)"
                              service: "svc
                        """, List.of("bad.yml:6", "malformed YAML", "end of stream")),
                Arguments.of("invalid YAML", "bad.yml", "http:\n  routers: [unclosed\n", List.of("bad.yml:")),
                Arguments.of("invalid TOML", "bad.toml", "[http.routers.x\nrule = 1\n", List.of("bad.toml", "malformed TOML")),
                Arguments.of("invalid JSON", "bad.json", "{\"http\": {\"routers\": }", List.of("bad.json:1")),
                Arguments.of("unknown key", "bad.yml", """
                        http:
                          routers:
                            other:
                              rlue: "Path(`/other`)"
                              service: svc
                        """, List.of("bad.yml:4", "http.routers.other.rlue", "did you mean 'rule'")),
                Arguments.of("bad duration", "bad.yml", """
                        http:
                          services:
                            other:
                              loadBalancer:
                                servers: [{url: "http://127.0.0.1:1"}]
                                healthCheck:
                                  path: /health
                                  interval: 10 seconds
                        """, List.of("bad.yml:8", "http.services.other.loadBalancer.healthCheck.interval", "10 seconds")),
                Arguments.of("bad rule", "bad.yml", """
                        http:
                          routers:
                            other:
                              rule: "Path(`/other`"
                              service: svc
                        """, List.of("bad.yml", "http.routers.other.rule", "Path(`/other`")),
                Arguments.of("missing service", "bad.yml", """
                        http:
                          routers:
                            other:
                              rule: "Path(`/other`)"
                              service: nope
                        """, List.of("bad.yml", "http.routers.other.service", "no service named 'nope'")),
                Arguments.of("missing middleware", "bad.yml", """
                        http:
                          routers:
                            other:
                              rule: "Path(`/other`)"
                              middlewares: [ghost]
                              service: svc
                        """, List.of("bad.yml", "http.routers.other.middlewares[0]", "ghost")),
                Arguments.of("chain cycle", "bad.yml", """
                        http:
                          middlewares:
                            first:
                              chain:
                                middlewares: [second]
                            second:
                              chain:
                                middlewares: [first]
                        """, List.of("bad.yml", "http.middlewares.", "cycle", "first -> second -> first")),
                Arguments.of("same name in two files", "bad.yml", """
                        http:
                          routers:
                            good:
                              rule: "Path(`/stolen`)"
                              service: svc
                        """, List.of("http.routers.good", "good.yml", "bad.yml")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFiles")
    void aBadFileIsAClearErrorAndTheLastGoodConfigurationServes(String name, String fileName, String content,
                                                                 List<String> expected) throws Exception {
        backend = Undertow.builder().setIoThreads(1)
                .addHttpListener(0, "127.0.0.1", exchange -> exchange.getResponseSender().send("good")).build();
        backend.start();
        int backendPort = ((InetSocketAddress) backend.getListenerInfo().get(0).getAddress()).getPort();
        Files.writeString(dir.resolve("good.yml"), """
                http:
                  routers:
                    good:
                      rule: "Path(`/good`)"
                      service: svc
                  services:
                    svc:
                      loadBalancer:
                        servers:
                          - url: "http://127.0.0.1:%d"
                """.formatted(backendPort));
        gatehouse = Gatehouse.builder().ioThreads(1).entryPoint("web", "127.0.0.1:0")
                .providersThrottleDuration(Duration.ZERO)
                .provider(FileProvider.directory(dir).debounce(Duration.ofMillis(20)))
                .start();
        assertThat(gatehouse.awaitConfigApplied(Duration.ofSeconds(30))).isTrue();
        assertThat(get("/good")).isEqualTo("200 good");

        Files.writeString(dir.resolve(fileName), content);
        Await.until("the error of " + name, () -> {
            List<ConfigError> errors = gatehouse.providerErrors().getOrDefault("file", List.of());
            return errors.stream().map(ConfigError::toString).anyMatch(e -> expected.stream().allMatch(e::contains));
        });
        assertThat(gatehouse.errors()).isNotEmpty();
        assertThat(get("/good")).isEqualTo("200 good");
        assertThat(get("/other")).startsWith("404");

        Files.delete(dir.resolve(fileName));
        Await.until("the error to clear", () -> gatehouse.providerErrors().isEmpty());
        assertThat(gatehouse.errors()).isEmpty();
        assertThat(get("/good")).isEqualTo("200 good");
    }

    private String get(String path) throws Exception {
        HttpResponse<String> response = client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gatehouse.port("web") + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body();
    }
}
