package io.gatehouse.middleware.testing;

import io.gatehouse.core.config.EntryPointConfig;
import io.gatehouse.core.config.ForwardedHeadersConfig;
import io.gatehouse.core.middleware.Middleware;
import io.gatehouse.core.server.Gatehouse;
import io.gatehouse.core.testing.EchoHandler;
import io.gatehouse.core.testing.RawHttp;
import io.gatehouse.core.testing.TestServer;
import io.undertow.server.HttpHandler;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

/**
 * A real Gatehouse with one router (every path) through one middleware to a real backend (an
 * {@link EchoHandler} unless given), for end-to-end middleware tests.
 */
public final class ProxiedMiddleware implements AutoCloseable {

    private final TestServer backend;
    private final Gatehouse gatehouse;
    private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private ProxiedMiddleware(Middleware middleware, HttpHandler backendHandler, EntryPointConfig entryPoint) {
        this.backend = TestServer.http(backendHandler);
        Gatehouse started;
        try {
            started = Gatehouse.builder().ioThreads(1)
                    .entryPoint("web", entryPoint)
                    .middleware("m", middleware)
                    .service("backend", s -> s.server(backend.url()))
                    .router("all", r -> r.rule("PathPrefix(`/`)").middlewares("m").service("backend"))
                    .start();
        } catch (RuntimeException e) {
            backend.close();
            throw e;
        }
        this.gatehouse = started;
    }

    /** The middleware in front of an echo backend. */
    public static ProxiedMiddleware start(Middleware middleware) {
        return start(middleware, new EchoHandler("backend"));
    }

    public static ProxiedMiddleware start(Middleware middleware, HttpHandler backend) {
        return new ProxiedMiddleware(middleware, backend, EntryPointConfig.of("127.0.0.1:0"));
    }

    /** An entry point that trusts every client's X-Forwarded-* headers (as behind a trusted proxy). */
    public static ProxiedMiddleware behindTrustedProxy(Middleware middleware) {
        return new ProxiedMiddleware(middleware, new EchoHandler("backend"),
                new EntryPointConfig("127.0.0.1:0", new ForwardedHeadersConfig(true, List.of()), null, null));
    }

    public int port() {
        return gatehouse.port("web");
    }

    /** A request with the JDK client; headers as name, value pairs. */
    public HttpResponse<String> send(String method, String pathAndQuery, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + pathAndQuery))
                .method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> get(String pathAndQuery, String... headers) throws IOException, InterruptedException {
        return send("GET", pathAndQuery, headers);
    }

    /** A hand-written request (any Host header, any target): {@code "GET /x HTTP/1.1\r\nHost: a\r\n\r\n"}. */
    public RawHttp.Response raw(String request) throws IOException {
        return RawHttp.exchange(port(), request);
    }

    /** GET with a given Host header and extra header lines ("Name: value"). */
    public RawHttp.Response rawGet(String host, String target, String... headerLines) throws IOException {
        StringBuilder request = new StringBuilder("GET ").append(target).append(" HTTP/1.1\r\nHost: ").append(host).append("\r\n");
        for (String line : headerLines) {
            request.append(line).append("\r\n");
        }
        request.append("Connection: close\r\n\r\n");
        return raw(request.toString());
    }

    @Override
    public void close() {
        try {
            gatehouse.close();
        } finally {
            backend.close();
        }
    }
}
