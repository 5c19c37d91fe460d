package io.gatehouse.middleware.cache;

import io.gatehouse.middleware.testing.HostileConfig;
import io.gatehouse.middleware.testing.ProxiedMiddleware;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile traffic for httpCache's stale-while-revalidate and revalidation, written from docs/middlewares/httpcache.md
 * (RFC 9111, RFC 5861) only. Time in the cache is moved with a clock; the origin counts its hits.
 */
@Timeout(90)
class HttpCacheRevalidationAdversarialTest {

    private static final String SWR = "max-age=1, stale-while-revalidate=600";

    /** A clock the test moves forward. */
    static final class MovableClock extends Clock {
        private final AtomicReference<Instant> now = new AtomicReference<>(Instant.now());

        void advance(Duration d) {
            now.updateAndGet(i -> i.plus(d));
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }

    interface Responder {
        void respond(int hit, HttpServerExchange exchange) throws Exception;
    }

    /** The origin: counts hits, records each request's headers, answers with the scripted responder. */
    static final class Origin implements HttpHandler {
        final AtomicInteger hits = new AtomicInteger();
        final Queue<Map<String, String>> requests = new ConcurrentLinkedQueue<>();
        final Responder responder;

        Origin(Responder responder) {
            this.responder = responder;
        }

        @Override
        public void handleRequest(HttpServerExchange exchange) throws Exception {
            if (exchange.isInIoThread()) {
                exchange.dispatch(this);
                return;
            }
            exchange.startBlocking();
            Map<String, String> headers = new java.util.HashMap<>();
            exchange.getRequestHeaders().forEach(h -> headers.put(h.getHeaderName().toString().toLowerCase(), h.getFirst()));
            requests.add(headers);
            responder.respond(hits.incrementAndGet(), exchange);
        }

        Map<String, String> request(int hit) {
            return new ArrayList<>(requests).get(hit - 1);
        }
    }

    private static void answer(HttpServerExchange exchange, int status, String body, String... headers) {
        exchange.setStatusCode(status);
        for (int i = 0; i < headers.length; i += 2) {
            exchange.getResponseHeaders().add(HttpString.tryFromString(headers[i]), headers[i + 1]);
        }
        exchange.getResponseSender().send(body);
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(condition.getAsBoolean()).as(what).isTrue();
    }

    private static String cacheStatus(HttpResponse<?> response) {
        return String.join(", ", response.headers().allValues("Cache-Status"));
    }

    private static HttpCache cache(MovableClock clock) {
        return new HttpCache(HttpCacheConfig.DEFAULTS, clock);
    }

    // ---------------------------------------------------------------- configuration

    @Test
    void hostileOptionsAreRejectedNamingTheOption() {
        HostileConfig.assertRejected("httpCache", "maxSizeBytes", "maxSizeBytes: 1023");
        HostileConfig.assertRejected("httpCache", "maxSizeBytes", "maxSizeBytes: 99999999999999999999");
        HostileConfig.assertRejected("httpCache", "maxEntryBytes", "maxEntryBytes: 0");
        HostileConfig.assertRejected("httpCache", "maxEntryBytes", "maxSizeBytes: 2048\nmaxEntryBytes: 4096");
        HostileConfig.assertRejected("httpCache", "heuristicMaxTtl", "heuristicMaxTtl: -1s");
        HostileConfig.assertRejected("httpCache", "heuristicMaxTtl", "heuristicMaxTtl: forever");
        HostileConfig.assertRejected("httpCache", "cacheStatusName", "cacheStatusName: \"\"");
        HostileConfig.assertRejected("httpCache", "cacheStatusName", "cacheStatusName: " + HostileConfig.quoted("edge\r\nX-Evil: 1"));
        HostileConfig.assertRejected("httpCache", "cacheStatusName", "cacheStatusName: \"1edge\"");
        HostileConfig.assertRejected("httpCache", "cacheStatusName", "cacheStatusName: \"édge\"");
        HostileConfig.assertRejected("httpCache", "maxWaiters", "maxWaiters: -1");
        HostileConfig.assertRejected("httpCache", "maxVariants", "maxVariants: 0");
        HostileConfig.assertRejected("httpCache", "maxVariants", "maxVariants: 1025");
        HostileConfig.assertRejected("httpCache", "staleWhileRevalidate", "staleWhileRevalidate: 10");
    }

    // ---------------------------------------------------------------- stale-while-revalidate

