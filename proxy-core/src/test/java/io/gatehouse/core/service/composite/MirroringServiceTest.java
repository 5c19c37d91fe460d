package io.gatehouse.core.service.composite;

import io.gatehouse.core.config.ForwardingTimeouts;
import io.gatehouse.core.config.LoadBalancerConfig;
import io.gatehouse.core.config.ServerConfig;
import io.gatehouse.core.config.ServersTransportConfig;
import io.gatehouse.core.service.LoadBalancedService;
import io.gatehouse.core.testing.TestCertificates;
import io.gatehouse.core.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(90)
class MirroringServiceTest {

    private final CompositeHarness h = new CompositeHarness();

    @AfterEach
    void close() throws Exception {
        h.close();
    }

    /** Waits for a count a background sender is still raising; the bound only stops a hang. */
    private static void awaitAtLeast(AtomicInteger count, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (count.get() < expected && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }

    private String recordingBackend(String name, Queue<String> seen) {
        AtomicInteger count = h.hits.computeIfAbsent(name, n -> new AtomicInteger());
        return h.backend(exchange -> exchange.getRequestReceiver().receiveFullString((ex, body) -> {
            seen.add(ex.getRequestMethod() + " " + ex.getRequestURI() + "?" + ex.getQueryString() + " "
                    + ex.getRequestHeaders().getFirst("X-Trace") + " " + body.length() + " " + body.hashCode()
                    + (ex.getRequestHeaders().contains("X-Trace") ? " for=" + ex.getRequestHeaders().getFirst("X-Forwarded-For") : ""));
            count.incrementAndGet();
            ex.getResponseSender().send(name);
        }, StandardCharsets.UTF_8));
    }

    private static String mirroring(String extra, String main, String copy) {
        return """
                http:
                  routers:
                    web: {rule: "PathPrefix(`/`)", service: shadowed}
                  services:
                    shadowed:
                      mirroring:
                        service: main
                        %s
                        mirrors: [{name: copy, percent: 100}]
                    main: {loadBalancer: {servers: [{url: "%s"}]}}
                    copy: {loadBalancer: {servers: [{url: "%s"}]}}
                """.formatted(extra, main, copy);
    }

    @Test
    void eachMirrorGetsItsPercentOfTheRequestsAndTheClientOnlyTheMainResponse() throws Exception {
        h.apply("""
                http:
                  routers:
                    web: {rule: "PathPrefix(`/`)", service: shadowed}
                  services:
                    shadowed:
                      mirroring:
                        service: main
                        mirrors:
                          - {name: half, percent: 50}
                          - {name: tenth, percent: 10}
                          - {name: none, percent: 0}
                    main: {loadBalancer: {servers: [{url: "%s"}]}}
                    half: {loadBalancer: {servers: [{url: "%s"}]}}
                    tenth: {loadBalancer: {servers: [{url: "%s"}]}}
                    none: {loadBalancer: {servers: [{url: "%s"}]}}
                """.formatted(h.backend("main"), h.backend("half"), h.backend("tenth"), h.backend("none")));
        for (int i = 0; i < 100; i++) {
            HttpResponse<String> response = h.get("/x");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("main");
        }
        awaitAtLeast(h.hits.get("half"), 50);
        awaitAtLeast(h.hits.get("tenth"), 10);
        assertThat(h.hits("main")).isEqualTo(100);
        assertThat(h.hits("half")).isEqualTo(50);
        assertThat(h.hits("tenth")).isEqualTo(10);
        assertThat(h.hits("none")).isZero();
    }

    @Test
    void theMirrorGetsTheMethodPathQueryHeadersAndBody() throws Exception {
        Queue<String> main = new ConcurrentLinkedQueue<>();
        Queue<String> copy = new ConcurrentLinkedQueue<>();
        h.apply(mirroring("", recordingBackend("main", main), recordingBackend("copy", copy)));
        String body = "0123456789".repeat(50_000); // larger than the pooled buffers: read in several pieces
        HttpResponse<String> response = h.client.send(HttpRequest.newBuilder(h.uri("/up/load?a=1&b=%20"))
                .header("X-Trace", "t-1").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.body()).isEqualTo("main");
        awaitAtLeast(h.hits.get("copy"), 1);
        String expected = "POST /up/load?a=1&b=%20 t-1 " + body.length() + " " + body.hashCode() + " for=127.0.0.1";
        assertThat(main).containsExactly(expected);
        assertThat(copy).containsExactly(expected);
    }

    @Test
    void aBodyOverMaxBodySizeIsNotMirroredButReachesTheMainServiceWhole() throws Exception {
        Queue<String> main = new ConcurrentLinkedQueue<>();
        Queue<String> copy = new ConcurrentLinkedQueue<>();
        h.apply(mirroring("maxBodySize: 1000", recordingBackend("main", main), recordingBackend("copy", copy)));
        String large = "L".repeat(200_000);
        assertThat(h.post("/large", large).body()).isEqualTo("main");
        assertThat(h.post("/small", "s".repeat(1000)).body()).isEqualTo("main");
        awaitAtLeast(h.hits.get("copy"), 1);
        assertThat(main).containsExactly("POST /large? null 200000 " + large.hashCode(),
                "POST /small? null 1000 " + "s".repeat(1000).hashCode());
        assertThat(copy).containsExactly("POST /small? null 1000 " + "s".repeat(1000).hashCode());
    }

    @Test
    void mirrorBodyFalseSendsTheCopyWithoutItsBody() throws Exception {
        Queue<String> main = new ConcurrentLinkedQueue<>();
        Queue<String> copy = new ConcurrentLinkedQueue<>();
        h.apply(mirroring("mirrorBody: false", recordingBackend("main", main), recordingBackend("copy", copy)));
        assertThat(h.post("/p", "payload").body()).isEqualTo("main");
        awaitAtLeast(h.hits.get("copy"), 1);
        assertThat(main).containsExactly("POST /p? null 7 " + "payload".hashCode());
        assertThat(copy).containsExactly("POST /p? null 0 0");
    }

    @Test
    void aStuckMirrorNeverHoldsUpTheMainResponses() throws Exception {
        try (StuckServer stuck = new StuckServer()) {
            h.apply(mirroring("", h.backend("main"), stuck.url()));
            List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                HttpRequest request = i % 2 == 0
                        ? HttpRequest.newBuilder(h.uri("/g" + i)).build()
                        : HttpRequest.newBuilder(h.uri("/p" + i)).POST(HttpRequest.BodyPublishers.ofString("body " + i)).build();
                responses.add(h.client.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
            }
            for (CompletableFuture<HttpResponse<String>> response : responses) {
                assertThat(response.get().statusCode()).isEqualTo(200);
                assertThat(response.get().body()).isEqualTo("main");
            }
            assertThat(h.hits("main")).isEqualTo(300);
            // The stuck mirror got at most the bounded number of copies; the rest were dropped.
            assertThat(stuck.connections.get()).isLessThanOrEqualTo(MirroringService.DEFAULT_MAX_IN_FLIGHT);
        }
    }

    @Test
    void aFailingMirrorDoesNotChangeTheMainResponse() throws Exception {
        TestServer closed = TestServer.http(exchange -> { });
        String gone = closed.url();
        closed.close(); // connections to it are refused
        h.apply(mirroring("", h.backend("main"), gone));
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> response = h.post("/p", "b");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("main");
        }
    }

