package io.gatehouse.middleware.cache;

import io.undertow.server.HttpHandler;
import io.undertow.util.Headers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static io.gatehouse.middleware.cache.CacheFixture.respond;
import static io.gatehouse.middleware.cache.CacheFixture.status;
import static org.assertj.core.api.Assertions.assertThat;

/** Request coalescing and stale-while-revalidate: behaviour under concurrent requests, by counts only. */
@Timeout(60)
class HttpCacheConcurrencyTest {

    private CacheFixture f;
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void close() {
        release.countDown();
        if (f != null) {
            f.close();
        }
    }

    /** Holds every backend request (on a worker thread) until the test releases them. */
    private HttpHandler held(HttpHandler then) {
        return exchange -> exchange.dispatch(() -> {
            try {
                release.await(30, TimeUnit.SECONDS);
                then.handleRequest(exchange);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private int waiting() {
        return f.cache.inFlight.values().stream().mapToInt(Flight::waiting).sum();
    }

    private static void awaitUntil(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached in 30s");
            }
            Thread.sleep(5);
        }
    }

    private List<CompletableFuture<HttpResponse<String>>> concurrentGets(String path, int n) {
        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            responses.add(f.client.sendAsync(f.request(path).build(), HttpResponse.BodyHandlers.ofString()));
        }
        return responses;
    }

    @Test
    void concurrentMissesForOneUriReachTheServerOnce() throws Exception {
        f = new CacheFixture();
        f.behaviour = held(respond(200, "once", "Cache-Control", "max-age=60"));
        List<CompletableFuture<HttpResponse<String>>> responses = concurrentGets("/co", 10);
        awaitUntil(() -> f.hits.get() == 1 && waiting() == 9);
        release.countDown();
        for (CompletableFuture<HttpResponse<String>> r : responses) {
            assertThat(r.get(30, TimeUnit.SECONDS).body()).isEqualTo("once");
        }
        assertThat(f.hits).hasValue(1);
        long hits = responses.stream().filter(r -> status(r.join()).startsWith("gatehouse; hit")).count();
        assertThat(hits).isEqualTo(9);
    }

    @Test
    void whenTheLeadersResponseIsNotStorableEveryWaiterGoesToTheServer() throws Exception {
        f = new CacheFixture();
        f.behaviour = held(respond(200, "mine", "Cache-Control", "no-store"));
        List<CompletableFuture<HttpResponse<String>>> responses = concurrentGets("/nst", 5);
        awaitUntil(() -> f.hits.get() == 1 && waiting() == 4);
        release.countDown();
        for (CompletableFuture<HttpResponse<String>> r : responses) {
            assertThat(r.get(30, TimeUnit.SECONDS).body()).isEqualTo("mine");
        }
        assertThat(f.hits).hasValue(5);
    }

    @Test
    void waitersAreBounded() throws Exception {
        f = new CacheFixture(HttpCacheConfig.DEFAULTS.withMaxWaiters(2));
        f.behaviour = held(respond(200, "b", "Cache-Control", "max-age=60"));
        List<CompletableFuture<HttpResponse<String>>> responses = concurrentGets("/bound", 5);
        awaitUntil(() -> f.hits.get() == 3 && waiting() == 2);
        release.countDown();
        for (CompletableFuture<HttpResponse<String>> r : responses) {
            assertThat(r.get(30, TimeUnit.SECONDS).body()).isEqualTo("b");
        }
        assertThat(f.hits).hasValue(3);
    }

    @Test
    void coalescingOffSendsEveryMissToTheServer() throws Exception {
        f = new CacheFixture(HttpCacheConfig.DEFAULTS.withMaxWaiters(0));
        f.behaviour = held(respond(200, "b", "Cache-Control", "max-age=60"));
        List<CompletableFuture<HttpResponse<String>>> responses = concurrentGets("/off", 3);
        awaitUntil(() -> f.hits.get() == 3);
        release.countDown();
        for (CompletableFuture<HttpResponse<String>> r : responses) {
            assertThat(r.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void staleWhileRevalidateAnswersAtOnceAndRevalidatesInTheBackground() throws Exception {
        f = new CacheFixture();
        f.behaviour = respond(200, "v1", "Cache-Control", "max-age=1, stale-while-revalidate=60", "ETag", "\"1\"",
                "X-Version", "1");
        f.get("/swr");
        f.clock.advance(Duration.ofSeconds(5));
        f.behaviour = held(respond(304, "", "Cache-Control", "max-age=100, stale-while-revalidate=60", "ETag", "\"1\"",
                "X-Version", "2"));

        // the origin is held until the latch opens: the client's answer cannot have waited for it
        HttpResponse<String> stale = f.get("/swr");
        assertThat(stale.body()).isEqualTo("v1");
        assertThat(status(stale)).isEqualTo("gatehouse; hit; ttl=-4; detail=stale-while-revalidate");
        assertThat(stale.headers().firstValue("Age")).contains("5");
        assertThat(stale.headers().firstValue("X-Version")).contains("1");
        awaitUntil(() -> f.hits.get() == 2);
        assertThat(f.requests.get(1).getFirst(Headers.IF_NONE_MATCH)).isEqualTo("\"1\"");
        assertThat(f.requests.get(1).getFirst(Headers.CONNECTION)).isNull(); // the proxy's own connection to the origin
        for (String forwarded : List.of("X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host", "X-Real-Ip", "Host")) {
            // the server sees the revalidation as coming from the client that found the response stale
            assertThat(f.requests.get(1).get(forwarded)).as(forwarded).isNotNull()
                    .containsExactlyElementsOf(f.requests.get(0).get(forwarded));
        }

        // more requests meanwhile: stale at once too, and no second revalidation
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> again = f.get("/swr");
            assertThat(again.body()).isEqualTo("v1");
            assertThat(status(again)).endsWith("detail=stale-while-revalidate");
        }
        assertThat(f.hits).hasValue(2);
        assertThat(release.getCount()).isEqualTo(1);

        release.countDown();
        awaitUntil(() -> f.cache.inFlight.isEmpty());
        HttpResponse<String> refreshed = f.get("/swr");
        assertThat(status(refreshed)).isEqualTo("gatehouse; hit; ttl=100");
        assertThat(refreshed.body()).isEqualTo("v1"); // a 304 keeps the body and refreshes the headers
        assertThat(refreshed.headers().firstValue("X-Version")).contains("2");
        assertThat(f.hits).hasValue(2);
    }

    @Test
    void aBackgroundRevalidationThatGetsANewResponseReplacesTheStoredOne() throws Exception {
        f = new CacheFixture();
        f.behaviour = respond(200, "v1", "Cache-Control", "max-age=1, stale-while-revalidate=60",
                "Last-Modified", "Sat, 01 Jan 2000 00:00:00 GMT");
        f.get("/swr-new?q=1");
        f.clock.advance(Duration.ofSeconds(5));
        f.behaviour = held(respond(200, "v2", "Cache-Control", "max-age=100"));
        assertThat(f.get("/swr-new?q=1").body()).isEqualTo("v1");
        awaitUntil(() -> f.hits.get() == 2);
        assertThat(f.requests.get(1).getFirst(Headers.IF_MODIFIED_SINCE)).isEqualTo("Sat, 01 Jan 2000 00:00:00 GMT");
        assertThat(f.requests.get(1).getFirst(Headers.HOST)).isEqualTo("127.0.0.1:" + f.port());
        release.countDown();
        awaitUntil(() -> f.cache.inFlight.isEmpty());
        HttpResponse<String> replaced = f.get("/swr-new?q=1");
        assertThat(replaced.body()).isEqualTo("v2");
        assertThat(status(replaced)).isEqualTo("gatehouse; hit; ttl=100");
        assertThat(f.hits).hasValue(2);
    }

    @Test
    void aFailedBackgroundRevalidationKeepsTheStaleResponseWithinTheWindow() throws Exception {
        f = new CacheFixture();
        f.behaviour = respond(200, "v1", "Cache-Control", "max-age=1, stale-while-revalidate=60", "ETag", "\"1\"");
        f.get("/swr-fail");
        f.clock.advance(Duration.ofSeconds(5));
        f.behaviour = held(respond(503, "down"));
        assertThat(f.get("/swr-fail").body()).isEqualTo("v1");
        awaitUntil(() -> f.hits.get() == 2);
        release.countDown();
        awaitUntil(() -> f.cache.inFlight.isEmpty());
        HttpResponse<String> stillStale = f.get("/swr-fail");
        assertThat(stillStale.body()).isEqualTo("v1");
        assertThat(status(stillStale)).isEqualTo("gatehouse; hit; ttl=-4; detail=stale-while-revalidate");
        awaitUntil(() -> f.hits.get() == 3); // that request started the next try
        awaitUntil(() -> f.cache.inFlight.isEmpty());

        f.stopBackend(); // unreachable (the proxy's own 502): kept as well
        assertThat(f.get("/swr-fail").body()).isEqualTo("v1");
        awaitUntil(() -> f.cache.inFlight.isEmpty());
        assertThat(f.get("/swr-fail").body()).isEqualTo("v1");

        f.clock.advance(Duration.ofSeconds(60)); // past the window: the stale response is not served any more
        HttpResponse<String> past = f.get("/swr-fail");
        assertThat(past.statusCode()).isEqualTo(502);
    }

    @Test
    void pastTheStaleWhileRevalidateWindowRequestsWait() throws Exception {
        f = new CacheFixture();
        f.behaviour = respond(200, "v1", "Cache-Control", "max-age=1, stale-while-revalidate=10");
        f.get("/swr2");
        f.clock.advance(Duration.ofSeconds(30));
        f.get("/swr2");
        assertThat(f.hits).hasValue(2);
    }
}
