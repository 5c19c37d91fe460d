package io.gatehouse.middleware.testing;

import io.gatehouse.core.config.EntryPointConfig;
import io.gatehouse.core.config.ForwardedHeadersConfig;
import io.gatehouse.core.middleware.Middleware;
import io.gatehouse.core.server.Gatehouse;
import io.gatehouse.core.testing.EchoHandler;
import io.gatehouse.core.testing.TestServer;
import io.undertow.server.HttpHandler;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/** A real Gatehouse (one IO thread) with one middleware "m" on a catch-all router in front of a backend. */
public final class ProxyFixture implements AutoCloseable {

    private final TestServer backend;
    private final Gatehouse gatehouse;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ProxyFixture(TestServer backend, Gatehouse gatehouse) {
        this.backend = backend;
        this.gatehouse = gatehouse;
    }

    /** An echo backend; X-Forwarded-* from the client trusted when {@code trustForwarded}. */
    public static ProxyFixture start(Middleware middleware, boolean trustForwarded) {
        return start(middleware, new EchoHandler("backend"), trustForwarded);
    }

    public static ProxyFixture start(Middleware middleware, HttpHandler backendHandler, boolean trustForwarded) {
        TestServer backend = TestServer.http(backendHandler);
        return start(middleware, backend, backend.url(), trustForwarded);
    }

    /** A backend speaking HTTP/2 with prior knowledge, reached as Traefik's {@code h2c://} (gRPC). */
    public static ProxyFixture startH2c(Middleware middleware, HttpHandler backendHandler) {
        TestServer backend = TestServer.h2c(backendHandler);
        return start(middleware, backend, "h2c://127.0.0.1:" + backend.port(), false);
    }

    private static ProxyFixture start(Middleware middleware, TestServer backend, String serverUrl, boolean trustForwarded) {
        EntryPointConfig entryPoint = new EntryPointConfig("127.0.0.1:0",
                new ForwardedHeadersConfig(trustForwarded, List.of()), null, null);
        Gatehouse gatehouse = Gatehouse.builder().ioThreads(1).entryPoint("web", entryPoint)
                .middleware("m", middleware)
                .service("backend", s -> s.server(serverUrl))
                .router("all", r -> r.rule("PathPrefix(`/`)").middlewares("m").service("backend"))
                .start();
        return new ProxyFixture(backend, gatehouse);
    }

    public int port() {
        return gatehouse.port("web");
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(20));
    }

    public HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder builder = request(path);
        if (headers.length > 0) {
            builder.headers(headers);
        }
        return send(builder);
    }

    public HttpClient client() {
        return client;
    }

    @Override
    public void close() {
        gatehouse.close();
        backend.close();
    }
}
