package io.gatehouse.middleware.cache;

import io.undertow.util.DateUtils;
import io.undertow.util.Headers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Date;

import static io.gatehouse.middleware.cache.CacheFixture.respond;
import static io.gatehouse.middleware.cache.CacheFixture.status;
import static org.assertj.core.api.Assertions.assertThat;

/** RFC 9111 behaviour through a real Gatehouse in front of a backend that counts its requests. */
@Timeout(60)
class HttpCacheTest {

    private final CacheFixture f = new CacheFixture();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void aFreshResponseIsServedFromTheCacheWithAgeAndCacheStatus() throws Exception {
        f.behaviour = respond(200, "hello", "Cache-Control", "max-age=60", "X-Origin", "yes");
        HttpResponse<String> first = f.get("/a");
        assertThat(first.body()).isEqualTo("hello");
        assertThat(status(first)).isEqualTo("gatehouse; fwd=uri-miss; fwd-status=200; stored; ttl=60");

        f.clock.advance(Duration.ofSeconds(10));
        HttpResponse<String> second = f.get("/a");
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.body()).isEqualTo("hello");
        assertThat(second.headers().firstValue("X-Origin")).contains("yes");
        assertThat(second.headers().firstValue("Age")).contains("10");
        assertThat(second.headers().firstValue("Content-Length")).contains("5");
        assertThat(status(second)).isEqualTo("gatehouse; hit; ttl=50");
        assertThat(f.hits).hasValue(1);
    }

    @Test
    void theQueryIsPartOfTheKey() throws Exception {
        f.get("/q?a=1");
        f.get("/q?a=2");
        f.get("/q?a=1");
        assertThat(f.hits).hasValue(2);
    }

    @Test
    void aStaleResponseWithoutValidatorsIsFetchedAgain() throws Exception {
        f.behaviour = respond(200, "v", "Cache-Control", "max-age=5");
        f.get("/s");
        f.clock.advance(Duration.ofSeconds(6));
        HttpResponse<String> second = f.get("/s");
        assertThat(status(second)).startsWith("gatehouse; fwd=stale; fwd-status=200; stored");
        assertThat(f.hits).hasValue(2);
        assertThat(f.lastRequest().contains(Headers.IF_NONE_MATCH)).isFalse();
        assertThat(status(f.get("/s"))).startsWith("gatehouse; hit");
        assertThat(f.hits).hasValue(2);
    }

    @Test
    void sMaxAgeWinsOverMaxAgeInASharedCache() throws Exception {
        f.behaviour = respond(200, "v", "Cache-Control", "max-age=1000, s-maxage=5");
        f.get("/sm");
        f.clock.advance(Duration.ofSeconds(6));
        f.get("/sm");
        assertThat(f.hits).hasValue(2);
    }

    @Test
    void revalidatesWithIfNoneMatchAndServesTheStoredBodyOn304() throws Exception {
        f.behaviour = respond(200, "body-v1", "Cache-Control", "max-age=1", "ETag", "\"v1\"");
        f.get("/e");
        f.clock.advance(Duration.ofSeconds(2));
        f.behaviour = respond(304, "", "Cache-Control", "max-age=100", "ETag", "\"v1\"", "X-Refreshed", "yes");
        HttpResponse<String> revalidated = f.get("/e");
        assertThat(f.lastRequest().getFirst(Headers.IF_NONE_MATCH)).isEqualTo("\"v1\"");
        assertThat(revalidated.statusCode()).isEqualTo(200);
        assertThat(revalidated.body()).isEqualTo("body-v1");
        assertThat(revalidated.headers().firstValue("X-Refreshed")).contains("yes");
        assertThat(status(revalidated)).isEqualTo("gatehouse; fwd=stale; fwd-status=304; stored; ttl=100");

        f.clock.advance(Duration.ofSeconds(50));
        HttpResponse<String> hit = f.get("/e");
        assertThat(hit.body()).isEqualTo("body-v1");
        assertThat(status(hit)).startsWith("gatehouse; hit");
        assertThat(f.hits).hasValue(2);
    }

    @Test
    void revalidatesWithIfModifiedSince() throws Exception {
        String lastModified = DateUtils.toDateString(new Date(f.clock.millis() - 3_600_000));
        f.behaviour = respond(200, "lm", "Cache-Control", "max-age=1", "Last-Modified", lastModified);
        f.get("/lm");
        f.clock.advance(Duration.ofSeconds(2));
        f.behaviour = respond(304, "", "Cache-Control", "max-age=100");
        HttpResponse<String> revalidated = f.get("/lm");
        assertThat(f.lastRequest().getFirst(Headers.IF_MODIFIED_SINCE)).isEqualTo(lastModified);
        assertThat(revalidated.body()).isEqualTo("lm");
        assertThat(f.hits).hasValue(2);
    }

    @Test
    void aChangedResponseReplacesTheStoredOne() throws Exception {
        f.behaviour = respond(200, "old", "Cache-Control", "max-age=1", "ETag", "\"1\"");
        f.get("/c");
        f.clock.advance(Duration.ofSeconds(2));
        f.behaviour = respond(200, "new", "Cache-Control", "max-age=100", "ETag", "\"2\"");
        assertThat(f.get("/c").body()).isEqualTo("new");
        assertThat(f.get("/c").body()).isEqualTo("new");
        assertThat(f.hits).hasValue(2);
    }

    @Test
    void clientValidatorsGet304FromTheCache() throws Exception {
        f.behaviour = respond(200, "tagged", "Cache-Control", "max-age=60", "ETag", "W/\"t\"");
        f.get("/t");
        HttpResponse<String> conditional = f.get("/t", "If-None-Match", "\"x\", \"t\"");
        assertThat(conditional.statusCode()).isEqualTo(304);
        assertThat(conditional.body()).isEmpty();
        assertThat(f.get("/t", "If-None-Match", "\"other\"").statusCode()).isEqualTo(200);
        assertThat(f.hits).hasValue(1);
    }

    @Test
    void responseNoCacheIsStoredButRevalidatedEveryTime() throws Exception {
        f.behaviour = respond(200, "nc", "Cache-Control", "no-cache", "ETag", "\"n\"");
        f.get("/nc");
        f.behaviour = respond(304, "", "ETag", "\"n\"");
        HttpResponse<String> second = f.get("/nc");
        assertThat(second.body()).isEqualTo("nc");
        assertThat(f.lastRequest().getFirst(Headers.IF_NONE_MATCH)).isEqualTo("\"n\"");
        f.get("/nc");
        assertThat(f.hits).hasValue(3);
    }

    @Test
    void noStoreAndPrivateResponsesAreNotStored() throws Exception {
        f.behaviour = respond(200, "x", "Cache-Control", "no-store, max-age=60");
        f.get("/ns");
        assertThat(status(f.get("/ns"))).isEqualTo("gatehouse; fwd=uri-miss; fwd-status=200; detail=no-store");
        f.behaviour = respond(200, "x", "Cache-Control", "private, max-age=60");
        f.get("/p");
        assertThat(status(f.get("/p"))).endsWith("detail=private");
        assertThat(f.hits).hasValue(4);
    }

    @Test
    void requestNoStoreIsNotStored() throws Exception {
        f.get("/rns", "Cache-Control", "no-store");
        f.get("/rns");
        assertThat(f.hits).hasValue(2);
    }

    @Test
    void requestNoCacheGoesToTheServer() throws Exception {
        f.behaviour = respond(200, "x", "Cache-Control", "max-age=60");
        f.get("/rnc");
        HttpResponse<String> forced = f.get("/rnc", "Cache-Control", "no-cache");
        assertThat(status(forced)).startsWith("gatehouse; fwd=request; fwd-status=200");
        f.get("/rnc", "Pragma", "no-cache");
        assertThat(f.hits).hasValue(3);
    }

    @Test
    void requestMaxAgeAndMinFreshLimitWhatIsServed() throws Exception {
        f.behaviour = respond(200, "x", "Cache-Control", "max-age=60");
        f.get("/ma");
        f.clock.advance(Duration.ofSeconds(20));
        f.get("/ma", "Cache-Control", "max-age=30");
        assertThat(f.hits).hasValue(1);
        f.get("/ma", "Cache-Control", "max-age=10");
        assertThat(f.hits).hasValue(2);
        f.get("/ma", "Cache-Control", "min-fresh=70");
        assertThat(f.hits).hasValue(3);
    }

    @Test
    void requestMaxStaleAcceptsAStaleResponse() throws Exception {
        f.behaviour = respond(200, "x", "Cache-Control", "max-age=10");
        f.get("/mst");
        f.clock.advance(Duration.ofSeconds(15));
        HttpResponse<String> stale = f.get("/mst", "Cache-Control", "max-stale=10");
        assertThat(status(stale)).isEqualTo("gatehouse; hit; ttl=-5; detail=max-stale");
        assertThat(f.hits).hasValue(1);
        f.get("/mst", "Cache-Control", "max-stale=2");
        assertThat(f.hits).hasValue(2);
    }

    @Test
    void mustRevalidateForbidsServingStale() throws Exception {
        f.behaviour = respond(200, "x", "Cache-Control", "max-age=10, must-revalidate");
        f.get("/mr");
        f.clock.advance(Duration.ofSeconds(15));
        f.get("/mr", "Cache-Control", "max-stale");
        assertThat(f.hits).hasValue(2);
    }

    @Test
    void onlyIfCachedAnswers504WhenNothingIsStored() throws Exception {
        HttpResponse<String> response = f.get("/oic", "Cache-Control", "only-if-cached");
        assertThat(response.statusCode()).isEqualTo(504);
        assertThat(status(response)).isEqualTo("gatehouse; fwd=miss; detail=only-if-cached");
        assertThat(f.hits).hasValue(0);
        f.get("/oic");
        assertThat(f.get("/oic", "Cache-Control", "only-if-cached").statusCode()).isEqualTo(200);
        assertThat(f.hits).hasValue(1);
    }

    @Test
    void expiresGivesFreshnessAndAnInvalidExpiresMeansStale() throws Exception {
        long now = f.clock.millis();
        f.behaviour = respond(200, "x", "Date", DateUtils.toDateString(new Date(now)),
                "Expires", DateUtils.toDateString(new Date(now + 120_000)));
        f.get("/exp");
        f.clock.advance(Duration.ofSeconds(60));
        assertThat(status(f.get("/exp"))).startsWith("gatehouse; hit");
        assertThat(f.hits).hasValue(1);

        f.behaviour = respond(200, "x", "Expires", "0");
        f.get("/bad-exp");
        assertThat(status(f.get("/bad-exp"))).endsWith("detail=not-fresh");
        assertThat(f.hits).hasValue(3);
    }

    @Test
    void heuristicFreshnessOnlyForHeuristicallyCacheableStatuses() throws Exception {
        long now = f.clock.millis();
        String tenDaysAgo = DateUtils.toDateString(new Date(now - 10L * 24 * 3600 * 1000));
        f.behaviour = respond(200, "h", "Date", DateUtils.toDateString(new Date(now)), "Last-Modified", tenDaysAgo);
        f.get("/heur");
        f.clock.advance(Duration.ofHours(20)); // 10% of 10 days = 24h
        assertThat(status(f.get("/heur"))).startsWith("gatehouse; hit");
        assertThat(f.hits).hasValue(1);

        f.behaviour = respond(302, "", "Location", "/x", "Last-Modified", tenDaysAgo);
        f.get("/redirect");
        assertThat(status(f.get("/redirect"))).endsWith("detail=status");
        assertThat(f.hits).hasValue(3);
    }

    @Test
    void varySelectsAResponsePerRequestHeaderValue() throws Exception {
        f.behaviour = exchange -> respond(200, "lang=" + exchange.getRequestHeaders().getFirst("Accept-Language"),
                "Cache-Control", "max-age=60", "Vary", "Accept-Language").handleRequest(exchange);
        assertThat(f.get("/v", "Accept-Language", "en").body()).isEqualTo("lang=en");
        HttpResponse<String> fr = f.get("/v", "Accept-Language", "fr");
        assertThat(fr.body()).isEqualTo("lang=fr");
        assertThat(status(fr)).startsWith("gatehouse; fwd=vary-miss");
        assertThat(f.get("/v", "Accept-Language", "en").body()).isEqualTo("lang=en");
        assertThat(f.get("/v", "Accept-Language", "fr").body()).isEqualTo("lang=fr");
        assertThat(f.hits).hasValue(2);
    }

    @Test
    void varyStarIsNeverStored() throws Exception {
        f.behaviour = respond(200, "x", "Cache-Control", "max-age=60", "Vary", "*");
        f.get("/vs");
        assertThat(status(f.get("/vs"))).endsWith("detail=vary-star");
        assertThat(f.hits).hasValue(2);
    }

    @Test
    void authorizationRequestsAreStoredOnlyWhenTheResponseAllowsSharing() throws Exception {
        f.behaviour = respond(200, "secret", "Cache-Control", "max-age=60");
        f.get("/auth", "Authorization", "Bearer a");
        assertThat(status(f.get("/auth", "Authorization", "Bearer a"))).endsWith("detail=authorization");
        assertThat(f.hits).hasValue(2);

        f.behaviour = respond(200, "shared", "Cache-Control", "public, max-age=60");
        f.get("/pub", "Authorization", "Bearer a");
        assertThat(f.get("/pub", "Authorization", "Bearer b").body()).isEqualTo("shared");
        assertThat(f.hits).hasValue(3);
    }

    @Test
    void aResponseStoredWithoutAuthorizationIsNotGivenToAnAuthorizedRequestUnlessShareable() throws Exception {
        f.behaviour = respond(200, "anon", "Cache-Control", "max-age=60");
        f.get("/anon");
        f.get("/anon", "Authorization", "Bearer a");
        assertThat(f.hits).hasValue(2);
    }

    @Test
    void setCookieResponsesAreNotStored() throws Exception {
        f.behaviour = respond(200, "c", "Cache-Control", "public, max-age=60", "Set-Cookie", "id=1");
        f.get("/cookie");
        HttpResponse<String> second = f.get("/cookie");
        assertThat(status(second)).endsWith("detail=set-cookie");
        assertThat(second.headers().firstValue("Set-Cookie")).contains("id=1");
        assertThat(f.hits).hasValue(2);
    }

    @Test
    void unsafeMethodsInvalidateTheUriAndItsLocation() throws Exception {
        f.get("/item");
        f.get("/other");
        f.behaviour = respond(201, "", "Location", "/other");
        HttpResponse<String> post = f.send("POST", "/item");
        assertThat(status(post)).isEqualTo("gatehouse; fwd=method");
        f.behaviour = respond(200, "hello", "Cache-Control", "max-age=60");
        f.get("/item");
        f.get("/other");
        assertThat(f.hits).hasValue(5);
    }

    @Test
    void aFailedUnsafeRequestInvalidatesNothing() throws Exception {
        f.get("/keep");
        f.behaviour = respond(500, "");
        f.send("DELETE", "/keep");
        f.behaviour = respond(200, "hello", "Cache-Control", "max-age=60");
        f.get("/keep");
        assertThat(f.hits).hasValue(2);
    }

    @Test
    void headIsAnsweredFromTheStoredGetResponse() throws Exception {
        f.get("/h");
        HttpResponse<String> head = f.send("HEAD", "/h");
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Content-Length")).contains("5");
        assertThat(status(head)).startsWith("gatehouse; hit");
        assertThat(f.hits).hasValue(1);
    }

    @Test
    void aHeadMissIsForwardedAndNotStored() throws Exception {
        f.send("HEAD", "/hm");
        f.get("/hm");
        assertThat(f.hits).hasValue(2);
        assertThat(f.requests.get(0).contains(Headers.HOST)).isTrue();
    }

    @Test
    void staleIfErrorServesTheStaleResponseOnServerErrorsAndWhenTheServerIsDown() throws Exception {
        f.behaviour = respond(200, "good", "Cache-Control", "max-age=1, stale-if-error=60");
        f.get("/sie");
        f.clock.advance(Duration.ofSeconds(5));
        f.behaviour = respond(503, "broken");
        HttpResponse<String> replaced = f.get("/sie");
        assertThat(replaced.statusCode()).isEqualTo(200);
        assertThat(replaced.body()).isEqualTo("good");
        assertThat(status(replaced)).isEqualTo("gatehouse; fwd=stale; fwd-status=503; ttl=-4; detail=stale-if-error");
        assertThat(f.hits).hasValue(2);

        f.stopBackend();
        HttpResponse<String> down = f.get("/sie");
        assertThat(down.statusCode()).isEqualTo(200);
        assertThat(down.body()).isEqualTo("good");
        assertThat(status(down)).contains("detail=stale-if-error");

        f.clock.advance(Duration.ofSeconds(120));
        assertThat(f.get("/sie").statusCode()).isEqualTo(502);
    }

    @Test
    void withoutStaleIfErrorTheErrorGoesThrough() throws Exception {
        f.behaviour = respond(200, "good", "Cache-Control", "max-age=1");
        f.get("/nosie");
        f.clock.advance(Duration.ofSeconds(5));
        f.behaviour = respond(503, "broken");
        HttpResponse<String> response = f.get("/nosie");
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).isEqualTo("broken");
    }

    @Test
    void requestStaleIfErrorAlsoAllowsIt() throws Exception {
        f.behaviour = respond(200, "good", "Cache-Control", "max-age=1");
        f.get("/rsie");
        f.clock.advance(Duration.ofSeconds(5));
        f.behaviour = respond(500, "broken");
        assertThat(f.get("/rsie", "Cache-Control", "stale-if-error=30").body()).isEqualTo("good");
    }

    @Test
    void cacheStatusNameIsConfigurable() throws Exception {
        try (CacheFixture named = new CacheFixture(HttpCacheConfig.DEFAULTS.withCacheStatusName("edge-1"))) {
            named.get("/n");
            assertThat(status(named.get("/n"))).startsWith("edge-1; hit");
        }
    }

    @Test
    void a304ThatSetsACookieIsNotStored() throws Exception {
        f.behaviour = respond(200, "body", "Cache-Control", "max-age=1", "ETag", "\"c\"");
        f.get("/c304");
        f.clock.advance(Duration.ofSeconds(2));
        f.behaviour = respond(304, "", "Cache-Control", "max-age=100", "ETag", "\"c\"", "Set-Cookie", "s=1");
        HttpResponse<String> refreshed = f.get("/c304");
        assertThat(refreshed.body()).isEqualTo("body");
        assertThat(refreshed.headers().firstValue("Set-Cookie")).contains("s=1");
        assertThat(status(refreshed)).isEqualTo("gatehouse; fwd=stale; fwd-status=304; ttl=100");
        f.behaviour = respond(304, "", "Cache-Control", "max-age=100", "ETag", "\"c\"");
        HttpResponse<String> next = f.get("/c304");
        assertThat(next.headers().firstValue("Set-Cookie")).isEmpty();
        assertThat(f.hits).hasValue(3);
    }

    @Test
    void aMalformedLocationOnAnUnsafeResponseInvalidatesOnlyTheUri() throws Exception {
        f.get("/m");
        f.behaviour = respond(201, "", "Location", "http://[::1/x y", "Content-Location", "http://elsewhere.example/m");
        assertThat(f.send("PUT", "/m").statusCode()).isEqualTo(201);
        f.behaviour = respond(200, "hello", "Cache-Control", "max-age=60");
        f.get("/m");
        assertThat(f.hits).hasValue(3);
    }

    @Test
    void aStaleHeadRequestIsForwardedAsItIs() throws Exception {
        f.behaviour = respond(200, "x", "Cache-Control", "max-age=1", "ETag", "\"h\"");
        f.get("/sh");
        f.clock.advance(Duration.ofSeconds(5));
        HttpResponse<String> head = f.send("HEAD", "/sh");
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(f.lastRequest().contains(Headers.IF_NONE_MATCH)).isFalse();
        assertThat(status(head)).isEqualTo("gatehouse; fwd=stale; fwd-status=200");
        assertThat(f.hits).hasValue(2);
    }

    @Test
    void aClientConditionalOnAMissIsForwardedAndItsAnswerNotStored() throws Exception {
        f.behaviour = respond(304, "", "ETag", "\"z\"");
        assertThat(f.get("/cm", "If-None-Match", "\"z\"").statusCode()).isEqualTo(304);
        f.behaviour = respond(200, "full", "Cache-Control", "max-age=60", "ETag", "\"z\"");
        assertThat(f.get("/cm").body()).isEqualTo("full");
        assertThat(f.hits).hasValue(2);
    }

    @Test
    void aRevalidationAnsweredWithNoStoreDropsTheStoredResponse() throws Exception {
        f.behaviour = respond(200, "old", "Cache-Control", "max-age=1, stale-if-error=600", "ETag", "\"o\"");
        f.get("/drop");
        f.clock.advance(Duration.ofSeconds(5));
        f.behaviour = respond(200, "now private", "Cache-Control", "no-store");
        assertThat(f.get("/drop").body()).isEqualTo("now private");
        f.behaviour = respond(503, "down");
        HttpResponse<String> error = f.get("/drop");
        assertThat(error.statusCode()).isEqualTo(503);
        assertThat(status(error)).startsWith("gatehouse; fwd=uri-miss");
    }

    @Test
    void heuristicFreshnessCanBeTurnedOff() throws Exception {
        try (CacheFixture off = new CacheFixture(HttpCacheConfig.DEFAULTS.withHeuristicMaxTtl(Duration.ZERO))) {
            String lastModified = DateUtils.toDateString(new Date(off.clock.millis() - 10L * 24 * 3600 * 1000));
            off.behaviour = respond(200, "h", "Last-Modified", lastModified);
            assertThat(status(off.get("/off"))).isEqualTo("gatehouse; fwd=uri-miss; fwd-status=200; stored; ttl=0");
            off.behaviour = respond(304, "");
            HttpResponse<String> revalidated = off.get("/off");
            assertThat(revalidated.body()).isEqualTo("h");
            assertThat(off.lastRequest().getFirst(Headers.IF_MODIFIED_SINCE)).isEqualTo(lastModified);
            assertThat(off.hits).hasValue(2);
        }
    }
}
