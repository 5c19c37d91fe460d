package io.gatehouse.middleware.cache;

import io.gatehouse.core.server.Gatehouse;
import io.gatehouse.core.testing.TestServer;
import io.undertow.server.HttpHandler;
import io.undertow.util.DateUtils;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real Gatehouse with an {@link HttpCache} in front of a scripted backend that counts the requests it gets and
 * keeps their headers.
 */
final class CacheFixture implements AutoCloseable {

    final MutableClock clock = new MutableClock();
    final HttpCache cache;
    final AtomicInteger hits = new AtomicInteger();
    final List<HeaderMap> requests = new CopyOnWriteArrayList<>();
    volatile HttpHandler behaviour = respond(200, "hello", "Cache-Control", "max-age=60");
    private final TestServer backend;
    private final Gatehouse gatehouse;
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    CacheFixture() {
        this(HttpCacheConfig.DEFAULTS);
    }

    CacheFixture(HttpCacheConfig config) {
        cache = new HttpCache(config, clock);
        backend = TestServer.http(exchange -> {
            hits.incrementAndGet();
            HeaderMap copy = new HeaderMap();
            exchange.getRequestHeaders().forEach(h -> copy.addAll(h.getHeaderName(), h));
            requests.add(copy);
            // the origin's Date on the test's clock (a behaviour may set its own)
            exchange.getResponseHeaders().put(Headers.DATE, DateUtils.toDateString(new Date(clock.millis())));
            behaviour.handleRequest(exchange);
        });
        gatehouse = Gatehouse.builder().ioThreads(1).entryPoint("web", "127.0.0.1:0")
                .middleware("cache", cache)
                .service("api", s -> s.server(backend.url()))
                .router("api", r -> r.rule("PathPrefix(`/`)").middlewares("cache").service("api"))
                .start();
    }

    /** A fixed response: status, body and header name/value pairs. */
    static HttpHandler respond(int status, String body, String... headers) {
        return exchange -> {
            exchange.setStatusCode(status);
            for (int i = 0; i < headers.length; i += 2) {
                HttpString name = HttpString.tryFromString(headers[i]);
                if (name.equals(Headers.DATE)) {
                    exchange.getResponseHeaders().remove(name);
                }
                exchange.getResponseHeaders().add(name, headers[i + 1]);
            }
            exchange.getResponseSender().send(body);
        };
    }

    int port() {
        return gatehouse.port("web");
    }

    void stopBackend() {
        backend.close();
    }

    HttpRequest.Builder request(String path, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path))
                .timeout(Duration.ofSeconds(20));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return b;
    }

    HttpResponse<String> get(String path, String... headers) throws Exception {
        return client.send(request(path, headers).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> send(String method, String path, String... headers) throws Exception {
        return client.send(request(path, headers).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static String status(HttpResponse<?> response) {
        return response.headers().firstValue("Cache-Status").orElse(null);
    }

    HeaderMap lastRequest() {
        return requests.get(requests.size() - 1);
    }

    @Override
    public void close() {
        gatehouse.close();
        backend.close();
    }
}
