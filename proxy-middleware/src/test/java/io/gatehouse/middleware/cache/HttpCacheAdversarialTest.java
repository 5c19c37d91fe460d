package io.gatehouse.middleware.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.core.testing.RawHttp;
import io.gatehouse.middleware.testing.MiddlewareConfigs;
import io.gatehouse.middleware.testing.ProxiedMiddleware;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import java.net.http.HttpResponse;
import java.util.Deque;
import java.util.StringJoiner;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad sizes, hostile Cache-Control / Expires / Vary values and cache-poisoning attempts against httpCache, from the
 * docs only. The backend answers with the response headers named in the query ({@code h=Name:value}, repeatable)
 * and a body counting its calls, so a second identical body means the cache answered.
 */
@Timeout(60)
class HttpCacheAdversarialTest {

    private static final String PATH = "http.middlewares.m.httpCache";

    private static final String LAST_MODIFIED = "&h=" + enc("Last-Modified:Mon, 01 Jan 2001 00:00:00 GMT");

    private final AtomicInteger calls = new AtomicInteger();

    private final HttpHandler backend = this::answer;

    private void answer(HttpServerExchange exchange) {
        int n = calls.incrementAndGet();
        Deque<String> headers = exchange.getQueryParameters().get("h");
        if (headers != null) {
            for (String header : headers) {
                int colon = header.indexOf(':');
                exchange.getResponseHeaders().add(new HttpString(header.substring(0, colon)), header.substring(colon + 1));
            }
        }
        String host = exchange.getRequestHeaders().getFirst("Host");
        String xfh = exchange.getRequestHeaders().getFirst("X-Forwarded-Host");
        exchange.getResponseSender().send("call " + n + " host=" + host + " xfh=" + xfh);
    }

    private static String error(String options) {
        return MiddlewareConfigs.error("httpCache", options);
    }

