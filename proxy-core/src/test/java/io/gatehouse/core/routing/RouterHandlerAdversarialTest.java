package io.gatehouse.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.core.rule.RuleParser;
import io.gatehouse.core.rule.RuleSyntaxException;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.util.Headers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Path-bypass tricks against {@code PathPrefix(`/admin`)} over a real Undertow listener and raw sockets (request
 * lines written by hand). The admin route must be matched, or the request refused with 400; the public route
 * must never receive a target a backend would resolve to /admin.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RouterHandlerAdversarialTest {

    private static Undertow server;
    private static int port;

    @BeforeAll
    static void startServer() throws RuleSyntaxException {
        RouteTable table = RouteTable.build(List.of(
                new Route("admin@test", RuleParser.parse("PathPrefix(`/admin`)"), 0, reply("admin")),
                new Route("adminhost@test", RuleParser.parse("Host(`admin.example`)"), 10_000, reply("adminhost")),
                new Route("mobile@test", RuleParser.parse("Path(`/q`) && Query(`mobile`, `true`)"), 5_000,
                        reply("mobile")),
                new Route("flag@test", RuleParser.parse("Path(`/q`) && Query(`flag`)"), 4_000, reply("flag")),
                new Route("public@test", RuleParser.parse("PathPrefix(`/`)"), 0, reply("public"))));
        server = Undertow.builder()
                .addHttpListener(0, "127.0.0.1")
                .setServerOption(UndertowOptions.DECODE_URL, false)
                .setServerOption(UndertowOptions.MAX_HEADER_SIZE, 8 << 20)
                .setHandler(new RouterHandler(table))
                .build();
        server.start();
        port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.stop();
        }
    }

    private static HttpHandler reply(String name) {
        return exchange -> {
            String query = exchange.getQueryString();
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
            exchange.getResponseSender().send(name + " " + exchange.getRequestURI()
                    + (query == null || query.isEmpty() ? "" : "?" + query));
        };
    }

    /** Status code and body of one request on its own connection; status -1 when closed without a response. */
    record Response(int status, String body) {
        String route() {
            int space = body.indexOf(' ');
            return status == 200 && space > 0 ? body.substring(0, space) : "";
        }

        String forwarded() {
            return body.substring(body.indexOf(' ') + 1);
        }
    }

    static Response send(byte[] head) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(head);
                out.flush();
            } catch (SocketException closedEarly) {
                // the server may refuse and close before reading everything; read what it answered
            }
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    received.write(buffer, 0, n);
                }
            } catch (SocketException reset) {
                // connection reset after the response
            }
            String response = received.toString(StandardCharsets.UTF_8);
            if (response.isEmpty()) {
                return new Response(-1, "");
            }
            int status = Integer.parseInt(response.substring(9, 12));
            int bodyStart = response.indexOf("\r\n\r\n");
            return new Response(status, bodyStart < 0 ? "" : response.substring(bodyStart + 4));
        }
    }

    static Response get(String target, String host) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        head.writeBytes(("GET ").getBytes(StandardCharsets.ISO_8859_1));
        head.writeBytes(target.getBytes(StandardCharsets.UTF_8));
        head.writeBytes((" HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        return send(head.toByteArray());
    }

    static Response get(String target) throws IOException {
        return get(target, "public.example");
    }

    /**
     * How a lenient backend (Tomcat-like, plus backslash-as-slash) reads a forwarded target: ";params" stripped
     * from every segment, escapes decoded once (except %2F, which routing.md documents as kept and the backend's
     * business), '\' taken as '/', empty segments collapsed, dot segments resolved.
     */
    static String backendView(String target) {
        int query = target.indexOf('?');
        String path = query < 0 ? target : target.substring(0, query);
        StringBuilder stripped = new StringBuilder();
        for (String segment : path.split("/", -1)) {
            int semicolon = segment.indexOf(';');
            stripped.append(semicolon < 0 ? segment : segment.substring(0, semicolon)).append('/');
        }
        String decoded = decodeOnceKeepingSlashEscapes(stripped.substring(0, stripped.length() - 1))
                .replace('\\', '/');
        Deque<String> out = new ArrayDeque<>();
        for (String segment : decoded.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                out.pollLast();
            } else {
                out.addLast(segment);
            }
        }
        return "/" + String.join("/", out);
    }

    private static String decodeOnceKeepingSlashEscapes(String s) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() && !s.regionMatches(true, i, "%2F", 0, 3)) {
                try {
                    bytes.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                    i += 2;
                    continue;
                } catch (NumberFormatException notAnEscape) {
                    // fall through: literal '%'
                }
            }
            bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    static void assertNoBypass(String target, Response response) {
        String route = response.route();
        if (response.status == 400) {
            return;
        }
        assertThat(response.status).as("status for %s (body %s)", show(target), response.body()).isEqualTo(200);
        if (route.equals("admin")) {
            assertThat(response.forwarded()).as("admin forwards an admin path for %s", show(target))
                    .startsWith("/admin");
            return;
        }
        assertThat(route).as("route for %s", show(target)).isEqualTo("public");
        assertThat(backendView(response.forwarded()))
                .as("public route got %s for %s; a backend reads it as", response.forwarded(), show(target))
                .doesNotStartWith("/admin");
    }

    static String show(String s) {
        String shown = s.length() > 150 ? s.substring(0, 150) + "...(" + s.length() + " chars)" : s;
        StringBuilder out = new StringBuilder();
        for (char c : shown.toCharArray()) {
            out.append(c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c));
        }
        return "<" + out + ">";
    }

    @Test
    void backendModelSeesTheTricks() {
        // the model used below must itself recognise the tricks, or the bypass assertions prove nothing
        assertThat(backendView("/public/../admin")).isEqualTo("/admin");
        assertThat(backendView("/public/..;/admin")).isEqualTo("/admin");
        assertThat(backendView("/;x/admin")).isEqualTo("/admin");
        assertThat(backendView("/public/%2e%2e/admin")).isEqualTo("/admin");
        assertThat(backendView("/public%5c..%5cadmin")).isEqualTo("/admin");
        assertThat(backendView("/public%2F..%2Fadmin")).isEqualTo("/public%2F..%2Fadmin");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/admin", "/admin/x", "/public/../admin", "/%2e%2e/admin", "/%2E%2E/admin",
            "/public/%2e%2e/admin", "/public/%2E%2e/admin", "/public/.%2e/admin", "/public/%2e./admin", "//admin",
            "///admin//x", "/./admin", "/%2e/admin", "/%61dmin", "/%41dmin/../admin", "/public/x/../../admin",
            "/../../../../admin", "/admin;x", "/admin;x/y", "/admin/..;/x", "/public/..;/admin", "/public/.;/admin",
            "/public/..%3b/admin", "/public/..%3B/admin", "/public/%2e%2e;/admin", "/;/admin", "/;x/admin",
            "/;x=1/admin", "//;/admin", "/public%2f..%2fadmin", "/public%2F..%2Fadmin", "/public/%252e%252e/admin",
            "/public/%c0%ae%c0%ae/admin", "/public/%C0%AE%C0%AE/admin", "/public/%e0%80%ae%e0%80%ae/admin",
            "/public%5c..%5cadmin", "/public%5C..%5Cadmin", "/public/..%5cadmin", "/public/..%00/admin",
            "/public%00/../admin", "/admin%00", "/public/%2e%2e%00/admin", "/public/..%0a/admin", "/public/..%09/admin",
            "/public/%ef%bc%8e%ef%bc%8e/admin", "/public%ef%bc%8f..%ef%bc%8fadmin", "/public/..%c0%af/admin",
            "/public/%2e%2e%2fadmin", "/public/..%2f..%2fadmin", "/%2fadmin", "/public/.%2E/./admin/",
            "/public/..;jsessionid=1/admin", "/%3b/admin", "/public/%252e%252e%252fadmin", "/PUBLIC/../admin",
            "/ADMIN", "/Admin", "/admin%2f..%2fpublic", "/public/%2e%2e/%2e%2e/%2e%2e/admin"})
    void pathTricksAgainstAdminAreRoutedToAdminOrRefused(String target) throws IOException {
        Response response = get(target);
        assertNoBypass(target, response);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/public\\..\\admin", "/public\\admin", "/a#/../admin", "/public#/../admin",
            "/public/..\u0000/admin", "/public\u0000/../admin", "/pub lic/../admin", "/public/..\t/admin",
            "/caf\u00e9/../admin", "/%zz/../admin", "/admin%2", "/admin%", "/public/%u002e%u002e/admin"})
    void rawHostileBytesAreRefusedWith400(String target) throws IOException {
        Response response = get(target);
        // routing.md: "Refused with 400 Bad Request" (Undertow's parser or RoutingPath)
        assertThat(response.status).as("status for %s (body %s)", show(target), response.body()).isEqualTo(400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/a%00b", "/a%0d%0aX-Injected:%20y", "/%01", "/%1F", "/%7f", "/public%5C..%5Cadmin",
            "/%C0%AE%C0%AE/admin", "/%FF", "/%E9t%E9", "/public/..;/admin", "/public/.;x/a", "/public/..%3B/admin",
            "/x?r=%zz"})
    void documentedRefusalsAreAnswered400(String target) throws IOException {
        Response response = get(target);
        assertThat(response.status).as("status for %s (body %s)", show(target), response.body()).isEqualTo(400);
    }

    @Test
    void queryIsForwardedUntouchedAndNeverResolved() throws IOException {
        Response response = get("/x?q=/../admin");
        assertThat(response.route()).isEqualTo("public");
        assertThat(response.forwarded()).isEqualTo("/x?q=/../admin");
        Response dots = get("/public/..?/admin");
        assertThat(dots.route()).isEqualTo("public");
        assertThat(dots.forwarded()).isEqualTo("/?/admin");
    }

    @Test
    void megabytePathIsRoutedOnItsNormalizedForm() throws IOException {
        String target = "/public" + "/x/..".repeat(200_000) + "/../admin";
        Response response = get(target);
        assertNoBypass(target, response);
        assertThat(response.route()).isEqualTo("admin");
        assertThat(response.forwarded()).isEqualTo("/admin");
    }

    @Test
    void hundredThousandDotDotSegmentsAreRoutedOnTheirNormalizedForm() throws IOException {
        String target = "/public/" + "../".repeat(100_000) + "admin";
        Response response = get(target);
        assertThat(response.route()).isEqualTo("admin");
        assertThat(response.forwarded()).isEqualTo("/admin");
        String encoded = "/public/" + "%2e%2e/".repeat(100_000) + "admin";
        Response encodedResponse = get(encoded);
        assertThat(encodedResponse.route()).isEqualTo("admin");
        assertThat(encodedResponse.forwarded()).isEqualTo("/admin");
    }

    @Test
    void megabyteSingleSegmentIsForwardedWhole() throws IOException {
        String target = "/admin/" + "a".repeat(1 << 20);
        Response response = get(target);
        assertThat(response.route()).isEqualTo("admin");
        assertThat(response.forwarded()).isEqualTo(target);
    }

    @Test
    void absoluteFormTargetsAreNormalizedToo() throws IOException {
        for (String target : List.of("http://public.example/public/../admin", "http://public.example/%2e%2e/admin",
                "http://public.example//admin", "http://public.example/public/..;/admin")) {
            assertNoBypass(target, get(target, "public.example"));
        }
        Response response = get("http://public.example/public/../admin", "public.example");
        assertThat(response.route()).isEqualTo("admin");
        assertThat(response.forwarded()).isEqualTo("/admin");
    }

    @Test
    void moreAbsoluteFormSpellingsNeverBypass() throws IOException {
        for (String target : List.of("HTTP://public.example/public/../admin", "http://public.example:80/%2e%2e/admin",
                "http://public.example/;x/../admin", "http://public.example", "http://public.example?x=/../admin",
                "http://public.example/public%2f..%2fadmin", "http://public.example/public\\..\\admin",
                "http://public.example/a#/../admin")) {
            Response response = get(target, "public.example");
            if (response.status != 404) {
                assertNoBypass(target, response);
            }
        }
    }

    @Test
    void authorityFormIsRefused() throws IOException {
        // routing.md: "CONNECT host:443 (authority-form) ... not a path" is refused with 400
        Response response = send(("CONNECT admin.example:443 HTTP/1.1\r\nHost: admin.example:443\r\n"
                + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        assertThat(response.status).as("status, body %s", response.body).isEqualTo(400);
    }

    @Test
    void pipelinedRequestsAreEachRoutedOnTheirOwnPath() throws IOException {
        String pipeline = "GET /public/../admin HTTP/1.1\r\nHost: public.example\r\n\r\n"
                + "GET /public/x HTTP/1.1\r\nHost: public.example\r\n\r\n"
                + "GET /public/..;/admin HTTP/1.1\r\nHost: public.example\r\n\r\n"
                + "GET /%2e%2e/admin/y HTTP/1.1\r\nHost: public.example\r\nConnection: close\r\n\r\n";
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(60_000);
            socket.getOutputStream().write(pipeline.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            String all = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(all).contains("admin /admin").contains("public /public/x");
            // the refused third request may close the connection (then the fourth is never answered)
            int third = all.indexOf("HTTP/1.1", all.indexOf("public /public/x"));
            assertThat(third).isPositive();
            assertThat(all.substring(third, third + 12)).isEqualTo("HTTP/1.1 400");
            assertThat(all.substring(third)).doesNotContain("public /public/..").doesNotContain("public /admin");
        }
    }

    @Test
    void hostHeaderWhitespaceIsTrimmed() throws IOException {
        Response response = send(("GET /x HTTP/1.1\r\nHost:   admin.example   \r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        assertThat(response.route()).as("status %s", response.status).isEqualTo("adminhost");
    }

    // ------------------------------------------------------------ host tricks (routing.md, "The request host")

    @ParameterizedTest
    @ValueSource(strings = {"admin.example", "ADMIN.EXAMPLE", "Admin.Example.", "admin.example:8080", "admin.example.:80"})
    void everySpellingOfTheAdminHostIsRoutedToIt(String host) throws IOException {
        Response response = get("/x", host);
        assertThat(response.route()).as("route for Host: %s", host).isEqualTo("adminhost");
    }

    @ParameterizedTest
    @ValueSource(strings = {"admin.example..", "xadmin.example", "admin.example.evil", "admin-example", "admin",
            "admin.exampl", "sub.admin.example"})
    void lookAlikeHostsAreNotTheAdminHost(String host) throws IOException {
        Response response = get("/x", host);
        assertThat(response.route()).as("route for Host: %s (status %s)", host, response.status)
                .isNotEqualTo("adminhost");
    }

    @Test
    void absoluteFormAuthorityReplacesTheHostHeaderOrIsRefused() throws IOException {
        // routing.md: "Undertow itself refuses an HTTP/1.1 absolute-form request whose Host header names another
        // host"; when it does not, the target's authority is the host routed on.
        Response response = get("http://admin.example/x", "public.example");
        if (response.status != 400) {
            assertThat(response.route()).as("status %s body %s", response.status, response.body)
                    .isEqualTo("adminhost");
        }
        Response sameHost = get("http://admin.example/x", "admin.example");
        assertThat(sameHost.route()).as("status %s body %s", sameHost.status, sameHost.body).isEqualTo("adminhost");
        // another spelling of the same host: Undertow compares strictly and may refuse; never another route
        Response otherSpelling = get("http://ADMIN.example:80/x", "admin.example");
        if (otherSpelling.status != 400) {
            assertThat(otherSpelling.route()).isEqualTo("adminhost");
        }
    }

    @Test
    void missingHostWithHttp10MatchesNoHostRule() throws IOException {
        Response response = send("GET /x HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(response.route()).isEqualTo("public");
    }

    @Test
    void duplicateHostHeadersDoNotReachTheAdminHostByTheSecondValue() throws IOException {
        Response response = send(("GET /x HTTP/1.1\r\nHost: public.example\r\nHost: admin.example\r\n"
                + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        // RFC 9112 3.2: a request with more than one Host field must be answered 400; docs are silent.
        assertThat(response.status == 400 || !response.route().equals("adminhost"))
                .as("status %s route %s", response.status, response.route()).isTrue();
    }

    // ------------------------------------------------------------ query edge cases (routing.md)

    @Test
    void queryDecodingFollowsGoParseQuery() throws IOException {
        assertThat(get("/q?mobile=true").route()).isEqualTo("mobile");
        assertThat(get("/q?mobile=%74rue").route()).isEqualTo("mobile");
        assertThat(get("/q?x=1&mobile=true").route()).isEqualTo("mobile");
        assertThat(get("/q?mobile=false&mobile=true").route()).isEqualTo("mobile");
        // "a pair containing ';' is dropped"
        assertThat(get("/q?mobile=true;x=1").route()).isEqualTo("public");
        assertThat(get("/q?x=1;y&mobile=true").route()).isEqualTo("mobile");
        // "+ is a space"
        assertThat(get("/q?mobile=tr+ue").route()).isEqualTo("public");
        assertThat(get("/q?mobile=true+").route()).isEqualTo("public");
        // Query(`flag`): present with an empty value only
        assertThat(get("/q?flag").route()).isEqualTo("flag");
        assertThat(get("/q?flag=").route()).isEqualTo("flag");
        assertThat(get("/q?flag=1").route()).isEqualTo("public");
        assertThat(get("/q?%66lag").route()).isEqualTo("flag");
        assertThat(get("/q?").route()).isEqualTo("public");
        assertThat(get("/q?&&&").route()).isEqualTo("public");
        assertThat(get("/q?=flag").route()).isEqualTo("public");
        // "a pair with an invalid escape is dropped (Undertow's parser already refuses such requests with 400)"
        assertThat(get("/q?flag&x=%zz").status()).isEqualTo(400);
    }
}