    @Test
    void copiesInFlightToAStuckMirrorAreBoundedAndTheRestDropped() throws Exception {
        try (StuckServer stuck = new StuckServer();
             TestServer mainBackend = TestServer.http(exchange -> exchange.getResponseSender().send("main"))) {
            LoadBalancedService main = LoadBalancedService.create("main",
                    new LoadBalancerConfig(List.of(ServerConfig.of(mainBackend.url())), true, null, null), null);
            LoadBalancedService mirror = LoadBalancedService.create("mirror",
                    new LoadBalancerConfig(List.of(ServerConfig.of(stuck.url())), true, null, null), null);
            MirroringService service = new MirroringService("shadowed", Child.of(main, 1),
                    List.of(new MirroringService.Mirror(new MirrorTarget("mirror", mirror), 100, 4)), true, -1, false);
            try (TestServer proxy = TestServer.http(service)) {
                for (int i = 0; i < 50; i++) {
                    HttpResponse<String> response = h.client.send(
                            HttpRequest.newBuilder(URI.create(proxy.url() + "/" + i)).build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(response.body()).isEqualTo("main");
                }
                assertThat(service.inFlight(0)).isEqualTo(4);
                assertThat(service.dropped(0)).isEqualTo(46);
                assertThat(service.completed(0)).isZero();
            } finally {
                main.close();
                mirror.close();
            }
        }
    }

    @Test
    void aMirrorWithoutServersDropsItsCopies() throws Exception {
        try (TestServer mainBackend = TestServer.http(exchange -> exchange.getResponseSender().send("main"))) {
            LoadBalancedService main = LoadBalancedService.create("main",
                    new LoadBalancerConfig(List.of(ServerConfig.of(mainBackend.url())), true, null, null), null);
            LoadBalancedService empty = LoadBalancedService.create("empty",
                    new LoadBalancerConfig(List.of(), true, null, null), null);
            MirroringService service = new MirroringService("shadowed", Child.of(main, 1),
                    List.of(new MirroringService.Mirror(new MirrorTarget("empty", empty), 100, 4)), true, -1, false);
            try (TestServer proxy = TestServer.http(service)) {
                for (int i = 0; i < 5; i++) {
                    assertThat(h.client.send(HttpRequest.newBuilder(URI.create(proxy.url() + "/")).build(),
                            HttpResponse.BodyHandlers.ofString()).body()).isEqualTo("main");
                }
                long deadline = System.nanoTime() + 30_000_000_000L;
                while (service.dropped(0) < 5 && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                assertThat(service.dropped(0)).isEqualTo(5);
            } finally {
                main.close();
            }
        }
    }

    /**
     * Copies to an https mirror go with the mirror service's serversTransport: its rootCAs or insecureSkipVerify let
     * them through; without either, the backend's certificate (from a private CA) is refused and the copies fail.
     */
    @Test
    void copiesToAnHttpsMirrorUseItsServersTransport(@TempDir Path dir) throws Exception {
        TestCertificates.Ca ca = TestCertificates.ca("Mirror CA");
        String caFile = ca.writePem(dir, "ca").toString();
        TestCertificates.Issued certificate = ca.issue("mirror", List.of("mirror.test"), List.of("127.0.0.1"),
                TestCertificates.KeyType.EC);
        AtomicInteger copies = new AtomicInteger();
        try (TestServer mainBackend = TestServer.http(exchange -> exchange.getResponseSender().send("main"));
             TestServer httpsMirror = TestServer.https(exchange -> {
                 copies.incrementAndGet();
                 exchange.getResponseSender().send("copy");
             }, certificate.sslContext(null), false, false)) {
            ServersTransportConfig trusting = new ServersTransportConfig(null, false, List.of(caFile), List.of(), 200,
                    ForwardingTimeouts.DEFAULTS, false);
            ServersTransportConfig insecure = new ServersTransportConfig(null, true, List.of(), List.of(), 200,
                    ForwardingTimeouts.DEFAULTS, false);
            assertThat(mirrorThreeRequests(mainBackend, httpsMirror, trusting)).isEqualTo("completed 3, failed 0");
            assertThat(mirrorThreeRequests(mainBackend, httpsMirror, insecure)).isEqualTo("completed 3, failed 0");
            assertThat(copies.get()).isEqualTo(6);
            assertThat(mirrorThreeRequests(mainBackend, httpsMirror, null)).isEqualTo("completed 0, failed 3");
            assertThat(copies.get()).isEqualTo(6);
        }
    }

    private String mirrorThreeRequests(TestServer mainBackend, TestServer mirrorBackend, ServersTransportConfig transport)
            throws Exception {
        LoadBalancedService main = LoadBalancedService.create("main",
                new LoadBalancerConfig(List.of(ServerConfig.of(mainBackend.url())), true, null, null), null);
        LoadBalancedService mirror = LoadBalancedService.create("mirror",
                new LoadBalancerConfig(List.of(ServerConfig.of(mirrorBackend.url())), true, null, null), transport);
        MirroringService service = new MirroringService("shadowed", Child.of(main, 1),
                List.of(new MirroringService.Mirror(new MirrorTarget("mirror", mirror), 100, 4)), true, -1, false);
        try (TestServer proxy = TestServer.http(service)) {
            for (int i = 0; i < 3; i++) {
                assertThat(h.client.send(HttpRequest.newBuilder(URI.create(proxy.url() + "/" + i)).build(),
                        HttpResponse.BodyHandlers.ofString()).body()).isEqualTo("main");
            }
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (service.completed(0) + service.failed(0) < 3 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            return "completed " + service.completed(0) + ", failed " + service.failed(0);
        } finally {
            main.close();
            mirror.close();
        }
    }
}
