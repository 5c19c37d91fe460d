package io.gatehouse.middleware.testing;

import io.gatehouse.core.config.ConfigException;
import io.gatehouse.core.config.DynamicConfig;
import io.gatehouse.core.config.EntryPointConfig;
import io.gatehouse.core.config.ForwardedHeadersConfig;
import io.gatehouse.core.config.MiddlewareConfig;
import io.gatehouse.core.config.decode.ConfigDecoder;
import io.gatehouse.core.config.decode.Format;
import io.gatehouse.core.middleware.Middleware;
import io.gatehouse.core.middleware.MiddlewareContext;
import io.gatehouse.core.middleware.MiddlewareType;
import io.gatehouse.core.middleware.MiddlewareTypes;
import io.gatehouse.core.server.Gatehouse;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

/** A real backend behind a real Gatehouse with one middleware, for the traffic middlewares' tests. */
public final class TrafficTestProxy implements AutoCloseable {

    private final Undertow backend;
    private final Gatehouse gatehouse;
    private final HttpClient client = HttpClient.newHttpClient();

    private TrafficTestProxy(Undertow backend, Gatehouse gatehouse) {
        this.backend = backend;
        this.gatehouse = gatehouse;
    }

    public static TrafficTestProxy start(Middleware middleware, HttpHandler backendHandler) {
        Undertow backend = Undertow.builder().setIoThreads(1).setWorkerThreads(4)
                .addHttpListener(0, "127.0.0.1", backendHandler).build();
        backend.start();
        int backendPort = ((InetSocketAddress) backend.getListenerInfo().get(0).getAddress()).getPort();
        return start(middleware, "http://127.0.0.1:" + backendPort, backend);
    }

    /** A proxy in front of a URL this harness does not own (a closed port, WireMock ...). */
    public static TrafficTestProxy start(Middleware middleware, String backendUrl) {
        return start(middleware, backendUrl, null);
    }

    /** A proxy in front of several servers of one service (round robin). */
    public static TrafficTestProxy startWithServers(Middleware middleware, String... backendUrls) {
        return start(middleware, backendUrls, null);
    }

    private static TrafficTestProxy start(Middleware middleware, String backendUrl, Undertow backend) {
        return start(middleware, new String[] {backendUrl}, backend);
    }

    private static TrafficTestProxy start(Middleware middleware, String[] backendUrls, Undertow backend) {
        Gatehouse gatehouse = Gatehouse.builder().ioThreads(1)
                // loopback clients are trusted, so tests can send X-Forwarded-For as a front proxy would
                .entryPoint("web", new EntryPointConfig("127.0.0.1:0",
                        new ForwardedHeadersConfig(false, List.of("127.0.0.1")), null, null))
                .middleware("m", middleware)
                .service("backend", s -> {
                    for (String url : backendUrls) {
                        s.server(url);
                    }
                })
                .router("all", r -> r.rule("PathPrefix(`/`)").middlewares("m").service("backend"))
                .start();
        return new TrafficTestProxy(backend, gatehouse);
    }

    public int port() {
        return gatehouse.port("web");
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    public HttpClient client() {
        return client;
    }

    public HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        gatehouse.close();
        if (backend != null) {
            backend.stop();
        }
    }

    /** Decodes a YAML document and builds its middleware {@code name} through its registered type. */
    public static Middleware middlewareFromYaml(String yaml, String name) throws ConfigException {
        DynamicConfig config = ConfigDecoder.create().decode(yaml, Format.YAML, "test.yml").orThrow();
        return build(config, name);
    }

    /** Builds middleware {@code name} of a decoded configuration through its registered type. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static Middleware build(DynamicConfig config, String name) throws ConfigException {
        MiddlewareConfig middleware = config.http().middlewares().get(name);
        if (middleware == null) {
            throw new IllegalArgumentException("no middleware " + name + " in " + config.http().middlewares().keySet());
        }
        MiddlewareType type = MiddlewareTypes.load().find(middleware.type()).orElseThrow();
        return type.create(middleware.config(), MiddlewareContext.named(name));
    }
}
