package io.gatehouse.examples.embedded;

import io.gatehouse.core.server.Gatehouse;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.predicate.Predicates;
import io.undertow.server.HttpHandler;
import io.undertow.util.Headers;

import java.net.InetSocketAddress;

/**
 * An application that serves its own endpoints and proxies everything under /api to a backend,
 * through two middlewares written in code. It owns its Undertow server and mounts Gatehouse's
 * handler for /api.
 */
public final class EmbeddedApp implements AutoCloseable {

    private final Gatehouse gatehouse;
    private final Undertow server;

    public EmbeddedApp(String host, int port, String backendUrl) {
        this.gatehouse = Gatehouse.builder()
                .middleware("request-id", new RequestIdMiddleware("embedded"))
                .middleware("strip-api", new StripPrefixMiddleware("/api"))
                .service("backend", s -> s.server(backendUrl))
                .router("api", r -> r.rule("PathPrefix(`/api`)").middlewares("request-id", "strip-api").service("backend"))
                .build();
        HttpHandler ownEndpoints = Handlers.path()
                .addExactPath("/hello", exchange -> {
                    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
                    exchange.getResponseSender().send("hello from the app itself\n");
                });
        HttpHandler root = Handlers.predicate(Predicates.prefix("/api"), gatehouse.handler(), ownEndpoints);
        this.server = Undertow.builder()
                .addHttpListener(port, host, root)
                // Gatehouse routes on the raw path and decodes it itself.
                .setServerOption(UndertowOptions.DECODE_URL, false)
                .build();
    }

    public EmbeddedApp start() {
        server.start();
        return this;
    }

    public int port() {
        return ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    @Override
    public void close() {
        server.stop();
        gatehouse.close();
    }

    public static void main(String[] args) {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
        DemoBackend backend = DemoBackend.start("127.0.0.1", 0);
        EmbeddedApp app = new EmbeddedApp("127.0.0.1", port, backend.url()).start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            backend.close();
        }));
        System.out.println("Embedded app on http://127.0.0.1:" + app.port());
        System.out.println("  its own endpoint:     curl -i http://127.0.0.1:" + app.port() + "/hello");
        System.out.println("  proxied to a backend: curl -i http://127.0.0.1:" + app.port() + "/api/orders");
    }
}
