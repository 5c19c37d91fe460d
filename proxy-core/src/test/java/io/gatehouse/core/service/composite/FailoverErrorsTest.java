package io.gatehouse.core.service.composite;

import io.undertow.server.HttpHandler;
import io.undertow.util.HttpString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code failover.errors}: real backends, a real Gatehouse, a real client. */
@Timeout(60)
class FailoverErrorsTest {

    private final CompositeHarness h = new CompositeHarness();
    private final List<byte[]> mainBodies = new CopyOnWriteArrayList<>();
    private final List<byte[]> fallbackBodies = new CopyOnWriteArrayList<>();
    private final AtomicInteger mainHits = new AtomicInteger();
    private final AtomicInteger fallbackHits = new AtomicInteger();

    @AfterEach
    void close() throws Exception {
        h.close();
    }

    private static final String YAML = """
            http:
              routers:
                web: {rule: "PathPrefix(`/`)", service: ha}
              services:
                ha:
                  failover:
                    service: main
                    fallback: spare
                    errors:
                      status: ["500-502", "429"]
                      maxRequestBodyBytes: %d
                main: {loadBalancer: {servers: [{url: "%s"}]}}
                spare: {loadBalancer: {servers: [{url: "%s"}]}}
            """;

    /** Answers the status in X-Status (502 by default) with "main" (or X-Size bytes), after reading the whole body. */
    private String main() {
        return h.backend(recording(mainHits, mainBodies, exchange -> {
            String status = exchange.getRequestHeaders().getFirst("X-Status");
            exchange.setStatusCode(status == null ? 502 : Integer.parseInt(status));
            String size = exchange.getRequestHeaders().getFirst("X-Size");
            exchange.getResponseSender().send(size == null ? "main" : "m".repeat(Integer.parseInt(size)));
        }));
    }

    /** Echoes the body it received (or "spare" for none), with the status in X-Fallback-Status (200 by default). */
    private String fallback() {
        return h.backend(recording(fallbackHits, fallbackBodies, exchange -> {
            String status = exchange.getRequestHeaders().getFirst("X-Fallback-Status");
            exchange.setStatusCode(status == null ? 200 : Integer.parseInt(status));
            byte[] body = fallbackBodies.get(fallbackBodies.size() - 1);
            exchange.getResponseSender().send(body.length == 0 ? java.nio.ByteBuffer.wrap("spare".getBytes(StandardCharsets.UTF_8))
                    : java.nio.ByteBuffer.wrap(body));
        }));
    }

