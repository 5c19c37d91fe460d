package io.gatehouse.core.server;

import io.gatehouse.core.config.EntryPointConfig;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.BlockingHandler;
import io.undertow.util.Headers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(60)
class GatehouseTest {

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final HttpClient client = HttpClient.newHttpClient();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private String backend(String name) {
        return backend(exchange -> exchange.getResponseSender().send(name + " " + exchange.getRequestURI()));
    }

    private String backend(HttpHandler handler) {
        Undertow server = Undertow.builder().setIoThreads(1).addHttpListener(0, "127.0.0.1", handler).build();
        server.start();
        toClose.add(server::stop);
        return "http://127.0.0.1:" + ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    private Gatehouse started(GatehouseBuilder builder) {
        Gatehouse gatehouse = builder.start();
        toClose.add(gatehouse);
        return gatehouse;
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void routesByRuleAndAnswers404WhenNothingMatches() throws Exception {
        Gatehouse gatehouse = started(Gatehouse.builder().ioThreads(1)
                .entryPoint("web", "127.0.0.1:0")
                .service("api", s -> s.server(backend("api")))
                .service("site", s -> s.server(backend("site")))
                .router("api", r -> r.rule("PathPrefix(`/api`)").service("api"))
                .router("site", r -> r.rule("Path(`/`) || PathPrefix(`/site`)").service("site")));
        int port = gatehouse.port("web");
        assertThat(get(port, "/api/x").body()).isEqualTo("api /api/x");
        assertThat(get(port, "/site/page").body()).isEqualTo("site /site/page");
        HttpResponse<String> missing = get(port, "/other");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).isEqualTo("Not Found\n");
        assertThat(gatehouse.errors()).isEmpty();
    }

    @Test
    void composesRouterMiddlewaresInOrderOnce() throws Exception {
        List<String> wrapped = new ArrayList<>();
        Gatehouse gatehouse = started(Gatehouse.builder().ioThreads(1)
                .entryPoint("web", "127.0.0.1:0")
                .middleware("first", next -> {
                    wrapped.add("first");
                    return exchange -> {
                        exchange.getResponseHeaders().add(Headers.VARY, "first");
                        next.handleRequest(exchange);
                    };
                })
                .middleware("second", next -> {
                    wrapped.add("second");
                    return exchange -> {
                        exchange.getResponseHeaders().add(Headers.VARY, "second");
                        next.handleRequest(exchange);
                    };
                })
                .service("api", s -> s.server(backend("api")))
                .router("api", r -> r.rule("PathPrefix(`/`)").middlewares("first", "second").service("api")));
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> response = get(gatehouse.port("web"), "/x");
            assertThat(response.headers().allValues("Vary")).containsExactly("first", "second");
        }
        // Built when the configuration was built, innermost first; never per request.
        assertThat(wrapped).containsExactly("second", "first");
    }

    @Test
    void aRouterWithABadRuleIsLeftOutAndReportedWhileTheOthersServe() throws Exception {
        Gatehouse gatehouse = started(Gatehouse.builder().ioThreads(1)
                .entryPoint("web", "127.0.0.1:0")
                .service("api", s -> s.server(backend("api")))
                .router("broken", r -> r.rule("PathPrefix(`/api`").service("api"))
                .router("unknown-service", r -> r.rule("PathPrefix(`/x`)").service("nope"))
                .router("unknown-middleware", r -> r.rule("PathPrefix(`/y`)").middlewares("ghost").service("api"))
                .router("good", r -> r.rule("PathPrefix(`/good`)").service("api")));
        assertThat(gatehouse.errors()).extracting(e -> e.path()).containsExactly(
                "http.routers.broken@code.rule", "http.routers.unknown-service@code.service",
                "http.routers.unknown-middleware@code.middlewares[0]");
        assertThat(gatehouse.errors().get(1).message()).contains("no such service").contains("api");
        assertThat(get(gatehouse.port("web"), "/good").body()).isEqualTo("api /good");
        assertThat(get(gatehouse.port("web"), "/api").statusCode()).isEqualTo(404);
    }

    @Test
    void routersBindToTheirEntryPointsAndUnknownEntryPointsAreReported() throws Exception {
        Gatehouse gatehouse = started(Gatehouse.builder().ioThreads(1)
                .entryPoint("web", "127.0.0.1:0")
                .entryPoint("admin", "127.0.0.1:0")
                .service("api", s -> s.server(backend("api")))
                .router("admin-only", r -> r.rule("PathPrefix(`/`)").entryPoints("admin", "typo").service("api")));
        assertThat(get(gatehouse.port("admin"), "/a").statusCode()).isEqualTo(200);
        assertThat(get(gatehouse.port("web"), "/a").statusCode()).isEqualTo(404);
        assertThat(gatehouse.errors()).singleElement()
                .satisfies(e -> assertThat(e.path()).isEqualTo("http.routers.admin-only@code.entryPoints[1]"));
    }

