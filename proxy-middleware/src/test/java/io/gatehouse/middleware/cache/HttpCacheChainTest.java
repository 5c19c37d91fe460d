package io.gatehouse.middleware.cache;

import io.gatehouse.core.server.Gatehouse;
import io.gatehouse.core.testing.TestServer;
import io.gatehouse.middleware.paths.StripPrefix;
import io.undertow.util.DateUtils;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The cache inside a chain: headers set by an earlier middleware are not stored and not repeated on hits. */
@Timeout(60)
class HttpCacheChainTest {

    @Test
    void headersOfEarlierMiddlewaresAreNotStored() throws Exception {
        AtomicInteger hits = new AtomicInteger();
        HttpString marker = HttpString.tryFromString("X-Earlier");
        try (TestServer backend = TestServer.http(exchange -> {
            hits.incrementAndGet();
            exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "max-age=60");
            exchange.getResponseHeaders().put(HttpString.tryFromString("X-Server"), "s");
            exchange.getResponseSender().send("chain");
        })) {
            Gatehouse gatehouse = Gatehouse.builder().ioThreads(1).entryPoint("web", "127.0.0.1:0")
                    .middleware("earlier", next -> exchange -> {
                        exchange.getResponseHeaders().add(marker, "1");
                        next.handleRequest(exchange);
                    })
                    .middleware("cache", HttpCache.withDefaults())
                    .service("api", s -> s.server(backend.url()))
                    .router("api", r -> r.rule("PathPrefix(`/`)").middlewares("earlier", "cache").service("api"))
                    .start();
            try {
                HttpClient client = HttpClient.newHttpClient();
                HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gatehouse.port("web") + "/x")).build();
                HttpResponse<String> first = client.send(request, HttpResponse.BodyHandlers.ofString());
                HttpResponse<String> second = client.send(request, HttpResponse.BodyHandlers.ofString());
                assertThat(first.headers().allValues("X-Earlier")).containsExactly("1");
                assertThat(second.headers().allValues("X-Earlier")).containsExactly("1");
                assertThat(second.headers().allValues("X-Server")).containsExactly("s");
                assertThat(second.body()).isEqualTo("chain");
                assertThat(hits).hasValue(1);
            } finally {
                gatehouse.close();
            }
        }
    }

    @Test
    void aBackgroundRevalidationGoesThroughTheMiddlewaresAfterTheCache() throws Exception {
        MutableClock clock = new MutableClock();
        List<String> seen = new CopyOnWriteArrayList<>();
        AtomicInteger hits = new AtomicInteger();
        try (TestServer backend = TestServer.http(exchange -> {
            int hit = hits.incrementAndGet();
            seen.add(exchange.getRequestURI() + "?" + exchange.getQueryString() + " later="
                    + exchange.getRequestHeaders().getFirst("X-Later")
                    + " inm=" + exchange.getRequestHeaders().getFirst(Headers.IF_NONE_MATCH));
            exchange.getResponseHeaders().put(Headers.DATE, DateUtils.toDateString(new Date(clock.millis())));
            exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "max-age=1, stale-while-revalidate=60");
            exchange.getResponseHeaders().put(Headers.ETAG, "\"1\"");
            if (hit > 1) {
                exchange.setStatusCode(304);
                exchange.endExchange();
                return;
            }
            exchange.getResponseSender().send("page");
        })) {
            HttpCache cache = new HttpCache(HttpCacheConfig.DEFAULTS, clock);
            Gatehouse gatehouse = Gatehouse.builder().ioThreads(1).entryPoint("web", "127.0.0.1:0")
                    .middleware("cache", cache)
                    .middleware("strip", StripPrefix.of("/api"))
                    .middleware("later", next -> exchange -> {
                        exchange.getRequestHeaders().put(HttpString.tryFromString("X-Later"), "yes");
                        next.handleRequest(exchange);
                    })
                    .service("api", s -> s.server(backend.url()))
                    .router("api", r -> r.rule("PathPrefix(`/api`)").middlewares("cache", "strip", "later").service("api"))
                    .start();
            try {
                HttpClient client = HttpClient.newHttpClient();
                HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + gatehouse.port("web") + "/api/page?a=%2F")).build();
                assertThat(client.send(request, HttpResponse.BodyHandlers.ofString()).body()).isEqualTo("page");
                clock.advance(Duration.ofSeconds(5));
                HttpResponse<String> stale = client.send(request, HttpResponse.BodyHandlers.ofString());
                assertThat(stale.body()).isEqualTo("page");
                assertThat(stale.headers().firstValue("Cache-Status").orElseThrow()).endsWith("detail=stale-while-revalidate");
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (!cache.inFlight.isEmpty() || hits.get() < 2) {
                    assertThat(System.nanoTime()).as("revalidated within 30s").isLessThan(deadline);
                    Thread.sleep(5);
                }
                assertThat(seen).containsExactly("/page?a=%2F later=yes inm=null", "/page?a=%2F later=yes inm=\"1\"");
                HttpResponse<String> fresh = client.send(request, HttpResponse.BodyHandlers.ofString());
                assertThat(fresh.headers().firstValue("Cache-Status")).contains("gatehouse; hit; ttl=1");
                assertThat(hits).hasValue(2);
            } finally {
                gatehouse.close();
            }
        }
    }
}