    private static HttpHandler recording(AtomicInteger hits, List<byte[]> bodies, HttpHandler answer) {
        return exchange -> exchange.getRequestReceiver().receiveFullBytes((ex, body) -> {
            hits.incrementAndGet();
            bodies.add(body);
            try {
                answer.handleRequest(ex);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private HttpResponse<byte[]> post(byte[] body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(h.uri("/upload")).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return h.client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    @Test
    void aListedStatusSendsTheRequestWithItsBodyToTheFallback() throws Exception {
        h.apply(YAML.formatted(-1, main(), fallback()));
        byte[] body = randomBytes(300 * 1024, 42);
        HttpResponse<byte[]> response = post(body);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(body);
        assertThat(mainHits).hasValue(1);
        assertThat(fallbackHits).hasValue(1);
        assertThat(mainBodies.get(0)).isEqualTo(body);
        assertThat(fallbackBodies.get(0)).isEqualTo(body);
        // A listed status inside a range, and a request without a body.
        HttpResponse<String> get = h.get("/", "X-Status", "500");
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.body()).isEqualTo("spare");
        assertThat(h.get("/", "X-Status", "429").body()).isEqualTo("spare");
    }

    @Test
    void anUnlistedStatusIsRelayed() throws Exception {
        h.apply(YAML.formatted(-1, main(), fallback()));
        for (String status : List.of("503", "404", "200", "428")) {
            HttpResponse<String> response = h.get("/", "X-Status", status);
            assertThat(response.statusCode()).as(status).isEqualTo(Integer.parseInt(status));
            assertThat(response.body()).isEqualTo("main");
        }
        HttpResponse<byte[]> post = post(randomBytes(1000, 1), "X-Status", "503");
        assertThat(post.statusCode()).isEqualTo(503);
        assertThat(new String(post.body(), StandardCharsets.UTF_8)).isEqualTo("main");
        assertThat(fallbackHits).hasValue(0);
    }

    @Test
    void theFallbacksResponseIsRelayedWhateverItIs() throws Exception {
        h.apply(YAML.formatted(-1, main(), fallback()));
        HttpResponse<String> response = h.get("/", "X-Fallback-Status", "502");
        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.body()).isEqualTo("spare");
        assertThat(mainHits).hasValue(1);
        assertThat(fallbackHits).hasValue(1);
    }

    @Test
    void aBodyOverTheLimitStaysWithTheMainService() throws Exception {
        h.apply(YAML.formatted(64 * 1024, main(), fallback()));
        byte[] large = randomBytes(300 * 1024, 7);
        HttpResponse<byte[]> response = post(large);
        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("main");
        assertThat(mainBodies.get(0)).isEqualTo(large);
        assertThat(fallbackHits).hasValue(0);
        // Chunked (no Content-Length): found too large while reading, then streamed to the main service whole.
        HttpRequest chunked = HttpRequest.newBuilder(h.uri("/upload"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(large))).build();
        HttpResponse<String> streamed = h.client.send(chunked, HttpResponse.BodyHandlers.ofString());
        assertThat(streamed.statusCode()).isEqualTo(502);
        assertThat(mainBodies.get(1)).isEqualTo(large);
        // At the limit exactly: kept, so it fails over.
        byte[] atLimit = randomBytes(64 * 1024, 8);
        HttpResponse<byte[]> kept = post(atLimit);
        assertThat(kept.statusCode()).isEqualTo(200);
        assertThat(kept.body()).isEqualTo(atLimit);
        assertThat(fallbackHits).hasValue(1);
    }

    @Test
    void anUnreachableMainServiceFailsOverWhenItsStatusIsListed() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        h.apply(YAML.formatted(-1, "http://127.0.0.1:" + closedPort, fallback()));
        byte[] body = randomBytes(10_000, 3);
        HttpResponse<byte[]> response = post(body);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(body);
        assertThat(h.get("/").body()).isEqualTo("spare");
        assertThat(fallbackHits).hasValue(2);
    }

    @Test
    void aDiscardedResponseDoesNotBreakLaterRequests() throws Exception {
        h.apply(YAML.formatted(-1, main(), fallback()));
        for (int i = 0; i < 20; i++) {
            // A large discarded response (its connection is closed), then a relayed one on the same client connection.
            byte[] body = randomBytes(20_000 + i, i);
            HttpResponse<byte[]> failedOver = post(body, "X-Size", "200000");
            assertThat(failedOver.statusCode()).isEqualTo(200);
            assertThat(failedOver.body()).isEqualTo(body);
            HttpResponse<String> relayed = h.get("/", "X-Status", "200", "X-Size", "5000");
            assertThat(relayed.statusCode()).isEqualTo(200);
            assertThat(relayed.body()).isEqualTo("m".repeat(5000));
        }
        assertThat(mainHits).hasValue(40);
        assertThat(fallbackHits).hasValue(20);
    }

    @Test
    void whileTheFallbackIsDownTheMainServicesStatusIsRelayed() throws Exception {
        String yaml = YAML.formatted(-1, main(), fallback());
        String spareDown = yaml.replaceFirst("spare: \\{loadBalancer: \\{servers: \\[\\{url: \"[^\"]+\"}]}}", "spare: {loadBalancer: {servers: []}}");
        assertThat(spareDown).isNotEqualTo(yaml);
        h.apply(spareDown);
        HttpResponse<byte[]> response = post(randomBytes(1000, 5));
        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("main");
        assertThat(fallbackHits).hasValue(0);
    }

    @Test
    void withoutErrorsTheMainServicesStatusIsRelayed() throws Exception {
        h.apply("""
                http:
                  routers:
                    web: {rule: "PathPrefix(`/`)", service: ha}
                  services:
                    ha: {failover: {service: main, fallback: spare}}
                    main: {loadBalancer: {servers: [{url: "%s"}]}}
                    spare: {loadBalancer: {servers: [{url: "%s"}]}}
                """.formatted(main(), fallback()));
        assertThat(h.get("/").statusCode()).isEqualTo(502);
        assertThat(fallbackHits).hasValue(0);
    }

    @Test
    void badErrorsAreClearErrorsAndTheServiceIsLeftOut() throws Exception {
        String main = main();
        String spare = fallback();
        h.apply("""
                http:
                  routers:
                    web: {rule: "PathPrefix(`/`)", service: ha}
                  services:
                    ha:
                      failover:
                        service: main
                        fallback: spare
                        errors: {status: ["500-", "599-500", "600", "5xx"], maxRequestBodyBytes: -5}
                    main: {loadBalancer: {servers: [{url: "%s"}]}}
                    spare: {loadBalancer: {servers: [{url: "%s"}]}}
                """.formatted(main, spare));
        String errors = h.errors().toString();
        assertThat(errors).contains("http.services.ha@file.failover.errors.status[0]")
                .contains("(got '500-'; codes are numbers)")
                .contains("http.services.ha@file.failover.errors.status[1]")
                .contains("(got '599-500'; the range ends before it starts)")
                .contains("http.services.ha@file.failover.errors.status[2]")
                .contains("(got '600'; codes are 100 to 599)")
                .contains("http.services.ha@file.failover.errors.status[3]")
                .contains("http.services.ha@file.failover.errors.maxRequestBodyBytes")
                .contains("expected a size in bytes, or -1 for no limit");
        assertThat(h.get("/").statusCode()).isEqualTo(404);
        assertThat(mainHits).hasValue(0);
    }
}
