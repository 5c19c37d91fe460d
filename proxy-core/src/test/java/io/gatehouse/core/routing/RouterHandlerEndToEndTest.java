package io.gatehouse.core.routing;

import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.proxy.LoadBalancingProxyClient;
import io.undertow.server.handlers.proxy.ProxyHandler;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Gatehouse in front of a real backend through Undertow's ProxyHandler: an {@code /admin} route and a
 * catch-all. The backend echoes the route and the request target it received, so each case shows
 * what was matched and what was forwarded.
 */
@Timeout(60)
class RouterHandlerEndToEndTest {

    private static final HttpString ROUTE_HEADER = new HttpString("X-Test-Route");

    private static TestServer backend;
    private static TestServer proxy;
    private static RouterHandler router;

    @BeforeAll
    static void start() throws Exception {
        backend = TestServer.start(exchange -> {
            String query = exchange.getQueryString();
            String target = exchange.getRequestURI() + (query == null || query.isEmpty() ? "" : "?" + query);
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
            exchange.getResponseSender().send(exchange.getRequestHeaders().getFirst(ROUTE_HEADER) + " " + target);
        });
        ProxyHandler forward = ProxyHandler.builder()
                .setProxyClient(new LoadBalancingProxyClient().addHost(new URI("http://127.0.0.1:" + backend.port())))
                .setMaxRequestTime(30_000)
                .build();
        router = new RouterHandler(RouteTable.build(List.of(
                new Route("admin", TestRules.pathPrefix("/admin"), 0, tagged("admin", forward)),
                new Route("public", TestRules.any(), 1, tagged("public", forward)))));
        proxy = TestServer.start(router);
    }

    private static HttpHandler tagged(String route, HttpHandler next) {
        return exchange -> {
            exchange.getRequestHeaders().put(ROUTE_HEADER, route);
            next.handleRequest(exchange);
        };
    }

    @AfterAll
    static void stop() {
        proxy.close();
        backend.close();
    }

