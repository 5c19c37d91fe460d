package io.gatehouse.core.service.composite;

import io.gatehouse.core.config.ConfigError;
import io.gatehouse.core.provider.FileProvider;
import io.gatehouse.core.server.Gatehouse;
import io.gatehouse.core.testing.EchoHandler;
import io.gatehouse.core.testing.TestServer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A real Gatehouse for the adversarial tests: a code router {@code /ok} (always good, proves the rest keeps serving)
 * and a watched YAML file whose routers and services the test writes. Backends {@code a} and {@code b} are echo
 * servers ({@code server: a} / {@code server: b}) that the YAML may name with {@link #A} and {@link #B}.
 */
final class AdversarialGatehouse implements AutoCloseable {

    static final String A = "${A}";
    static final String B = "${B}";

    /** Router r (/app) to service w, and two loadBalancers a and b; {@code services} adds w and others. */
    static String appToW(String services) {
        return """
                http:
                  routers:
                    r:
                      rule: "PathPrefix(`/app`)"
                      service: w
                  services:
                    a:
                      loadBalancer:
                        servers:
                          - url: "${A}"
                    b:
                      loadBalancer:
                        servers:
                          - url: "${B}"
                """ + services;
    }

    final TestServer ok = TestServer.http(new EchoHandler("ok"));
    final TestServer a = TestServer.http(new EchoHandler("a"));
    final TestServer b = TestServer.http(new EchoHandler("b"));
    final Path dir;
    final Path file;
    final Gatehouse gatehouse;
    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    AdversarialGatehouse(String yaml) throws Exception {
        dir = Files.createTempDirectory("adv-composite");
        file = dir.resolve("dynamic.yml");
        Files.writeString(file, expand(yaml));
        gatehouse = Gatehouse.builder()
                .ioThreads(2)
                .entryPoint("web", "127.0.0.1:0")
                .providersThrottleDuration(Duration.ZERO)
                .removedRouteGracePeriod(Duration.ofSeconds(1))
                .service("ok", s -> s.server(ok.url()))
                .router("ok", r -> r.rule("PathPrefix(`/ok`)").service("ok"))
                .provider(FileProvider.watching(file).debounce(Duration.ofMillis(50)))
                .start();
        if (!gatehouse.awaitConfigApplied(Duration.ofSeconds(60))) {
            throw new AssertionError("the first configuration was not applied in 60 s");
        }
        // awaitConfigApplied covers what the provider sent so far: wait until the file was seen (served or refused)
        waitFor(() -> {
            try {
                return !fileErrors().isEmpty() || !gatehouse.errors().isEmpty() || get("/app").statusCode() != 404;
            } catch (Exception e) {
                return false;
            }
        });
    }

    /** The standard backends, then the given services and routers (YAML indented under {@code http:}). */
    static String yaml(String routersAndServices) {
        return "http:\n" + routersAndServices;
    }

    String expand(String yaml) {
        return yaml.replace(A, a.url()).replace(B, b.url());
    }

    /** Writes a new file and waits until {@code until} holds (a reload is asynchronous). */
    void reload(String yaml, BooleanSupplier until) throws Exception {
        Path tmp = dir.resolve("next.tmp");
        Files.writeString(tmp, expand(yaml));
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        waitFor(until);
    }

    static void waitFor(BooleanSupplier until) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!until.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached in 30 s");
            }
            Thread.sleep(20);
        }
    }

    List<ConfigError> fileErrors() {
        return gatehouse.providerErrors().getOrDefault("file", List.of());
    }

    int port() {
        return gatehouse.port("web");
    }

    HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path))
                .timeout(Duration.ofSeconds(30));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, byte[] body) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path))
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The {@code server} line of an echo answer. */
    static String server(HttpResponse<String> response) {
        return EchoHandler.field(response.body(), "server");
    }

    /** The documented sticky cookie value: the first 16 hex digits of SHA-256 of the child's qualified name. */
    static String stickyValue(String qualifiedChild) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(qualifiedChild.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest).substring(0, 16);
    }

    /** The documented default cookie name: '_' and 5 hex digits of SHA-1 of _TRAEFIK_BACKEND_<service>. */
    static String defaultStickyName(String qualifiedService) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-1")
                .digest(("_TRAEFIK_BACKEND_" + qualifiedService).getBytes(StandardCharsets.UTF_8));
        return "_" + HexFormat.of().formatHex(digest).substring(0, 5);
    }

    @Override
    public void close() {
        gatehouse.close();
        ok.close();
        a.close();
        b.close();
    }
}