    @Test
    void handlerMountsRoutingInTheAppsOwnServer() throws Exception {
        Gatehouse gatehouse = Gatehouse.builder()
                .service("api", s -> s.server(backend("api")))
                .router("api", r -> r.rule("PathPrefix(`/api`)").service("api"))
                .build();
        toClose.add(gatehouse);
        Undertow app = Undertow.builder().setIoThreads(1)
                .addHttpListener(0, "127.0.0.1", gatehouse.handler())
                .setServerOption(UndertowOptions.DECODE_URL, false)
                .build();
        app.start();
        toClose.add(app::stop);
        int port = ((InetSocketAddress) app.getListenerInfo().get(0).getAddress()).getPort();
        assertThat(get(port, "/api/v1").body()).isEqualTo("api /api/v1");
        assertThat(get(port, "/web").statusCode()).isEqualTo(404);
    }

    @Test
    void aPortInUseIsAClearError() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            GatehouseBuilder builder = Gatehouse.builder().ioThreads(1).entryPoint("web", "127.0.0.1:" + taken.getLocalPort());
            assertThatThrownBy(builder::start)
                    .isInstanceOf(GatehouseException.class)
                    .hasMessageContaining("entry point 'web' cannot listen on 127.0.0.1:" + taken.getLocalPort());
        }
    }

    @Test
    void aBadEntryPointAddressIsAClearError() {
        GatehouseBuilder builder = Gatehouse.builder().ioThreads(1).entryPoint("web", "nonsense");
        assertThatThrownBy(builder::start)
                .isInstanceOf(GatehouseException.class)
                .hasMessageContaining("entryPoints.web.address");
    }

    @Test
    void builderRejectsDuplicateAndBadNames() {
        GatehouseBuilder builder = Gatehouse.builder().service("api", s -> s.server("http://127.0.0.1:1"));
        assertThatThrownBy(() -> builder.service("api", s -> s.server("http://127.0.0.1:2")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'api' is defined twice");
        assertThatThrownBy(() -> builder.router("", r -> r.rule("Path(`/`)")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.router("a@file", r -> r.rule("Path(`/`)")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("@");
        assertThatThrownBy(() -> builder.ioThreads(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void closeLetsInFlightRequestsFinishAndRefusesNewConnections() throws Exception {
        CountDownLatch requestArrived = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        String slow = backend(new BlockingHandler(exchange -> {
            requestArrived.countDown();
            release.await(30, TimeUnit.SECONDS);
            exchange.getResponseSender().send("finished");
        }));
        Gatehouse gatehouse = Gatehouse.builder().ioThreads(1)
                .entryPoint("web", new EntryPointConfig("127.0.0.1:0", null, null, Duration.ofSeconds(30)))
                .service("slow", s -> s.server(slow))
                .router("slow", r -> r.rule("PathPrefix(`/`)").service("slow"))
                .start();
        int port = gatehouse.port("web");
        CompletableFuture<HttpResponse<String>> inFlight = client.sendAsync(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/work")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(requestArrived.await(10, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Void> closing = CompletableFuture.runAsync(gatehouse::close);
        waitUntilRefused(port);
        assertThat(closing).isNotDone();

        release.countDown();
        assertThat(inFlight.get(10, TimeUnit.SECONDS).body()).isEqualTo("finished");
        closing.get(10, TimeUnit.SECONDS);
    }

    @Test
    void closeIsBoundedByGraceTimeOut() throws Exception {
        CountDownLatch requestArrived = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        toClose.add(never::countDown);
        String stuck = backend(new BlockingHandler(exchange -> {
            requestArrived.countDown();
            never.await(60, TimeUnit.SECONDS);
        }));
        Gatehouse gatehouse = Gatehouse.builder().ioThreads(1)
                .entryPoint("web", new EntryPointConfig("127.0.0.1:0", null, null, Duration.ofMillis(200)))
                .service("stuck", s -> s.server(stuck))
                .router("stuck", r -> r.rule("PathPrefix(`/`)").service("stuck"))
                .start();
        client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gatehouse.port("web") + "/")).build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(requestArrived.await(10, TimeUnit.SECONDS)).isTrue();
        // Returns although the request never finishes: the class-level @Timeout fails the test otherwise.
        gatehouse.close();
    }

    private static void waitUntilRefused(int port) throws InterruptedException {
        for (int attempt = 0; attempt < 500; attempt++) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            } catch (ConnectException refused) {
                return;
            } catch (IOException other) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the entry point still accepts connections while draining");
    }
}
