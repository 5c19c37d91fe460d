package io.gatehouse.middleware.forwardauth;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.gatehouse.core.config.DynamicConfig;
import io.gatehouse.core.middleware.MiddlewareContext;
import io.gatehouse.core.testing.EchoHandler;
import io.gatehouse.core.testing.TestServer;
import io.gatehouse.middleware.testing.DocExamples;
import io.gatehouse.middleware.testing.Middlewares;
import io.gatehouse.middleware.testing.ProxyFixture;
import io.undertow.server.HttpHandler;
import io.undertow.util.Headers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class ForwardAuthTest {

    private WireMockServer auth;

    @BeforeEach
    void startAuthServer() {
        auth = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        auth.start();
    }

    @AfterEach
    void stopAuthServer() {
        auth.stop();
    }

    private String authUrl(String path) {
        return "http://127.0.0.1:" + auth.port() + path;
    }

    /** A backend answering with the request headers (echo) and, after a blank line, the request body. */
    private static final HttpHandler ECHO_WITH_BODY = exchange -> exchange.getRequestReceiver().receiveFullString((ex, body) -> {
        StringBuilder out = new StringBuilder("method: " + ex.getRequestMethod() + "\n");
        ex.getRequestHeaders().forEach(values -> values.forEach(v ->
                out.append(values.getHeaderName().toString().toLowerCase()).append(": ").append(v).append('\n')));
        ex.getResponseHeaders().add(Headers.SET_COOKIE, "session=backend; Path=/");
        ex.getResponseHeaders().add(Headers.SET_COOKIE, "theme=dark");
        ex.getResponseSender().send(out.append("body: ").append(body).append('\n').toString());
    }, StandardCharsets.UTF_8);

    @Test
    void twoHundredLetsTheRequestThroughWithCopiedHeaders() throws Exception {
        auth.stubFor(get(urlEqualTo("/verify")).willReturn(aResponse().withStatus(200)
                .withHeader("X-Auth-User", "alice").withHeader("X-Auth-Secret", "s3")
                .withHeader("X-Group-A", "admins").withHeader("X-Other", "no")));
        ForwardAuth middleware = new ForwardAuth(ForwardAuthConfig.address(authUrl("/verify"))
                .withAuthResponseHeaders("X-Auth-User", "X-Auth-Secret", "X-Missing")
                .withAuthResponseHeadersRegex("^X-Group-"), "m");
        try (ProxyFixture proxy = ProxyFixture.start(middleware, false)) {
            HttpResponse<String> response = proxy.get("/app/page?q=1", "X-Auth-User", "forged", "X-Missing", "forged",
                    "X-Group-B", "forged", "Cookie", "c=1");
            assertThat(response.statusCode()).isEqualTo(200);
            String body = response.body();
            assertThat(EchoHandler.fields(body, "x-auth-user")).containsExactly("alice");
            assertThat(EchoHandler.field(body, "x-auth-secret")).isEqualTo("s3");
            assertThat(EchoHandler.field(body, "x-missing")).as("listed but not answered: removed").isNull();
            assertThat(EchoHandler.field(body, "x-group-a")).isEqualTo("admins");
            assertThat(EchoHandler.field(body, "x-group-b")).as("matches the regex: client's removed").isNull();
            assertThat(EchoHandler.field(body, "x-other")).isNull();
            assertThat(EchoHandler.field(body, "uri")).isEqualTo("/app/page?q=1");
        }
        LoggedRequest sent = auth.findAll(getRequestedFor(urlEqualTo("/verify"))).get(0);
        assertThat(sent.getMethod().getName()).isEqualTo("GET");
        assertThat(sent.getHeader("Cookie")).isEqualTo("c=1");
        assertThat(sent.getHeader("X-Forwarded-Method")).isEqualTo("GET");
        assertThat(sent.getHeader("X-Forwarded-Uri")).isEqualTo("/app/page?q=1");
        assertThat(sent.getHeader("X-Forwarded-Proto")).isEqualTo("http");
        assertThat(sent.getHeader("X-Forwarded-For")).isEqualTo("127.0.0.1");
        assertThat(sent.getHeader("X-Forwarded-Host")).startsWith("127.0.0.1:");
    }

    @Test
    void deniedAnswersGoBackToTheClientWithBodyAndHeaders() throws Exception {
        auth.stubFor(get(urlEqualTo("/401")).willReturn(aResponse().withStatus(401)
                .withHeader("WWW-Authenticate", "Bearer realm=\"x\"").withHeader("X-Reason", "expired").withBody("login first")));
        auth.stubFor(get(urlEqualTo("/403")).willReturn(aResponse().withStatus(403).withBody("go away")));
        auth.stubFor(get(urlEqualTo("/302")).willReturn(aResponse().withStatus(302).withHeader("Location", "/login?next=1")));
        AtomicInteger backendCalls = new AtomicInteger();
        HttpHandler backend = exchange -> {
            backendCalls.incrementAndGet();
            exchange.getResponseSender().send("backend");
        };
        try (ProxyFixture p401 = ProxyFixture.start(ForwardAuth.of(authUrl("/401")), backend, false);
             ProxyFixture p403 = ProxyFixture.start(ForwardAuth.of(authUrl("/403")), backend, false);
             ProxyFixture p302 = ProxyFixture.start(ForwardAuth.of(authUrl("/302")), backend, false);
             ProxyFixture kept = ProxyFixture.start(new ForwardAuth(ForwardAuthConfig.address(authUrl("/302"))
                     .withPreserveLocationHeader(true), "m"), backend, false)) {
            HttpResponse<String> r401 = p401.get("/");
            assertThat(r401.statusCode()).isEqualTo(401);
            assertThat(r401.body()).isEqualTo("login first");
            assertThat(r401.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"x\"");
            assertThat(r401.headers().firstValue("X-Reason")).hasValue("expired");
            HttpResponse<String> r403 = p403.get("/");
            assertThat(r403.statusCode()).isEqualTo(403);
            assertThat(r403.body()).isEqualTo("go away");
            HttpResponse<String> r302 = p302.get("/");
            assertThat(r302.statusCode()).isEqualTo(302);
            assertThat(r302.headers().firstValue("Location")).hasValue(authUrl("/login?next=1"));
            assertThat(kept.get("/").headers().firstValue("Location")).hasValue("/login?next=1");
        }
        assertThat(backendCalls).hasValue(0);
    }

    @Test
    void anUnreachableAuthServerDenies() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        AtomicInteger backendCalls = new AtomicInteger();
        try (ProxyFixture proxy = ProxyFixture.start(ForwardAuth.of("http://127.0.0.1:" + closedPort + "/verify"),
                exchange -> backendCalls.incrementAndGet(), false)) {
            for (int i = 0; i < 3; i++) {
                assertThat(proxy.get("/").statusCode()).isEqualTo(500);
            }
        }
        // A server that closes the connection without answering: denied too.
        auth.stubFor(any(anyUrl()).willReturn(aResponse().withFault(com.github.tomakehurst.wiremock.http.Fault.CONNECTION_RESET_BY_PEER)));
        try (ProxyFixture proxy = ProxyFixture.start(ForwardAuth.of(authUrl("/verify")), exchange -> backendCalls.incrementAndGet(), false)) {
            assertThat(proxy.get("/").statusCode()).isEqualTo(500);
        }
        assertThat(backendCalls).hasValue(0);
    }

    @Test
    void aSlowAuthServerDoesNotHoldTheIoThread() throws Exception {
        int concurrent = 5;
        CountDownLatch allArrived = new CountDownLatch(concurrent);
        // The auth server answers nobody until all requests are waiting at once: only possible if the proxy's
        // single IO thread keeps accepting while earlier calls are outstanding.
        try (TestServer slowAuth = TestServer.http(exchange -> exchange.dispatch(() -> {
            allArrived.countDown();
            try {
                if (!allArrived.await(30, TimeUnit.SECONDS)) {
                    exchange.setStatusCode(504);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.getResponseHeaders().put(new io.undertow.util.HttpString("X-Auth-User"), "u");
            exchange.getResponseSender().send("");
        }));
             ProxyFixture proxy = ProxyFixture.start(new ForwardAuth(ForwardAuthConfig.address(slowAuth.url() + "/")
                     .withAuthResponseHeaders("X-Auth-User"), "m"), false)) {
            List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
            for (int i = 0; i < concurrent; i++) {
                responses.add(proxy.client().sendAsync(proxy.request("/r" + i).build(), HttpResponse.BodyHandlers.ofString()));
            }
            for (CompletableFuture<HttpResponse<String>> response : responses) {
                HttpResponse<String> r = response.get(40, TimeUnit.SECONDS);
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(EchoHandler.field(r.body(), "x-auth-user")).isEqualTo("u");
            }
        }
    }

    @Test
    void forwardBodySendsTheBodyToBothAndRespectsMaxBodySize() throws Exception {
        auth.stubFor(any(urlEqualTo("/verify")).willReturn(aResponse().withStatus(200)));
        ForwardAuthConfig config = ForwardAuthConfig.address(authUrl("/verify")).withForwardBody(true, 10)
                .withPreserveRequestMethod(true);
        try (ProxyFixture proxy = ProxyFixture.start(new ForwardAuth(config, "m"), ECHO_WITH_BODY, false)) {
            HttpResponse<String> ok = proxy.send(proxy.request("/").POST(HttpRequest.BodyPublishers.ofString("0123456789")));
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.body()).contains("body: 0123456789").contains("method: POST");
            HttpResponse<String> tooBig = proxy.send(proxy.request("/").POST(HttpRequest.BodyPublishers.ofString("0123456789A")));
            assertThat(tooBig.statusCode()).isEqualTo(401);
            // Chunked (no Content-Length): counted while read.
            HttpResponse<String> chunked = proxy.send(proxy.request("/").POST(HttpRequest.BodyPublishers.ofInputStream(
                    () -> new java.io.ByteArrayInputStream("0123456789ABC".getBytes(StandardCharsets.UTF_8)))));
            assertThat(chunked.statusCode()).isEqualTo(401);
        }
        List<LoggedRequest> sent = auth.findAll(anyRequestedFor(urlEqualTo("/verify")));
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).getMethod().getName()).isEqualTo("POST");
        assertThat(sent.get(0).getBodyAsString()).isEqualTo("0123456789");
    }

    @Test
    void withoutForwardBodyTheAuthServerGetsAGetWithoutBody() throws Exception {
        auth.stubFor(any(urlEqualTo("/verify")).willReturn(aResponse().withStatus(204)));
        try (ProxyFixture proxy = ProxyFixture.start(ForwardAuth.of(authUrl("/verify")), ECHO_WITH_BODY, false)) {
            HttpResponse<String> ok = proxy.send(proxy.request("/").POST(HttpRequest.BodyPublishers.ofString("payload")));
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.body()).contains("body: payload");
        }
        LoggedRequest sent = auth.findAll(anyRequestedFor(urlEqualTo("/verify"))).get(0);
        assertThat(sent.getMethod().getName()).isEqualTo("GET");
        assertThat(sent.getBodyAsString()).isEmpty();
        assertThat(sent.getHeader("X-Forwarded-Method")).isEqualTo("POST");
    }

    @Test
    void authRequestHeadersAndTrustForwardHeader() throws Exception {
        auth.stubFor(any(urlEqualTo("/verify")).willReturn(aResponse().withStatus(200)));
        ForwardAuthConfig config = ForwardAuthConfig.address(authUrl("/verify")).withAuthRequestHeaders("Authorization")
                .withTrustForwardHeader(true);
        try (ProxyFixture proxy = ProxyFixture.start(new ForwardAuth(config, "m"), true)) {
            assertThat(proxy.get("/x", "Authorization", "Bearer t", "X-Secret", "s", "X-Forwarded-For", "9.9.9.9",
                    "X-Forwarded-Uri", "/original", "X-Forwarded-Method", "PUT").statusCode()).isEqualTo(200);
        }
        LoggedRequest sent = auth.findAll(anyRequestedFor(urlEqualTo("/verify"))).get(0);
        assertThat(sent.getHeader("Authorization")).isEqualTo("Bearer t");
        assertThat(sent.containsHeader("X-Secret")).isFalse();
        assertThat(sent.getHeader("X-Forwarded-For")).isEqualTo("9.9.9.9, 127.0.0.1");
        assertThat(sent.getHeader("X-Forwarded-Uri")).isEqualTo("/original");
        assertThat(sent.getHeader("X-Forwarded-Method")).isEqualTo("PUT");
    }

    @Test
    void untrustedForwardHeadersAreRecomputed() throws Exception {
        auth.stubFor(any(urlEqualTo("/verify")).willReturn(aResponse().withStatus(200)));
        try (ProxyFixture proxy = ProxyFixture.start(ForwardAuth.of(authUrl("/verify")), true)) {
            assertThat(proxy.get("/x", "X-Forwarded-For", "9.9.9.9", "X-Forwarded-Uri", "/original",
                    "X-Forwarded-Method", "PUT").statusCode()).isEqualTo(200);
        }
        LoggedRequest sent = auth.findAll(anyRequestedFor(urlEqualTo("/verify"))).get(0);
        assertThat(sent.getHeader("X-Forwarded-For")).isEqualTo("127.0.0.1");
        assertThat(sent.getHeader("X-Forwarded-Uri")).isEqualTo("/x");
        assertThat(sent.getHeader("X-Forwarded-Method")).isEqualTo("GET");
    }

    @Test
    void authCookiesReplaceTheBackendsOfTheSameName() throws Exception {
        auth.stubFor(any(urlEqualTo("/verify")).willReturn(aResponse().withStatus(200)
                .withHeader("Set-Cookie", "session=auth; Path=/").withHeader("Set-Cookie", "other=x")));
        ForwardAuthConfig config = ForwardAuthConfig.address(authUrl("/verify")).withAddAuthCookiesToResponse("session");
        try (ProxyFixture proxy = ProxyFixture.start(new ForwardAuth(config, "m"), ECHO_WITH_BODY, false)) {
            HttpResponse<String> response = proxy.get("/");
            assertThat(response.headers().allValues("Set-Cookie")).containsExactlyInAnyOrder("theme=dark", "session=auth; Path=/");
        }
    }

    @Test
    void badConfigurationIsAClearError() {
        assertThat(error("trustForwardHeader: true")).contains("http.middlewares.m.forwardAuth.address").contains("required");
        assertThat(error("address: 'not a url'")).contains("forwardAuth.address");
        assertThat(error("address: 'ftp://x/'")).contains("forwardAuth.address").contains("http");
        assertThat(error("address: 'http://a/'\n        authResponseHeadersRegex: '(unclosed'"))
                .contains("forwardAuth.authResponseHeadersRegex").contains("(unclosed");
        assertThat(error("address: 'http://a/'\n        authResponseHeaders: ['X Bad']")).contains("authResponseHeaders[0]");
        assertThat(error("address: 'http://a/'\n        authRequestHeaders: ['ok', '']")).contains("authRequestHeaders[1]");
        assertThat(error("address: 'http://a/'\n        maxBodySize: -5")).contains("maxBodySize");
        assertThat(error("address: 'http://a/'\n        maxBodySize: lots")).contains("maxBodySize");
        assertThat(error("address: 'http://a/'\n        tls: {ca: /nonexistent/ca.pem}")).contains("forwardAuth.tls.ca").contains("no such file");
        assertThat(error("address: 'http://a/'\n        tls: {cert: /nonexistent/c.pem}")).contains("forwardAuth.tls.key");
        assertThat(error("address: 'http://a/'\n        adress: x")).contains("adress");
    }

    static String error(String options) {
        return Middlewares.error("""
                http:
                  middlewares:
                    m:
                      forwardAuth:
                        %s
                """.formatted(options), "m");
    }

    @Test
    void docsExamplesDecodeAndBehave() throws Exception {
        DocExamples page = DocExamples.of("middlewares/forwardauth.md");
        assertThat(page.showsJava("ForwardAuth.of(\"http://auth.example.com:9000/verify\")")).isTrue();
        List<DynamicConfig> configs = new ArrayList<>(page.fileConfigs());
        configs.addAll(page.labelConfigs());
        assertThat(configs).hasSize(2);
        for (DynamicConfig config : configs) {
            ForwardAuthConfig decoded = (ForwardAuthConfig) config.http().middlewares().get("sso").config();
            assertThat(decoded.address()).isEqualTo("http://auth.example.com:9000/verify");
            assertThat(decoded.trustForwardHeader()).isTrue();
            assertThat(decoded.authResponseHeaders()).containsExactly("X-Auth-User", "X-Auth-Email");
            assertThat(decoded.authResponseHeadersRegex()).isEqualTo("^X-Auth-Group-");
            assertThat(decoded.addAuthCookiesToResponse()).containsExactly("session");
            // Same options, pointed at the scripted auth server.
            auth.resetAll();
            auth.stubFor(any(urlEqualTo("/verify")).willReturn(aResponse().withStatus(200).withHeader("X-Auth-User", "bob")));
            ForwardAuthConfig local = new ForwardAuthConfig(authUrl("/verify"), decoded.tls(), decoded.trustForwardHeader(),
                    decoded.authResponseHeaders(), decoded.authResponseHeadersRegex(), decoded.authRequestHeaders(),
                    decoded.addAuthCookiesToResponse(), decoded.forwardBody(), decoded.maxBodySize(), decoded.headerField(),
                    decoded.preserveRequestMethod(), decoded.preserveLocationHeader());
            Middlewares.build(config, "sso", MiddlewareContext.named("sso")); // builds as written
            try (ProxyFixture proxy = ProxyFixture.start(new ForwardAuth(local, "m"), false)) {
                assertThat(EchoHandler.field(proxy.get("/").body(), "x-auth-user")).isEqualTo("bob");
            }
        }
    }
}