    static void namesOption(String message, String option) {
        assertThat(message).contains(PATH).contains(option);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "1023", "abc", "99999999999999999999", "1.5", "\"\"", "[]"})
    void badMaxSizeBytesIsAnError(String value) {
        namesOption(error("maxSizeBytes: " + value), "maxSizeBytes");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "4096\nmaxSizeBytes: 2048", "3221225472\nmaxSizeBytes: 4294967296", "abc",
            "99999999999999999999"})
    void badMaxEntryBytesIsAnError(String value) {
        namesOption(error("maxEntryBytes: " + value), "maxEntryBytes");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1s", "abc", "99999999999999999h", "1x", "\"\"", "-0.5h"})
    void badHeuristicMaxTtlIsAnError(String value) {
        namesOption(error("heuristicMaxTtl: " + value), "heuristicMaxTtl");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"\"", "\"1abc\"", "\"a b\"", "\"a\\r\\nX-Injected: 1\"", "\"a;b\"", "\"a,b\"",
            "\"caf\u00e9\"", "\"a=b\""})
    void badCacheStatusNameIsAnError(String value) {
        namesOption(error("cacheStatusName: " + value), "cacheStatusName");
    }

    @Test
    void badWaitersVariantsAndUnknownOptionsAreErrors() {
        namesOption(error("maxWaiters: -1"), "maxWaiters");
        namesOption(error("maxVariants: 0"), "maxVariants");
        namesOption(error("maxVariants: 1025"), "maxVariants");
        namesOption(error("maxVariants: -3"), "maxVariants");
        assertThat(error("maxSize: 1024")).contains("maxSize");
    }

    private ProxiedMiddleware proxy() {
        return ProxiedMiddleware.start(new HttpCache(HttpCacheConfig.DEFAULTS), backend);
    }

    private static String cacheStatus(HttpResponse<String> response) {
        return String.join(", ", response.headers().allValues("Cache-Status"));
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void responsesWithSetCookieAreNeverServedToOthers() throws Exception {
        try (ProxiedMiddleware proxy = proxy()) {
            String target = "/cookie?h=" + enc("Cache-Control:public, max-age=600") + "&h=" + enc("Set-Cookie:sid=alice");
            HttpResponse<String> first = proxy.get(target);
            assertThat(cacheStatus(first)).contains("detail=set-cookie");
            HttpResponse<String> second = proxy.get(target);
            assertThat(second.body()).startsWith("call 2");
            assertThat(calls).hasValue(2);
        }
    }

    @Test
    void responsesToAuthorizedRequestsAreNotServedToOthers() throws Exception {
        try (ProxiedMiddleware proxy = proxy()) {
            String target = "/private?h=" + enc("Cache-Control:max-age=600");
            HttpResponse<String> alice = proxy.get(target, "Authorization", "Bearer alice-token");
            assertThat(cacheStatus(alice)).contains("detail=authorization");
            HttpResponse<String> anonymous = proxy.get(target);
            assertThat(anonymous.body()).startsWith("call 2");
            // and an anonymous stored response does not answer an authorized request
            proxy.get(target);
            HttpResponse<String> bob = proxy.get(target, "Authorization", "Bearer bob-token");
            assertThat(bob.body()).doesNotStartWith("call 2");
        }
    }

    @Test
    void privateAndNoStoreAreNotStoredEvenWhenQuotedOrDuplicated() throws Exception {
        try (ProxiedMiddleware proxy = proxy()) {
            for (String cc : new String[] {"private, max-age=600", "max-age=600, private=\"Set-Cookie\"",
                    "max-age=600, no-store", "max-age=600, NO-STORE", "max-age=600,private", "public, max-age=600, private"}) {
                int before = calls.get();
                String target = "/p?cc=" + enc(cc) + "&h=" + enc("Cache-Control:" + cc);
                proxy.get(target);
                proxy.get(target);
                assertThat(calls.get() - before).as(cc).isEqualTo(2);
            }
        }
    }

    @Test
    void hostileMaxAgeValuesDoNotBreakTheCache() throws Exception {
        try (ProxiedMiddleware proxy = proxy()) {
            String huge = "/huge?h=" + enc("Cache-Control:max-age=99999999999999999999999999");
            HttpResponse<String> first = proxy.get(huge);
            assertThat(first.statusCode()).isEqualTo(200);
            HttpResponse<String> second = proxy.get(huge);
            assertThat(second.statusCode()).isEqualTo(200);
            assertThat(second.body()).startsWith("call 1");
            Matcher ttl = Pattern.compile("ttl=(-?\\d+)").matcher(cacheStatus(second));
            assertThat(ttl.find()).isTrue();
            assertThat(Long.parseLong(ttl.group(1))).isPositive();
            // Sane, not overflowed by the huge max-age (a bound, not a timing: a loaded machine may take seconds).
            assertThat(second.headers().firstValue("Age").map(Long::parseLong).orElse(0L)).isBetween(0L, 3600L);
        }
    }

    @Test
    void malformedOrRepeatedMaxAgeCountsAsZero() throws Exception {
        try (ProxiedMiddleware proxy = proxy()) {
            for (String cc : new String[] {"max-age=-1", "max-age=60, max-age=120", "max-age=abc", "max-age=",
                    "max-age=1e9", "s-maxage=-5", "max-age=0x10"}) {
                int before = calls.get();
                // with Last-Modified, heuristic freshness would make it fresh if max-age were ignored
                String target = "/m?cc=" + enc(cc) + "&h=" + enc("Cache-Control:" + cc) + LAST_MODIFIED;
                proxy.get(target);
                HttpResponse<String> second = proxy.get(target);
                assertThat(second.statusCode()).isEqualTo(200);
                assertThat(calls.get() - before).as(cc).isEqualTo(2);
            }
        }
    }

    @Test
    void repeatedIdenticalSMaxageCountsAsZero() throws Exception {
        try (ProxiedMiddleware proxy = proxy()) {
            String cc = "s-maxage=60, s-maxage=60";
            String target = "/m2?h=" + enc("Cache-Control:" + cc) + LAST_MODIFIED;
            proxy.get(target);
            proxy.get(target);
            assertThat(calls).hasValue(2);
        }
    }

    @Test
    void invalidOrRepeatedExpiresMeansStale() throws Exception {
        try (ProxiedMiddleware proxy = proxy()) {
            for (String expires : new String[] {"0", "garbage", "-1", "Thu, 01 Jan 2099 00:00:00 XYZ",
                    "Mon, 99 Foo 2099 99:99:99 GMT"}) {
                int before = calls.get();
                String target = "/e?e=" + enc(expires) + "&h=" + enc("Expires:" + expires) + LAST_MODIFIED;
                proxy.get(target);
                proxy.get(target);
                assertThat(calls.get() - before).as(expires).isEqualTo(2);
            }
            int before = calls.get();
            String twice = "/e2?h=" + enc("Expires:Thu, 01 Jan 2099 00:00:00 GMT") + "&h="
                    + enc("Expires:Fri, 01 Jan 2100 00:00:00 GMT") + LAST_MODIFIED;
            proxy.get(twice);
            proxy.get(twice);
            assertThat(calls.get() - before).isEqualTo(2);
        }
    }

    @Test
    void invalidDateHeaderDoesNotBreakAnswers() throws Exception {
        try (ProxiedMiddleware proxy = proxy()) {
            String target = "/d?h=" + enc("Cache-Control:max-age=600") + "&h=" + enc("Date:not a date")
                    + "&h=" + enc("Age:-5");
            assertThat(proxy.get(target).statusCode()).isEqualTo(200);
            HttpResponse<String> second = proxy.get(target);
            assertThat(second.statusCode()).isEqualTo(200);
            assertThat(second.headers().firstValue("Age").map(Long::parseLong).orElse(0L)).isNotNegative();
        }
    }

    @Test
    void varyWithAThousandHeadersKeepsVariantsApart() throws Exception {
        StringJoiner vary = new StringJoiner(", ");
        for (int i = 0; i < 1000; i++) {
            vary.add("X-V" + i);
        }
        try (ProxiedMiddleware proxy = proxy()) {
            String target = "/v?h=" + enc("Cache-Control:max-age=600") + "&h=" + enc("Vary:" + vary);
            HttpResponse<String> a = proxy.get(target, "X-V999", "a");
            assertThat(a.statusCode()).isEqualTo(200);
            assertThat(proxy.get(target, "X-V999", "a").body()).isEqualTo(a.body());
            assertThat(proxy.get(target, "X-V999", "b").body()).isNotEqualTo(a.body());
            assertThat(proxy.get(target, "X-V500", "a", "X-V999", "a").body()).isNotEqualTo(a.body());
        }
    }

    @Test
    void varyStarIsNeverStored() throws Exception {
        try (ProxiedMiddleware proxy = proxy()) {
            String target = "/vs?h=" + enc("Cache-Control:max-age=600") + "&h=" + enc("Vary:Accept, *");
            assertThat(cacheStatus(proxy.get(target))).contains("detail=vary-star");
            proxy.get(target);
            assertThat(calls).hasValue(2);
        }
    }

    @Test
    void unkeyedForwardedHostFromAnUntrustedClientCannotPoisonTheCache() throws Exception {
        try (ProxiedMiddleware proxy = proxy()) {
            String target = "/poison?h=" + enc("Cache-Control:max-age=600");
            HttpResponse<String> attacker = proxy.get(target, "X-Forwarded-Host", "evil.example");
            assertThat(attacker.body()).doesNotContain("evil.example");
            HttpResponse<String> victim = proxy.get(target);
            assertThat(victim.body()).doesNotContain("evil.example");
        }
    }

    @Test
    void hostIsPartOfTheKey() throws Exception {
        try (ProxiedMiddleware proxy = proxy()) {
            String target = "/host?h=" + enc("Cache-Control:max-age=600");
            RawHttp.Response a = proxy.rawGet("a.example", target);
            assertThat(a.body()).contains("host=a.example");
            RawHttp.Response evil = proxy.rawGet("evil.example", target);
            assertThat(evil.body()).contains("host=evil.example");
            RawHttp.Response again = proxy.rawGet("a.example", target);
            assertThat(again.body()).contains("host=a.example").isEqualTo(a.body());
            RawHttp.Response upper = proxy.rawGet("A.EXAMPLE", target);
            assertThat(upper.body()).doesNotContain("evil.example");
        }
    }

    @Test
    void hostileRequestDirectivesAreHandled() throws Exception {
        try (ProxiedMiddleware proxy = proxy()) {
            String target = "/r?h=" + enc("Cache-Control:max-age=600");
            proxy.get(target);
            for (String cc : new String[] {"max-stale=99999999999999999999", "min-fresh=99999999999999999999",
                    "max-age=-1", "max-age=\"0\"", "no-cache=\"x\", no-cache", "," .repeat(5000),
                    "a=" + "b".repeat(20_000), "only-if-cached, only-if-cached"}) {
                HttpResponse<String> response = proxy.get(target, "Cache-Control", cc);
                assertThat(response.statusCode()).as(cc).isIn(200, 504);
            }
        }
    }

    @Test
    void oversizedBodiesAreStreamedNotStored() throws Exception {
        HttpHandler big = exchange -> {
            calls.incrementAndGet();
            exchange.getResponseHeaders().put(new HttpString("Cache-Control"), "max-age=600");
            exchange.getResponseSender().send("x".repeat(3 * 1024 * 1024));
        };
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(new HttpCache(HttpCacheConfig.DEFAULTS), big)) {
            HttpResponse<String> first = proxy.get("/big");
            assertThat(first.body()).hasSize(3 * 1024 * 1024);
            HttpResponse<String> second = proxy.get("/big");
            assertThat(second.body()).hasSize(3 * 1024 * 1024);
            assertThat(calls).hasValue(2);
        }
    }
}
