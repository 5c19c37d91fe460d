package io.gatehouse.core.service;

import io.gatehouse.core.config.CookieConfig;
import io.gatehouse.core.config.ForwardedHeadersConfig;
import io.gatehouse.core.config.LoadBalancerConfig;
import io.gatehouse.core.config.ServerConfig;
import io.gatehouse.core.config.ServersTransportConfig;
import io.gatehouse.core.config.StickyConfig;
import io.gatehouse.core.service.sticky.StickyCookie;
import io.gatehouse.core.testing.EchoHandler;
import io.gatehouse.core.testing.TestProxy;
import io.gatehouse.core.testing.TestServer;
import io.undertow.util.HttpString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static io.gatehouse.core.testing.EchoHandler.field;
import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class StickySessionsTest {

    static final String COOKIE = "_6f743"; // Traefik's name for service "test" (TestProxy's)
    static TestServer a;
    static TestServer b;
    static TestServer c;
    static Map<String, String> urlOf;

    @BeforeAll
    static void backends() {
        a = TestServer.http(new EchoHandler("a"));
        b = TestServer.http(new EchoHandler("b"));
        c = TestServer.http(new EchoHandler("c"));
        urlOf = Map.of("a", a.url(), "b", b.url(), "c", c.url());
    }

    @AfterAll
    static void stop() {
        a.close();
        b.close();
        c.close();
    }

    static LoadBalancerConfig sticky(String strategy, CookieConfig cookie, String... urls) {
        return new LoadBalancerConfig(List.of(urls).stream().map(ServerConfig::of).toList(), true, null, null, strategy,
                new StickyConfig(cookie), null, null);
    }

    static TestProxy proxy(LoadBalancerConfig lb) throws Exception {
        return new TestProxy(lb, ServersTransportConfig.DEFAULT, ForwardedHeadersConfig.NONE_TRUSTED);
    }

    static HttpClient withCookieJar() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL)).build();
    }

    static HttpResponse<String> get(HttpClient client, String url, String cookie) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static final HttpClient PLAIN = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @ParameterizedTest
    @ValueSource(strings = {"wrr", "p2c", "hrw", "leasttime"})
    void aClientWithACookieJarStaysOnItsServer(String strategy) throws Exception {
        try (TestProxy proxy = proxy(sticky(strategy, CookieConfig.DEFAULTS, a.url(), b.url(), c.url()))) {
            for (int client = 0; client < 3; client++) {
                HttpClient browser = withCookieJar();
                HttpResponse<String> first = get(browser, proxy.url("/"), null);
                String server = field(first.body(), "server");
                assertThat(first.headers().allValues("set-cookie"))
                        .containsExactly(COOKIE + "=" + StickyCookie.hash(urlOf.get(server)) + "; Path=/");
                for (int i = 0; i < 10; i++) {
                    HttpResponse<String> next = get(browser, proxy.url("/again"), null);
                    assertThat(field(next.body(), "server")).isEqualTo(server);
                    assertThat(next.headers().allValues("set-cookie")).isEmpty(); // the cookie is fresh
                }
            }
        }
    }

    @Test
    void clientsWithoutTheCookieAreStillBalanced() throws Exception {
        try (TestProxy proxy = proxy(sticky("wrr", CookieConfig.DEFAULTS, a.url(), b.url(), c.url()))) {
            assertThat(List.of(field(get(PLAIN, proxy.url("/"), null).body(), "server"),
                    field(get(PLAIN, proxy.url("/"), null).body(), "server"),
                    field(get(PLAIN, proxy.url("/"), null).body(), "server"))).containsExactly("a", "b", "c");
        }
    }

    @Test
    void theServersOwnCookiesAreKept() throws Exception {
        TestServer cookieSetter = TestServer.http(exchange -> {
            exchange.getResponseHeaders().add(HttpString.tryFromString("Set-Cookie"), "app=1; Path=/");
            exchange.getResponseSender().send("ok");
        });
        try (cookieSetter; TestProxy proxy = proxy(sticky("wrr", CookieConfig.DEFAULTS, cookieSetter.url()))) {
            assertThat(get(PLAIN, proxy.url("/"), null).headers().allValues("set-cookie"))
                    .containsExactlyInAnyOrder("app=1; Path=/", COOKIE + "=" + StickyCookie.hash(cookieSetter.url()) + "; Path=/");
        }
    }

    @Test
    void configuredAttributesAreSent() throws Exception {
        CookieConfig cookie = new CookieConfig("lb", true, true, "strict", 600, "/app", "example.com");
        try (TestProxy proxy = proxy(sticky("wrr", cookie, a.url()))) {
            assertThat(get(PLAIN, proxy.url("/"), null).headers().allValues("set-cookie")).containsExactly(
                    "lb=" + StickyCookie.hash(a.url()) + "; Path=/app; Domain=example.com; Max-Age=600; HttpOnly; Secure; SameSite=Strict");
        }
    }

    @Test
    void anOldTraefikValueIsHonouredAndReplaced() throws Exception {
        try (TestProxy proxy = proxy(sticky("wrr", CookieConfig.DEFAULTS, a.url(), b.url(), c.url()))) {
            HttpResponse<String> response = get(PLAIN, proxy.url("/"), COOKIE + "=" + c.url());
            assertThat(field(response.body(), "server")).isEqualTo("c");
            assertThat(response.headers().allValues("set-cookie")).containsExactly(COOKIE + "=" + StickyCookie.hash(c.url()) + "; Path=/");
        }
    }

    @Test
    void anUnknownValueGetsAFreshPickAndANewCookie() throws Exception {
        try (TestProxy proxy = proxy(sticky("wrr", CookieConfig.DEFAULTS, a.url(), b.url(), c.url()))) {
            HttpResponse<String> response = get(PLAIN, proxy.url("/"), COOKIE + "=0123456789abcdef");
            String server = field(response.body(), "server");
            assertThat(response.headers().allValues("set-cookie"))
                    .containsExactly(COOKIE + "=" + StickyCookie.hash(urlOf.get(server)) + "; Path=/");
        }
    }

    @Test
    void stickinessSurvivesAReloadThatReordersTheServers() throws Exception {
        String cookie = COOKIE + "=" + StickyCookie.hash(b.url());
        try (TestProxy before = proxy(sticky("wrr", CookieConfig.DEFAULTS, a.url(), b.url(), c.url()))) {
            assertThat(field(get(PLAIN, before.url("/"), cookie).body(), "server")).isEqualTo("b");
        }
        try (TestProxy after = proxy(sticky("p2c", CookieConfig.DEFAULTS, c.url(), a.url(), b.url()))) {
            for (int i = 0; i < 5; i++) {
                HttpResponse<String> response = get(PLAIN, after.url("/"), cookie);
                assertThat(field(response.body(), "server")).isEqualTo("b");
                assertThat(response.headers().allValues("set-cookie")).isEmpty();
            }
        }
    }

    @Test
    void aRemovedServersClientsGetAFreshPickAndANewCookie() throws Exception {
        String cookie = COOKIE + "=" + StickyCookie.hash(b.url());
        try (TestProxy withoutB = proxy(sticky("wrr", CookieConfig.DEFAULTS, a.url(), c.url()))) {
            HttpResponse<String> response = get(PLAIN, withoutB.url("/"), cookie);
            String server = field(response.body(), "server");
            assertThat(server).isIn("a", "c");
            assertThat(response.headers().allValues("set-cookie"))
                    .containsExactly(COOKIE + "=" + StickyCookie.hash(urlOf.get(server)) + "; Path=/");
        }
    }

    @Test
    void aDrainedServersClientsMove() throws Exception {
        LoadBalancerConfig lb = new LoadBalancerConfig(List.of(new ServerConfig(a.url(), 0, false), ServerConfig.of(b.url())),
                true, null, null, "wrr", new StickyConfig(CookieConfig.DEFAULTS), null, null);
        try (TestProxy proxy = proxy(lb)) {
            HttpResponse<String> response = get(PLAIN, proxy.url("/"), COOKIE + "=" + StickyCookie.hash(a.url()));
            assertThat(field(response.body(), "server")).isEqualTo("b");
            assertThat(response.headers().allValues("set-cookie")).containsExactly(COOKIE + "=" + StickyCookie.hash(b.url()) + "; Path=/");
        }
    }

    @Test
    void aDeadStickyServersClientsMoveAndGetANewCookie() throws Exception {
        TestServer doomed = TestServer.http(new EchoHandler("doomed"));
        String doomedUrl = doomed.url();
        try (TestProxy proxy = proxy(sticky("wrr", CookieConfig.DEFAULTS, doomedUrl, a.url()))) {
            String cookie = COOKIE + "=" + StickyCookie.hash(doomedUrl);
            assertThat(field(get(PLAIN, proxy.url("/"), cookie).body(), "server")).isEqualTo("doomed");
            doomed.close();
            HttpResponse<String> moved = get(PLAIN, proxy.url("/"), cookie);
            assertThat(moved.statusCode()).isEqualTo(200);
            assertThat(field(moved.body(), "server")).isEqualTo("a");
            assertThat(moved.headers().allValues("set-cookie")).containsExactly(COOKIE + "=" + StickyCookie.hash(a.url()) + "; Path=/");
        }
    }
}
