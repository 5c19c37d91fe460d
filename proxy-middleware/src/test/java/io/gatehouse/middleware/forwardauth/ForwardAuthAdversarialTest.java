package io.gatehouse.middleware.forwardauth;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.gatehouse.core.middleware.Middleware;
import io.gatehouse.core.testing.EchoHandler;
import io.gatehouse.middleware.testing.MiddlewareConfigs;
import io.gatehouse.middleware.testing.ProxiedMiddleware;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad configuration and a misbehaving auth service (WireMock) against forwardAuth, from the docs only. */
@Timeout(120)
class ForwardAuthAdversarialTest {

    private static final String PATH = "http.middlewares.m.forwardAuth";

    private WireMockServer auth;

    @BeforeEach
    void startAuth() {
        auth = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        auth.start();
    }

    @AfterEach
    void stopAuth() {
        auth.stop();
    }

    private String address() {
        return "http://127.0.0.1:" + auth.port() + "/verify";
    }

    private Middleware build(String extra) throws Exception {
        return MiddlewareConfigs.build(MiddlewareConfigs.yaml("forwardAuth",
                "address: \"" + address() + "\"" + (extra.isEmpty() ? "" : "\n" + extra)), "m");
    }

    static void namesOption(String message, String option) {
        assertThat(message).contains(PATH);
        assertThat(message.contains(PATH + "." + option) || message.contains(option))
                .as("names option %s: %s", option, message).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not a url", "ftp://auth.example.com/verify", "http://", "http://host:99999/x",
            "//auth.example.com/verify", "auth.example.com:9000/verify", "http://exa mple.com/", "http://[::1/x",
            "file:///etc/passwd", "http://a\\r\\nb/"})
    void badAddressesAreErrors(String address) {
        namesOption(MiddlewareConfigs.error("forwardAuth", "address: \"" + address + "\""), "address");
    }

    @Test
    void missingAddressIsAnError() {
        namesOption(MiddlewareConfigs.error("forwardAuth", "trustForwardHeader: true"), "address");
        namesOption(MiddlewareConfigs.error("forwardAuth", "address: ~"), "address");
    }

    @ParameterizedTest
    @ValueSource(strings = {"(", "[a-", "(?<=X)-Auth", "(a)\\\\1", "(?=X)", "a{1001}", "\\\\"})
    void regexesInvalidForRe2AreErrors(String regex) {
        namesOption(MiddlewareConfigs.error("forwardAuth",
                "address: \"http://a.example/\"\nauthResponseHeadersRegex: \"" + regex + "\""), "authResponseHeadersRegex");
    }

    @ParameterizedTest
    @ValueSource(strings = {"authResponseHeaders", "authRequestHeaders"})
    void badHeaderNamesAreErrors(String option) {
        for (String bad : new String[] {"Bad Header", "X-A\\r\\nX-B", "", "X:Y", "X-\u00e9"}) {
            namesOption(MiddlewareConfigs.error("forwardAuth",
                    "address: \"http://a.example/\"\n" + option + ": [\"X-Ok\", \"" + bad + "\"]"), option);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"-2", "abc", "99999999999999999999999", "1.5"})
    void badMaxBodySizeIsAnError(String size) {
        namesOption(MiddlewareConfigs.error("forwardAuth",
                "address: \"http://a.example/\"\nforwardBody: true\nmaxBodySize: " + size), "maxBodySize");
    }

    @Test
    void badTypesAndUnknownOptionsAreErrors() {
        namesOption(MiddlewareConfigs.error("forwardAuth", "address: \"http://a.example/\"\ntrustForwardHeader: yes please"),
                "trustForwardHeader");
        namesOption(MiddlewareConfigs.error("forwardAuth", "address: \"http://a.example/\"\nauthResponseHeaders: {a: b}"),
                "authResponseHeaders");
        assertThat(MiddlewareConfigs.error("forwardAuth", "address: \"http://a.example/\"\nadress: x")).contains("adress");
    }

    @Test
    void unreadableTlsFilesAreErrors() {
        namesOption(MiddlewareConfigs.error("forwardAuth",
                "address: \"https://a.example/\"\ntls:\n  ca: /nonexistent/ca.pem"), "tls.ca");
        namesOption(MiddlewareConfigs.error("forwardAuth",
                "address: \"https://a.example/\"\ntls:\n  cert: /nonexistent/c.pem\n  key: /nonexistent/k.pem"), "tls.cert");
    }

    @ParameterizedTest
    @EnumSource(Fault.class)
    void brokenAuthAnswersDenyWith500(Fault fault) throws Exception {
        auth.stubFor(any(anyUrl()).willReturn(aResponse().withFault(fault)));
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(build(""))) {
            HttpResponse<String> response = proxy.get("/private");
            assertThat(response.statusCode()).isEqualTo(500);
            assertThat(response.body()).doesNotContain("server: backend");
        }
    }

    @Test
    void unreachableAuthServiceDenies() throws Exception {
        int port = auth.port();
        auth.stop();
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(MiddlewareConfigs.build(MiddlewareConfigs.yaml(
                "forwardAuth", "address: \"http://127.0.0.1:" + port + "/verify\""), "m"))) {
            HttpResponse<String> response = proxy.get("/private");
            assertThat(response.statusCode()).isEqualTo(500);
            assertThat(response.body()).doesNotContain("server: backend");
        }
        auth.start();
    }

    @Test
    void denialIsReturnedAsIsAndRedirectsAreNotFollowed() throws Exception {
        auth.stubFor(any(urlPathEqualTo("/verify")).willReturn(aResponse().withStatus(302)
                .withHeader("Location", "/login?next=x").withHeader("X-Auth-Reason", "no session").withBody("go away")));
        auth.stubFor(any(urlPathEqualTo("/login")).willReturn(aResponse().withStatus(200).withBody("login page")));
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(build(""))) {
            HttpResponse<String> response = proxy.get("/private");
            assertThat(response.statusCode()).isEqualTo(302);
            assertThat(response.body()).isEqualTo("go away");
            assertThat(response.headers().firstValue("Location"))
                    .hasValue("http://127.0.0.1:" + auth.port() + "/login?next=x");
        }
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(build("preserveLocationHeader: true"))) {
            assertThat(proxy.get("/private").headers().firstValue("Location")).hasValue("/login?next=x");
        }
        assertThat(auth.findAll(anyRequestedFor(urlPathEqualTo("/login")))).isEmpty();
    }

    @Test
    void garbageStatusesAndBodiesFromAuthAreNotTreatedAsSuccess() throws Exception {
        for (int status : new int[] {199, 300, 304, 401, 403, 418, 500, 503, 599}) {
            auth.resetAll();
            auth.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(status).withBody("\u0000\u00ff garbage")));
            try (ProxiedMiddleware proxy = ProxiedMiddleware.start(build(""))) {
                HttpResponse<String> response = proxy.get("/private");
                assertThat(response.statusCode()).as("auth said %d", status).isNotEqualTo(200);
                assertThat(response.body()).as("auth said %d", status).doesNotContain("server: backend");
            }
        }
    }

    @Test
    void clientCannotSpoofAuthResponseHeaders() throws Exception {
        auth.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withHeader("X-Auth-User", "alice")
                .withHeader("X-Auth-Group-Admin", "no")));
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(build(
                "authResponseHeaders: [X-Auth-User, X-Auth-Email]\nauthResponseHeadersRegex: \"^X-Auth-Group-\""))) {
            HttpResponse<String> response = proxy.get("/private", "X-Auth-User", "mallory", "X-Auth-Email",
                    "root@example.com", "x-auth-user", "mallory2", "X-Auth-Group-Admin", "yes");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(EchoHandler.fields(response.body(), "x-auth-user")).containsExactly("alice");
            assertThat(EchoHandler.fields(response.body(), "x-auth-email")).isEmpty();
            assertThat(EchoHandler.fields(response.body(), "x-auth-group-admin")).containsExactly("no");
        }
    }

    @Test
    void forwardedHeadersFromAnUntrustedClientAreNotPassedToAuth() throws Exception {
        auth.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(build(""))) {
            assertThat(proxy.get("/private?q=1", "X-Forwarded-For", "6.6.6.6", "X-Forwarded-Uri", "/public",
                    "X-Forwarded-Method", "GET", "X-Forwarded-Host", "evil.example").statusCode()).isEqualTo(200);
        }
        List<LoggedRequest> requests = auth.findAll(anyRequestedFor(anyUrl()));
        assertThat(requests).hasSize(1);
        LoggedRequest seen = requests.get(0);
        assertThat(seen.getHeader("X-Forwarded-For")).doesNotContain("6.6.6.6").contains("127.0.0.1");
        assertThat(seen.getHeader("X-Forwarded-Uri")).isEqualTo("/private?q=1");
        assertThat(seen.getHeader("X-Forwarded-Host")).doesNotContain("evil.example");
        assertThat(seen.getHeader("X-Forwarded-Method")).isEqualTo("GET");
    }

    @Test
    void hugeAuthResponseHeadersDoNotLetTheRequestThroughUnchecked() throws Exception {
        auth.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(401).withHeader("X-Big", "v".repeat(200_000))));
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(build("authResponseHeaders: [X-Big]"))) {
            HttpResponse<String> response = proxy.get("/private");
            assertThat(response.statusCode()).isIn(401, 500, 502);
            assertThat(response.body()).doesNotContain("server: backend");
        }
    }

    @Test
    void bodyOverMaxBodySizeGets401AndNeverReachesTheBackend() throws Exception {
        auth.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(build("forwardBody: true\nmaxBodySize: 10"))) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + proxy.port() + "/upload"))
                    .POST(HttpRequest.BodyPublishers.ofString("x".repeat(100_000))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.body()).doesNotContain("server: backend");
        }
    }

    @Test
    void hangingAuthServiceBlocksNoOtherRequestAndFinallyDenies() throws Exception {
        auth.stubFor(any(anyUrl()).atPriority(5).willReturn(aResponse().withStatus(200)));
        auth.stubFor(any(anyUrl()).atPriority(1).withHeader("X-Forwarded-Uri", equalTo("/hang"))
                .willReturn(aResponse().withStatus(200).withFixedDelay(45_000)));
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(build(""))) {
            HttpClient client = HttpClient.newHttpClient();
            CompletableFuture<HttpResponse<String>> hanging = client.sendAsync(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + proxy.port() + "/hang")).build(), HttpResponse.BodyHandlers.ofString());
            // the proxy's single IO thread is not held by the hanging call
            for (int i = 0; i < 5; i++) {
                assertThat(proxy.get("/other-" + i).statusCode()).isEqualTo(200);
            }
            assertThat(hanging).isNotDone();
            HttpResponse<String> timedOut = hanging.get();
            assertThat(timedOut.statusCode()).isEqualTo(500);
            assertThat(timedOut.body()).doesNotContain("server: backend");
        }
    }
}