    @Test
    void aStormOnAStaleKeyStartsOneBackgroundRevalidationAndNoClientWaits() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Origin origin = new Origin((hit, ex) -> {
            if (hit == 1) {
                answer(ex, 200, "v1", "Cache-Control", SWR, "ETag", "\"a\"");
            } else if (hit == 2) {
                release.await(60, TimeUnit.SECONDS);
                answer(ex, 304, "", "Cache-Control", "max-age=600", "ETag", "\"a\"");
            } else {
                answer(ex, 200, "unexpected " + hit, "Cache-Control", "max-age=600");
            }
        });
        MovableClock clock = new MovableClock();
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(cache(clock), origin)) {
            try {
                assertThat(proxy.get("/k").body()).isEqualTo("v1");
                clock.advance(Duration.ofSeconds(10));
                HttpClient client = HttpClient.newHttpClient();
                List<CompletableFuture<HttpResponse<String>>> storm = IntStream.range(0, 60)
                        .mapToObj(i -> client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxy.port() + "/k")).build(),
                                HttpResponse.BodyHandlers.ofString()))
                        .toList();
                // every client is answered while the revalidation is still held at the origin
                for (CompletableFuture<HttpResponse<String>> f : storm) {
                    HttpResponse<String> response = f.get(30, TimeUnit.SECONDS);
                    assertThat(response.statusCode()).isEqualTo(200);
                    assertThat(response.body()).isEqualTo("v1");
                    assertThat(cacheStatus(response)).contains("hit").contains("detail=stale-while-revalidate");
                }
                await(() -> origin.hits.get() >= 2, "the background revalidation reached the origin");
                assertThat(origin.hits).hasValue(2);
                assertThat(origin.request(2)).containsEntry("if-none-match", "\"a\"");
            } finally {
                release.countDown();
            }
            // the 304 refreshes the entry: a fresh hit follows without another origin hit
            await(() -> {
                try {
                    HttpResponse<String> r = proxy.get("/k");
                    return r.body().equals("v1") && !cacheStatus(r).contains("stale");
                } catch (Exception e) {
                    return false;
                }
            }, "the entry is fresh again");
            assertThat(origin.hits).hasValue(2);
        }
    }

    @Test
    void aHangingOriginDoesNotHoldClientsNorStartMoreRevalidations() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Origin origin = new Origin((hit, ex) -> {
            if (hit == 1) {
                answer(ex, 200, "v1", "Cache-Control", SWR, "ETag", "\"a\"");
            } else {
                release.await(60, TimeUnit.SECONDS);
                answer(ex, 503, "late");
            }
        });
        MovableClock clock = new MovableClock();
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(cache(clock), origin)) {
            try {
                proxy.get("/k");
                clock.advance(Duration.ofSeconds(5));
                for (int i = 0; i < 30; i++) {
                    HttpResponse<String> response = proxy.get("/k");
                    assertThat(response.body()).as("request %d", i).isEqualTo("v1");
                    clock.advance(Duration.ofSeconds(1));
                }
                await(() -> origin.hits.get() >= 2, "the background revalidation reached the origin");
                assertThat(origin.hits).hasValue(2);
            } finally {
                release.countDown();
            }
        }
    }

    @Test
    void a304WithChangedHeadersRefreshesTheStoredHeadersAndKeepsTheBody() throws Exception {
        Origin origin = new Origin((hit, ex) -> {
            if (hit == 1) {
                answer(ex, 200, "body-1", "Cache-Control", SWR, "ETag", "\"a\"", "X-Version", "1", "Content-Type", "text/plain");
            } else if (hit == 2) {
                answer(ex, 304, "", "Cache-Control", "max-age=600", "ETag", "\"a\"", "X-Version", "2");
            } else {
                answer(ex, 200, "unexpected", "Cache-Control", "max-age=600");
            }
        });
        MovableClock clock = new MovableClock();
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(cache(clock), origin)) {
            proxy.get("/k");
            clock.advance(Duration.ofSeconds(10));
            HttpResponse<String> stale = proxy.get("/k");
            assertThat(stale.headers().firstValue("X-Version")).hasValue("1");
            await(() -> origin.hits.get() >= 2, "the background revalidation reached the origin");
            await(() -> {
                try {
                    return proxy.get("/k").headers().firstValue("X-Version").orElse("").equals("2");
                } catch (Exception e) {
                    return false;
                }
            }, "the stored headers were refreshed");
            HttpResponse<String> fresh = proxy.get("/k");
            assertThat(fresh.statusCode()).isEqualTo(200);
            assertThat(fresh.body()).isEqualTo("body-1");
            assertThat(fresh.headers().allValues("X-Version")).containsExactly("2");
            assertThat(fresh.headers().firstValue("Content-Type")).hasValue("text/plain");
            assertThat(cacheStatus(fresh)).contains("hit").doesNotContain("stale");
            assertThat(origin.hits).hasValue(2);
        }
    }

    @Test
    void a500KeepsTheStaleResponseAndTheNextRequestTriesAgain() throws Exception {
        Origin origin = new Origin((hit, ex) -> {
            if (hit == 1) {
                answer(ex, 200, "v1", "Cache-Control", SWR, "ETag", "\"a\"");
            } else {
                answer(ex, 500, "broken " + hit);
            }
        });
        MovableClock clock = new MovableClock();
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(cache(clock), origin)) {
            proxy.get("/k");
            clock.advance(Duration.ofSeconds(10));
            List<String> bodies = new ArrayList<>();
            await(() -> {
                try {
                    HttpResponse<String> r = proxy.get("/k");
                    bodies.add(r.statusCode() + " " + r.body());
                } catch (Exception e) {
                    bodies.add(e.toString());
                }
                return origin.hits.get() >= 3;
            }, "a second background revalidation after the first failed");
            assertThat(bodies).allSatisfy(b -> assertThat(b).isEqualTo("200 v1"));
        }
    }

    @Test
    void aNonStorable404DropsTheStaleResponse() throws Exception {
        revalidationResponseDropsStored((ex) -> answer(ex, 404, "gone", "Cache-Control", "no-store"));
    }

    @Test
    void aPrivate200DropsTheStaleResponse() throws Exception {
        revalidationResponseDropsStored((ex) -> answer(ex, 200, "mine", "Cache-Control", "private, max-age=600"));
    }

    @Test
    void aSetCookie200DropsTheStaleResponse() throws Exception {
        revalidationResponseDropsStored((ex) -> answer(ex, 200, "cookie", "Cache-Control", "max-age=600", "Set-Cookie", "s=1"));
    }

    @Test
    void aTooLargeRevalidationResponseDropsTheStaleResponse() throws Exception {
        revalidationResponseDropsStored((ex) -> {
            ex.getResponseHeaders().put(HttpString.tryFromString("Cache-Control"), "max-age=600");
            ex.getResponseHeaders().put(HttpString.tryFromString("Content-Length"), 5L * 1024 * 1024);
            try (OutputStream out = ex.getOutputStream()) {
                byte[] chunk = new byte[64 * 1024];
                for (int i = 0; i < 80; i++) {
                    out.write(chunk);
                }
            }
        });
    }

    @Test
    void aTooLargeChunkedRevalidationResponseDropsTheStaleResponse() throws Exception {
        revalidationResponseDropsStored((ex) -> {
            ex.getResponseHeaders().put(HttpString.tryFromString("Cache-Control"), "max-age=600");
            try (OutputStream out = ex.getOutputStream()) {
                byte[] chunk = new byte[64 * 1024];
                for (int i = 0; i < 80; i++) {
                    out.write(chunk);
                }
            }
        });
    }

    @Test
    void a304CarryingSetCookieNeverReachesOtherClientsNorRefreshesTheSharedCopy() throws Exception {
        Origin origin = new Origin((hit, ex) -> {
            if (hit == 1) {
                answer(ex, 200, "v1", "Cache-Control", SWR, "ETag", "\"a\"", "X-Version", "1");
            } else if (hit == 2) {
                answer(ex, 304, "", "Cache-Control", "max-age=600", "ETag", "\"a\"", "X-Version", "2",
                        "Set-Cookie", "session=secret-of-someone");
            } else {
                answer(ex, 304, "", "Cache-Control", "max-age=600", "ETag", "\"a\"", "X-Version", "3");
            }
        });
        MovableClock clock = new MovableClock();
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(cache(clock), origin)) {
            proxy.get("/k");
            clock.advance(Duration.ofSeconds(10));
            List<HttpResponse<String>> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
            await(() -> {
                try {
                    HttpResponse<String> r = proxy.get("/k");
                    seen.add(r);
                    return r.headers().firstValue("X-Version").orElse("").equals("3");
                } catch (Exception e) {
                    return false;
                }
            }, "a later revalidation without Set-Cookie refreshed the shared copy");
            assertThat(seen).allSatisfy(r -> {
                assertThat(r.body()).isEqualTo("v1");
                assertThat(r.headers().allValues("Set-Cookie")).isEmpty();
                assertThat(r.headers().firstValue("X-Version")).isNotEqualTo(java.util.Optional.of("2"));
            });
            assertThat(origin.hits.get()).isGreaterThanOrEqualTo(3);
        }
    }

    interface Answer {
        void answer(HttpServerExchange exchange) throws Exception;
    }

    /** The revalidation (2nd hit) answers with {@code revalidation}; afterwards the stale v1 is never served again. */
    private static void revalidationResponseDropsStored(Answer revalidation) throws Exception {
        Origin origin = new Origin((hit, ex) -> {
            if (hit == 1) {
                answer(ex, 200, "v1", "Cache-Control", SWR, "ETag", "\"a\"");
            } else if (hit == 2) {
                revalidation.answer(ex);
            } else {
                answer(ex, 200, "v3", "Cache-Control", "max-age=600");
            }
        });
        MovableClock clock = new MovableClock();
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(cache(clock), origin)) {
            proxy.get("/k");
            clock.advance(Duration.ofSeconds(10));
            assertThat(proxy.get("/k").body()).isEqualTo("v1");
            await(() -> origin.hits.get() >= 2, "the background revalidation reached the origin");
            // once it is done, v1 is gone: the next requests reach the origin and get v3
            await(() -> {
                try {
                    return proxy.get("/k").body().equals("v3");
                } catch (Exception e) {
                    return false;
                }
            }, "the stale response was dropped");
            HttpResponse<String> after = proxy.get("/k");
            assertThat(after.body()).isEqualTo("v3");
            assertThat(origin.hits).hasValue(3);
        }
    }

    @Test
    void aStorable404ReplacesTheStaleResponse() throws Exception {
        Origin origin = new Origin((hit, ex) -> {
            if (hit == 1) {
                answer(ex, 200, "v1", "Cache-Control", SWR, "ETag", "\"a\"");
            } else {
                answer(ex, 404, "not here " + hit, "Cache-Control", "max-age=600");
            }
        });
        MovableClock clock = new MovableClock();
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(cache(clock), origin)) {
            proxy.get("/k");
            clock.advance(Duration.ofSeconds(10));
            proxy.get("/k");
            await(() -> {
                try {
                    return proxy.get("/k").statusCode() == 404;
                } catch (Exception e) {
                    return false;
                }
            }, "the 404 replaced the stored response");
            HttpResponse<String> hit = proxy.get("/k");
            assertThat(hit.body()).isEqualTo("not here 2");
            assertThat(cacheStatus(hit)).contains("hit");
            assertThat(origin.hits).hasValue(2);
        }
    }

    @Test
    void aBackgroundRevalidationOfOneVariantNeverServesItToAnother() throws Exception {
        AtomicInteger enVersion = new AtomicInteger();
        Origin origin = new Origin((hit, ex) -> {
            String lang = ex.getRequestHeaders().getFirst("Accept-Language");
            if ("en".equals(lang)) {
                int v = enVersion.incrementAndGet();
                answer(ex, 200, "en-" + v, "Cache-Control", v == 1 ? SWR : "max-age=600", "Vary", "Accept-Language", "ETag", "\"en" + v + "\"");
            } else {
                answer(ex, 200, "de", "Cache-Control", SWR, "Vary", "Accept-Language", "ETag", "\"de\"");
            }
        });
        MovableClock clock = new MovableClock();
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(cache(clock), origin)) {
            assertThat(proxy.get("/k", "Accept-Language", "en").body()).isEqualTo("en-1");
            assertThat(proxy.get("/k", "Accept-Language", "de").body()).isEqualTo("de");
            clock.advance(Duration.ofSeconds(10));
            assertThat(proxy.get("/k", "Accept-Language", "en").body()).isEqualTo("en-1");
            await(() -> enVersion.get() >= 2, "the en variant was revalidated");
            await(() -> {
                try {
                    return proxy.get("/k", "Accept-Language", "en").body().equals("en-2");
                } catch (Exception e) {
                    return false;
                }
            }, "the en variant was replaced");
            for (int i = 0; i < 5; i++) {
                assertThat(proxy.get("/k", "Accept-Language", "de").body()).isEqualTo("de");
                assertThat(proxy.get("/k", "Accept-Language", "en").body()).isEqualTo("en-2");
            }
            assertThat(origin.requests).allSatisfy(r -> assertThat(r.get("accept-language")).isIn("en", "de"));
        }
    }

    @Test
    void aResponseToOneUserIsNeverServedToAnother() throws Exception {
        Origin origin = new Origin((hit, ex) -> {
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            answer(ex, 200, "for " + (auth == null ? "nobody" : auth), "Cache-Control", SWR, "ETag", "\"" + hit + "\"");
        });
        MovableClock clock = new MovableClock();
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(cache(clock), origin)) {
            HttpResponse<String> alice = proxy.get("/k", "Authorization", "Bearer alice");
            assertThat(alice.body()).isEqualTo("for Bearer alice");
            assertThat(cacheStatus(alice)).contains("detail=authorization");
            assertThat(proxy.get("/k", "Authorization", "Bearer bob").body()).isEqualTo("for Bearer bob");
            assertThat(proxy.get("/k").body()).isEqualTo("for nobody");
            clock.advance(Duration.ofSeconds(10));
            // the anonymous response has neither public nor s-maxage nor must-revalidate: it answers no Authorization request
            assertThat(proxy.get("/k", "Authorization", "Bearer alice").body()).isEqualTo("for Bearer alice");
            assertThat(proxy.get("/k").body()).isEqualTo("for nobody");
            await(() -> origin.requests.size() >= 5, "the anonymous background revalidation");
            // the background revalidation for the shared copy never carries a user's credentials
            assertThat(origin.request(5)).doesNotContainKey("authorization");
            for (int i = 0; i < 3; i++) {
                assertThat(proxy.get("/k").body()).isEqualTo("for nobody");
                assertThat(proxy.get("/k", "Authorization", "Bearer carol").body()).isEqualTo("for Bearer carol");
            }
        }
    }

    @Test
    void aRevalidationTriggeredByARequestWithoutSwrWindowLeftWaitsLikeAMiss() throws Exception {
        Origin origin = new Origin((hit, ex) -> answer(ex, 200, "v" + hit,
                "Cache-Control", "max-age=1, stale-while-revalidate=5", "ETag", "\"" + hit + "\""));
        MovableClock clock = new MovableClock();
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(cache(clock), origin)) {
            proxy.get("/k");
            clock.advance(Duration.ofSeconds(60));
            // past the window: the client waits for the revalidation and gets the new response
            HttpResponse<String> response = proxy.get("/k");
            assertThat(response.body()).isEqualTo("v2");
            assertThat(cacheStatus(response)).contains("fwd=stale");
        }
    }

    @Test
    void requestsAskingForMaxAgeAreNotServedStale() throws Exception {
        Origin origin = new Origin((hit, ex) -> answer(ex, 200, "v" + hit, "Cache-Control", SWR, "ETag", "\"" + hit + "\""));
        MovableClock clock = new MovableClock();
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(cache(clock), origin)) {
            proxy.get("/k");
            clock.advance(Duration.ofSeconds(10));
            assertThat(proxy.get("/k", "Cache-Control", "max-age=5").body()).isEqualTo("v2");
            assertThat(proxy.get("/k", "Cache-Control", "min-fresh=1").body()).isNotEqualTo("v1");
        }
    }

    @Test
    void mustRevalidateForbidsServingStaleWhileRevalidating() throws Exception {
        Origin origin = new Origin((hit, ex) -> answer(ex, 200, "v" + hit,
                "Cache-Control", SWR + ", must-revalidate", "ETag", "\"" + hit + "\""));
        MovableClock clock = new MovableClock();
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(cache(clock), origin)) {
            proxy.get("/k");
            clock.advance(Duration.ofSeconds(10));
            assertThat(proxy.get("/k").body()).isEqualTo("v2");
            assertThat(origin.hits).hasValue(2);
        }
    }

    @Test
    void hostileSwrValuesCountAsNoWindow() throws Exception {
        for (String cc : List.of("max-age=1, stale-while-revalidate=-5", "max-age=1, stale-while-revalidate=abc",
                "max-age=1, stale-while-revalidate=99999999999999999999999", "max-age=1, stale-while-revalidate")) {
            Origin origin = new Origin((hit, ex) -> answer(ex, 200, "v" + hit, "Cache-Control", cc, "ETag", "\"" + hit + "\""));
            MovableClock clock = new MovableClock();
            try (ProxiedMiddleware proxy = ProxiedMiddleware.start(cache(clock), origin)) {
                proxy.get("/k");
                clock.advance(Duration.ofSeconds(10));
                HttpResponse<String> response = proxy.get("/k");
                assertThat(response.statusCode()).as(cc).isEqualTo(200);
                if (!cc.contains("9999")) {
                    assertThat(response.body()).as(cc).isEqualTo("v2");
                }
            }
        }
    }
}