    static Stream<Arguments> routed() {
        return Stream.of(
                arguments("/admin/x", "admin /admin/x"),
                arguments("/public/x", "public /public/x"),
                arguments("/public/../admin", "admin /admin"),
                arguments("/public/./../admin/", "admin /admin/"),
                arguments("/%2e%2e/admin", "admin /admin"),
                arguments("/%2E%2E/admin", "admin /admin"),
                arguments("/public/%2e%2e/admin/x", "admin /admin/x"),
                arguments("//admin", "admin /admin"),
                arguments("///admin//secret", "admin /admin/secret"),
                arguments("/admin/./x", "admin /admin/x"),
                arguments("/../admin", "admin /admin"),
                arguments("/../../x", "public /x"),
                arguments("/%61dmin", "admin /admin"),
                arguments("/%252e%252e/admin", "public /%252e%252e/admin"),
                arguments("/public/%252e%252e/admin", "public /public/%252e%252e/admin"),
                arguments("/public%2F..%2Fadmin", "public /public%2F..%2Fadmin"),
                arguments("/public%2f..%2fadmin", "public /public%2F..%2Fadmin"),
                arguments("/admin%2fx", "admin /admin%2Fx"),
                arguments("/foo%20bar", "public /foo%20bar"),
                arguments("/caf%c3%a9", "public /caf%C3%A9"),
                arguments("/a%3bb;c=d", "public /a%3Bb;c=d"),
                arguments("/x?q=a+b&r=%2e%2E&s=/../admin", "public /x?q=a+b&r=%2e%2E&s=/../admin"),
                arguments("/public/..?x=1", "public /?x=1"),
                arguments("/public/../admin?x=%2e%2e", "admin /admin?x=%2e%2e"),
                arguments("http://test.local/public/../admin", "admin /admin"),
                arguments("http://test.local", "public /"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("routed")
    void routesAndForwardsTheNormalizedPath(String target, String expected) throws Exception {
        RawHttp.Response response = RawHttp.get(proxy.port(), target);

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(expected);
    }

    static Stream<String> refused() {
        return Stream.of(
                "/public\\..\\admin",
                "/admin\\x",
                "/public/..;/admin",
                "/public/..%3B/admin",
                "/public%5C..%5Cadmin",
                "/a#/../admin",
                "/%zz/admin",
                "/admin%2",
                "/admin%",
                "/a%00b",
                "/a%0d%0aX-Injected:%20yes",
                "/%C0%AE%C0%AE/admin",
                "/%FF");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void refusesAmbiguousTargets(String target) throws Exception {
        RawHttp.Response response = RawHttp.get(proxy.port(), target);

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.body()).doesNotContain("admin ").doesNotContain("public ");
    }

    @Test
    void refusesRawControlAndNonAsciiBytes() throws Exception {
        for (byte[] target : List.of(new byte[] {'/', 'a', 0x01, 'b'}, new byte[] {'/', (byte) 0xC3, (byte) 0xA9},
                new byte[] {'/', 'a', 0x7F})) {
            byte[] head = "GET ".getBytes(StandardCharsets.US_ASCII);
            byte[] tail = " HTTP/1.1\r\nHost: test.local\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            byte[] request = new byte[head.length + target.length + tail.length];
            System.arraycopy(head, 0, request, 0, head.length);
            System.arraycopy(target, 0, request, head.length, target.length);
            System.arraycopy(tail, 0, request, head.length + target.length, tail.length);

            RawHttp.Response response = RawHttp.send(java.net.InetAddress.getLoopbackAddress(), proxy.port(), request);

            assertThat(response.status()).isEqualTo(400);
        }
    }

    @Test
    void optionsAsteriskIsRoutedWithPathAsterisk() throws Exception {
        RawHttp.Response response = RawHttp.send(proxy.port(),
                "OPTIONS * HTTP/1.1\r\nHost: test.local\r\nConnection: close\r\n\r\n");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("public *");
    }

    @Test
    void absoluteFormTargetRoutesOnItsOwnAuthority() throws Exception {
        TestServer hostEcho = TestServer.start(new RouterHandler(RouteTable.build(List.of(
                new Route("a", TestRules.host("a.example"), 0, exchange -> exchange.getResponseSender()
                        .send("a " + exchange.getRequestHeaders().getFirst(Headers.HOST) + " " + exchange.getRequestURI())),
                new Route("b", TestRules.host("b.example"), 0, exchange -> exchange.getResponseSender()
                        .send("b " + exchange.getRequestHeaders().getFirst(Headers.HOST)))))));
        try (hostEcho) {
            // HTTP/1.0 needs no Host: the target's authority becomes the Host routed on and forwarded.
            RawHttp.Response noHost = RawHttp.send(hostEcho.port(),
                    "GET http://a.example:8080/x/../y HTTP/1.0\r\n\r\n");
            // Undertow itself refuses a Host header naming another host than the target.
            RawHttp.Response otherHost = RawHttp.send(hostEcho.port(),
                    "GET http://a.example/y HTTP/1.1\r\nHost: b.example\r\nConnection: close\r\n\r\n");
            RawHttp.Response sameHost = RawHttp.send(hostEcho.port(),
                    "GET http://a.example:8080/y HTTP/1.1\r\nHost: a.example\r\nConnection: close\r\n\r\n");

            assertThat(noHost.status()).isEqualTo(200);
            assertThat(noHost.body()).isEqualTo("a a.example:8080 /y");
            assertThat(otherHost.status()).isEqualTo(400);
            assertThat(sameHost.status()).isEqualTo(200);
            assertThat(sameHost.body()).isEqualTo("a a.example:8080 /y");
        }
    }

    @Test
    void http2RequestsAreNormalizedTheSameWay() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        String base = "http://127.0.0.1:" + proxy.port();
        client.send(HttpRequest.newBuilder(URI.create(base + "/")).build(), HttpResponse.BodyHandlers.ofString());

        for (String[] c : new String[][] {
                {"/public/../admin?x=1", "admin /admin?x=1"},
                {"/%2e%2e/admin/./x", "admin /admin/x"},
                {"//admin", "admin /admin"},
                {"/%252e%252e/admin", "public /%252e%252e/admin"}}) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(base + c[0])).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(response.body()).as(c[0]).isEqualTo(c[1]);
        }
        HttpResponse<String> refused = client.send(HttpRequest.newBuilder(URI.create(base + "/a/..;/admin")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(400);
    }

    @Test
    void invalidEscapeInQueryIsRefusedByUndertow() throws Exception {
        assertThat(RawHttp.get(proxy.port(), "/x?r=%zz").status()).isEqualTo(400);
    }
}
