package io.gatehouse.core.routing;

import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.ProxyPeerAddressHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** What rules see of real requests, sent over real sockets to a real Undertow server. */
@Timeout(60)
class ExchangeMatchInputTest {

    /** Describes the match input; the query parameter names to show come in X-Names (comma-separated). */
    private static final HttpHandler DESCRIBE = exchange -> {
        ExchangeMatchInput input = new ExchangeMatchInput(exchange, "/p");
        StringBuilder out = new StringBuilder()
                .append("host=").append(input.host())
                .append("|method=").append(input.method())
                .append("|client=").append(input.clientAddress().getHostAddress())
                .append("|source=").append(exchange.getSourceAddress().getAddress().getHostAddress())
                .append("|multi=").append(input.headerValues("x-MULTI"))
                .append("|absent=").append(input.headerValues("X-Absent"));
        String names = exchange.getRequestHeaders().getFirst("X-Names");
        if (names != null) {
            for (String name : names.split(",", -1)) {
                out.append("|q(").append(name).append(")=").append(input.queryValues(name))
                        .append(input.hasQueryParameter(name) ? "+" : "-");
            }
        }
        // the facts are computed once: asking again gives the same instances
        assertThat(input.host()).isSameAs(input.host());
        exchange.getResponseSender().send(out.toString(), StandardCharsets.UTF_8);
    };

    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(new ProxyPeerAddressHandler(DESCRIBE));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String describe(String headers) throws Exception {
        return describe("/p", headers);
    }

    private static String describe(String target, String headers) throws Exception {
        RawHttp.Response response = RawHttp.send(server.port(),
                "GET " + target + " HTTP/1.1\r\n" + headers + "Connection: close\r\n\r\n");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    static Stream<Arguments> hosts() {
        return Stream.of(
                arguments("example.com", "example.com"),
                arguments("Example.COM", "example.com"),
                arguments("example.com:8080", "example.com"),
                arguments("EXAMPLE.com:443", "example.com"),
                arguments("example.com.", "example.com"),
                arguments("example.com.:8080", "example.com"),
                arguments("127.0.0.1:8080", "127.0.0.1"),
                arguments("[::1]:8080", "::1"),
                arguments("[::1]", "::1"),
                arguments("[2001:DB8::1]:443", "2001:db8::1"));
    }

    @ParameterizedTest(name = "Host: {0} -> {1}")
    @MethodSource("hosts")
    void hostIsCanonical(String hostHeader, String expected) throws Exception {
        assertThat(describe("Host: " + hostHeader + "\r\n")).startsWith("host=" + expected + "|");
    }

    @Test
    void missingHostIsEmpty() throws Exception {
        RawHttp.Response response = RawHttp.send(server.port(), "GET /p HTTP/1.0\r\n\r\n");

        assertThat(response.body()).startsWith("host=|");
    }

    @Test
    void http2AuthorityIsTheHost() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        URI uri = URI.create("http://localhost:" + server.port() + "/p");
        // the first request upgrades the connection (h2c); the second one is sent as HTTP/2 with :authority
        client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(response.body()).startsWith("host=localhost|method=GET|");
    }

    @Test
    void methodAndHeaders() throws Exception {
        RawHttp.Response response = RawHttp.send(server.port(), "DELETE /p HTTP/1.1\r\nHost: a\r\n"
                + "X-Multi: one\r\nx-multi: two\r\nConnection: close\r\n\r\n");

        assertThat(response.body()).contains("|method=DELETE|").contains("|multi=[one, two]|absent=[]");
    }

    @Test
    void clientAddressIsThePeerNeverAForwardedHeader() throws Exception {
        String description = describe("Host: a\r\nX-Forwarded-For: 203.0.113.9\r\n");

        // ProxyPeerAddressHandler rewrote the exchange's source address; rules still see the peer
        assertThat(description).contains("|source=203.0.113.9|").contains("|client=127.0.0.1|");
    }

    @Test
    void ipv6ClientAddress() throws Exception {
        try (TestServer v6 = TestServer.start("::1", DESCRIBE)) {
            RawHttp.Response response = RawHttp.send(InetAddress.getByName("::1"), v6.port(),
                    "GET /p HTTP/1.1\r\nHost: [::1]\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

            assertThat(response.body()).startsWith("host=::1|").contains("|client=0:0:0:0:0:0:0:1|");
        }
    }

    static Stream<Arguments> queries() {
        return Stream.of(
                arguments("a=1&a=2&b", "a,b,c", "q(a)=[1, 2]+|q(b)=[]+|q(c)=[]-"),
                arguments("b=", "b", "q(b)=[]+"),
                arguments("q=a+b%20c", "q", "q(q)=[a b c]+"),
                arguments("a%20b=1&a+b=2", "a b", "q(a b)=[1, 2]+"),
                arguments("k;x=1&y=2", "k,k;x,y", "q(k)=[]-|q(k;x)=[]-|q(y)=[2]+"),
                arguments("=v&&x=1", ",x", "q()=[v]+|q(x)=[1]+"),
                arguments("e=%C3%A9%E2%82%AC", "e", "q(e)=[é€]+"),
                arguments("s=/../admin&t=%2F", "s,t", "q(s)=[/../admin]+|q(t)=[/]+"),
                arguments("x=a=b", "x", "q(x)=[a=b]+"));
    }

    @ParameterizedTest(name = "?{0}")
    @MethodSource("queries")
    void queryDecodedAsGoDoes(String query, String names, String expected) throws Exception {
        String description = describe("/p?" + query, "Host: a\r\nX-Names: " + names + "\r\n");

        assertThat(description.substring(description.indexOf("|q("))).isEqualTo("|" + expected);
    }

    @Test
    void badEscapesDropThePairAsGoDoes() {
        // Undertow's parser refuses these on the wire; the decoder still drops them if they reach it
        assertThat(QueryParameters.parse("a=%zz&b=1&c=%2&%zz=3&d=%41"))
                .containsOnlyKeys("b", "d")
                .containsEntry("d", java.util.List.of("A"));
        assertThat(QueryParameters.parse("f=%FF").get("f")).containsExactly("\uFFFD");
        assertThat(QueryParameters.parse("")).isEmpty();
        assertThat(QueryParameters.parse(null)).isEmpty();
    }
}
