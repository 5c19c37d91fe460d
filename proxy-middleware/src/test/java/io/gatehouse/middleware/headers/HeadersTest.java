package io.gatehouse.middleware.headers;

import io.gatehouse.core.config.DynamicConfig;
import io.gatehouse.core.middleware.Middleware;
import io.gatehouse.core.middleware.MiddlewareContext;
import io.gatehouse.core.testing.EchoHandler;
import io.gatehouse.core.testing.RawHttp;
import io.gatehouse.middleware.testing.DocExamples;
import io.gatehouse.middleware.testing.MiddlewareConfigs;
import io.gatehouse.middleware.testing.ProxiedMiddleware;
import io.undertow.server.HttpHandler;
import io.undertow.util.HttpString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static io.gatehouse.middleware.testing.MiddlewareConfigs.error;
import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class HeadersTest {

    /** A backend that sets a few response headers of its own. */
    private static final HttpHandler BACKEND = exchange -> {
        exchange.getResponseHeaders().put(new HttpString("X-Backend"), "original");
        exchange.getResponseHeaders().put(new HttpString("X-Secret"), "internal");
        exchange.getResponseHeaders().put(new HttpString("X-Frame-Options"), "ALLOWALL");
        exchange.getResponseHeaders().put(new HttpString("Vary"), "Accept-Encoding");
        exchange.getResponseSender().send("backend body");
    };

    @Test
    void customRequestHeadersAreSetOrRemovedBeforeForwarding() throws Exception {
        Headers headers = Headers.of(HeadersConfig.builder()
                .customRequestHeader("X-Script-Name", "test")
                .customRequestHeader("X-Custom-Request-Header", "")
                .build());
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(headers)) {
            HttpResponse<String> response = proxy.get("/", "X-Custom-Request-Header", "secret", "X-Script-Name", "client");
            assertThat(EchoHandler.fields(response.body(), "x-script-name")).containsExactly("test");
            assertThat(EchoHandler.field(response.body(), "x-custom-request-header")).isNull();
        }
    }

    @Test
    void aCustomHostRequestHeaderChangesTheHostForwarded() throws Exception {
        Middleware m = MiddlewareConfigs.build(MiddlewareConfigs.yaml("headers",
                "customRequestHeaders:\n  Host: backend.internal\n  X-Null-Removes:"), "m");
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(m)) {
            RawHttp.Response response = proxy.rawGet("public.example", "/", "X-Null-Removes: x");
            assertThat(EchoHandler.fields(response.body(), "host")).containsExactly("backend.internal");
            assertThat(EchoHandler.field(response.body(), "x-null-removes")).isNull();
        }
    }

    @Test
    void customResponseHeadersOverrideOrRemoveTheBackendsBeforeTheResponseIsSent() throws Exception {
        Headers headers = Headers.of(HeadersConfig.builder()
                .customResponseHeader("X-Backend", "replaced")
                .customResponseHeader("X-Secret", "")
                .customResponseHeader("X-Added", "yes")
                .build());
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(headers, BACKEND)) {
            HttpResponse<String> response = proxy.get("/");
            assertThat(response.body()).isEqualTo("backend body");
            assertThat(response.headers().allValues("x-backend")).containsExactly("replaced");
            assertThat(response.headers().firstValue("x-secret")).isEmpty();
            assertThat(response.headers().firstValue("x-added")).hasValue("yes");
        }
    }

    @Test
    void responseHeadersAlsoGoOnStreamedAndProxyGeneratedResponses() throws Exception {
        HttpHandler streaming = exchange -> {
            exchange.getResponseHeaders().put(io.undertow.util.Headers.TRANSFER_ENCODING, "chunked");
            exchange.getResponseSender().send(ByteBuffer.wrap(new byte[200_000]));
        };
        Headers headers = Headers.of(HeadersConfig.builder().customResponseHeader("X-Added", "yes").frameDeny(true).build());
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(headers, streaming)) {
            HttpResponse<String> response = proxy.get("/");
            assertThat(response.body()).hasSize(200_000);
            assertThat(response.headers().firstValue("x-added")).hasValue("yes");
            assertThat(response.headers().firstValue("x-frame-options")).hasValue("DENY");
        }
        HttpHandler failing = exchange -> exchange.getConnection().close();
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(headers, failing)) {
            HttpResponse<String> response = proxy.get("/");
            assertThat(response.statusCode()).isEqualTo(502);
            assertThat(response.headers().firstValue("x-added")).hasValue("yes");
        }
    }

    @Test
    void securityHeadersReplaceTheBackendsAndCustomOnesWin() throws Exception {
        Headers headers = Headers.of(HeadersConfig.builder()
                .frameDeny(true).contentTypeNosniff(true).browserXssFilter(true)
                .contentSecurityPolicy("default-src 'self'").contentSecurityPolicyReportOnly("script-src 'none'")
                .referrerPolicy("no-referrer").permissionsPolicy("camera=()")
                .customResponseHeader("X-XSS-Protection", "0")
                .build());
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(headers, BACKEND)) {
            HttpResponse<String> response = proxy.get("/");
            assertThat(response.headers().allValues("x-frame-options")).containsExactly("DENY");
            assertThat(response.headers().firstValue("x-content-type-options")).hasValue("nosniff");
            assertThat(response.headers().firstValue("x-xss-protection")).hasValue("0");
            assertThat(response.headers().firstValue("content-security-policy")).hasValue("default-src 'self'");
            assertThat(response.headers().firstValue("content-security-policy-report-only")).hasValue("script-src 'none'");
            assertThat(response.headers().firstValue("referrer-policy")).hasValue("no-referrer");
            assertThat(response.headers().firstValue("permissions-policy")).hasValue("camera=()");
            // HTTP without a matching sslProxyHeaders entry: no HSTS.
            assertThat(response.headers().firstValue("strict-transport-security")).isEmpty();
        }
    }

    @Test
    void customValuesOverrideTheSecurityDefaults() throws Exception {
        Headers headers = Headers.of(HeadersConfig.builder().frameDeny(true).customFrameOptionsValue("SAMEORIGIN")
                .browserXssFilter(true).customBrowserXSSValue("1; report=/x").build());
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(headers)) {
            HttpResponse<String> response = proxy.get("/");
            assertThat(response.headers().firstValue("x-frame-options")).hasValue("SAMEORIGIN");
            assertThat(response.headers().firstValue("x-xss-protection")).hasValue("1; report=/x");
        }
    }

    @Test
    void stsOnlyForHttpsRequestsUnlessForcedAndNeverInDevelopment() throws Exception {
        HeadersConfig.Builder sts = HeadersConfig.builder().stsSeconds(31536000).stsIncludeSubdomains(true).stsPreload(true)
                .sslProxyHeader("X-Forwarded-Ssl", "on").publicKey("pin-sha256=\"x\"; max-age=10");
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(Headers.of(sts.build()))) {
            assertThat(proxy.get("/").headers().firstValue("strict-transport-security")).isEmpty();
            HttpResponse<String> https = proxy.get("/", "X-Forwarded-Ssl", "on");
            assertThat(https.headers().firstValue("strict-transport-security")).hasValue("max-age=31536000; includeSubDomains; preload");
            assertThat(https.headers().firstValue("public-key-pins")).hasValue("pin-sha256=\"x\"; max-age=10");
            assertThat(proxy.get("/", "X-Forwarded-Ssl", "off").headers().firstValue("strict-transport-security")).isEmpty();
        }
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(Headers.of(HeadersConfig.builder().stsSeconds(60).forceSTSHeader(true).build()))) {
            assertThat(proxy.get("/").headers().firstValue("strict-transport-security")).hasValue("max-age=60");
        }
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(Headers.of(HeadersConfig.builder().stsSeconds(60).forceSTSHeader(true)
                .isDevelopment(true).build()))) {
            assertThat(proxy.get("/").headers().firstValue("strict-transport-security")).isEmpty();
        }
    }

    @Test
    void allowedHostsRefuseOtherHostsWithUnrolledSecuresAnswer() throws Exception {
        AtomicInteger backendCalls = new AtomicInteger();
        HttpHandler counting = exchange -> {
            backendCalls.incrementAndGet();
            exchange.getResponseSender().send("ok");
        };
        Headers headers = Headers.of(HeadersConfig.builder().allowedHosts("example.com", "www.example.com")
                .hostsProxyHeaders("X-Original-Host").build());
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(headers, counting)) {
            assertThat(proxy.rawGet("EXAMPLE.com", "/").status()).isEqualTo(200);
            RawHttp.Response bad = proxy.rawGet("evil.com", "/");
            assertThat(bad.status()).isEqualTo(500);
            assertThat(bad.body()).isEqualTo("Bad Host\n");
            // The host includes the port, as in Traefik.
            assertThat(proxy.rawGet("example.com:8080", "/").status()).isEqualTo(500);
            // A host proxy header, when present, is the host checked.
            assertThat(proxy.rawGet("internal", "/", "X-Original-Host: www.example.com").status()).isEqualTo(200);
            assertThat(proxy.rawGet("example.com", "/", "X-Original-Host: evil.com").status()).isEqualTo(500);
            assertThat(backendCalls).hasValue(2);
        }
        Headers development = Headers.of(HeadersConfig.builder().allowedHosts("example.com").isDevelopment(true).build());
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(development, counting)) {
            assertThat(proxy.rawGet("evil.com", "/").status()).isEqualTo(200);
        }
    }

    @Test
    void corsPreflightIsAnsweredByTheProxy() throws Exception {
        AtomicInteger backendCalls = new AtomicInteger();
        HttpHandler counting = exchange -> {
            backendCalls.incrementAndGet();
            exchange.getResponseSender().send("ok");
        };
        Headers headers = Headers.of(HeadersConfig.builder()
                .accessControlAllowMethods("GET", "OPTIONS", "PUT")
                .accessControlAllowHeaders("X-Custom", "Content-Type")
                .accessControlAllowOriginList("https://foo.bar.org", "https://example.org")
                .accessControlMaxAge(100).accessControlAllowCredentials(true).addVaryHeader(true)
                .build());
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(headers, counting)) {
            HttpResponse<String> preflight = proxy.send("OPTIONS", "/api", "Origin", "https://example.org",
                    "Access-Control-Request-Method", "PUT");
            assertThat(preflight.statusCode()).isEqualTo(200);
            assertThat(preflight.body()).isEmpty();
            assertThat(preflight.headers().firstValue("access-control-allow-origin")).hasValue("https://example.org");
            assertThat(preflight.headers().firstValue("access-control-allow-methods")).hasValue("GET,OPTIONS,PUT");
            assertThat(preflight.headers().firstValue("access-control-allow-headers")).hasValue("X-Custom,Content-Type");
            assertThat(preflight.headers().firstValue("access-control-max-age")).hasValue("100");
            assertThat(preflight.headers().firstValue("access-control-allow-credentials")).hasValue("true");

            HttpResponse<String> other = proxy.send("OPTIONS", "/api", "Origin", "https://evil.org",
                    "Access-Control-Request-Method", "PUT");
            assertThat(other.statusCode()).isEqualTo(200);
            assertThat(other.headers().firstValue("access-control-allow-origin")).isEmpty();
            assertThat(backendCalls).hasValue(0);

            // Without Access-Control-Request-Method it is an ordinary OPTIONS request.
            assertThat(proxy.send("OPTIONS", "/api", "Origin", "https://example.org").body()).isEqualTo("ok");
            assertThat(backendCalls).hasValue(1);
        }
    }

    @Test
    void withoutCorsOptionsAPreflightGoesToTheBackend() throws Exception {
        Headers headers = Headers.of(HeadersConfig.builder().frameDeny(true).build());
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(headers)) {
            HttpResponse<String> response = proxy.send("OPTIONS", "/x", "Origin", "https://a.example",
                    "Access-Control-Request-Method", "PUT");
            assertThat(EchoHandler.field(response.body(), "method")).isEqualTo("OPTIONS");
            assertThat(response.headers().firstValue("access-control-max-age")).isEmpty();
            assertThat(response.headers().firstValue("x-frame-options")).hasValue("DENY");
        }
    }

    @Test
    void corsHeadersOnOrdinaryResponses() throws Exception {
        Headers headers = Headers.of(HeadersConfig.builder()
                .accessControlAllowOriginList("https://a.example")
                .accessControlAllowOriginListRegex("^https://([a-z]+)\\.b\\.example$")
                .accessControlExposeHeaders("X-One", "X-Two")
                .addVaryHeader(true)
                .build());
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(headers, BACKEND)) {
            HttpResponse<String> listed = proxy.get("/", "Origin", "https://a.example");
            assertThat(listed.headers().firstValue("access-control-allow-origin")).hasValue("https://a.example");
            assertThat(listed.headers().firstValue("access-control-expose-headers")).hasValue("X-One,X-Two");
            assertThat(listed.headers().allValues("vary")).containsExactly("Accept-Encoding,Origin");
            assertThat(listed.headers().firstValue("access-control-allow-credentials")).isEmpty();

            HttpResponse<String> byRegex = proxy.get("/", "Origin", "https://api.b.example");
            assertThat(byRegex.headers().firstValue("access-control-allow-origin")).hasValue("https://api.b.example");

            HttpResponse<String> refused = proxy.get("/", "Origin", "https://api.b.example.evil");
            assertThat(refused.headers().firstValue("access-control-allow-origin")).isEmpty();
        }
        Headers wildcard = Headers.of(HeadersConfig.builder().accessControlAllowOriginList("*").addVaryHeader(true).build());
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(wildcard)) {
            HttpResponse<String> response = proxy.get("/", "Origin", "https://anything");
            assertThat(response.headers().firstValue("access-control-allow-origin")).hasValue("*");
            assertThat(response.headers().allValues("vary")).containsExactly("Origin");
        }
    }

    @Test
    void decodesEveryOptionFromYaml() throws Exception {
        Middleware m = MiddlewareConfigs.build(MiddlewareConfigs.yaml("headers", """
                customRequestHeaders:
                  X-Script-Name: test
                  X-Remove-Me: ""
                customResponseHeaders:
                  X-Custom-Response-Header: value
                accessControlAllowCredentials: true
                accessControlAllowHeaders: [X-A]
                accessControlAllowMethods: GET,PUT
                accessControlAllowOriginList: [https://a.example]
                accessControlAllowOriginListRegex: ["^https://.*\\\\.b\\\\.example$"]
                accessControlExposeHeaders: [X-E]
                accessControlMaxAge: 100
                addVaryHeader: true
                allowedHosts: [127.0.0.1]
                hostsProxyHeaders: [X-Original-Host]
                sslProxyHeaders:
                  X-Forwarded-Proto: https
                stsSeconds: 315360000
                stsIncludeSubdomains: true
                stsPreload: true
                forceSTSHeader: true
                frameDeny: true
                customFrameOptionsValue: SAMEORIGIN
                contentTypeNosniff: true
                browserXssFilter: true
                customBrowserXSSValue: "0"
                contentSecurityPolicy: default-src 'self'
                contentSecurityPolicyReportOnly: default-src 'none'
                publicKey: pin
                referrerPolicy: same-origin
                permissionsPolicy: camera=()
                isDevelopment: false
                featurePolicy: vibrate 'none'
                sslTemporaryRedirect: true
                sslHost: example.com
                """), "m");
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(m)) {
            HttpResponse<String> response = proxy.get("/", "X-Original-Host", "127.0.0.1", "X-Remove-Me", "x");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(EchoHandler.field(response.body(), "x-script-name")).isEqualTo("test");
            assertThat(EchoHandler.field(response.body(), "x-remove-me")).isNull();
            assertThat(response.headers().firstValue("x-custom-response-header")).hasValue("value");
            assertThat(response.headers().firstValue("strict-transport-security")).hasValue("max-age=315360000; includeSubDomains; preload");
            assertThat(response.headers().firstValue("x-frame-options")).hasValue("SAMEORIGIN");
            assertThat(response.headers().firstValue("feature-policy")).hasValue("vibrate 'none'");
            assertThat(response.headers().firstValue("access-control-allow-credentials")).hasValue("true");
        }
    }

    @Test
    void badConfigurationIsAClearError() {
        assertThat(error("headers", "")).contains("http.middlewares.m.headers").contains("no option set");
        assertThat(error("headers", "accessControlAllowOriginListRegex: [\"(\"]"))
                .contains("http.middlewares.m.headers").contains("accessControlAllowOriginListRegex[0]: invalid regular expression");
        assertThat(error("headers", "customRequestHeaders:\n  \"Bad Name\": x")).contains("customRequestHeaders.Bad Name")
                .contains("not a valid header name");
        assertThat(error("headers", "customResponseHeaders:\n  X-A: \"a\\r\\nSet-Cookie: x=1\"")).contains("customResponseHeaders.X-A")
                .contains("control character");
        assertThat(error("headers", "stsSeconds: -1")).contains("stsSeconds: must be 0");
        assertThat(error("headers", "stsSeconds: forever")).contains("stsSeconds");
        assertThat(error("headers", "accessControlMaxAge: 1.5")).contains("accessControlMaxAge");
        assertThat(error("headers", "sslRedirect: true")).contains("sslRedirect").contains("redirectScheme");
        assertThat(error("headers", "sslForceHost: true\nsslHost: other.example")).contains("sslForceHost").contains("redirectRegex");
        assertThat(error("headers", "hostsProxyHeaders: [\"X Forwarded\"]")).contains("hostsProxyHeaders[0]");
        assertThat(error("headers", "accessControlAllowOriginList: [\"\"]")).contains("accessControlAllowOriginList[0]: empty origin");
        assertThat(error("headers", "contentSecurityPolicy: \"a\\nb\"")).contains("contentSecurityPolicy: control character");
        assertThat(error("headers", "accessControlAllowOrigin: \"*\"")).contains("unknown");
        assertThat(error("headers", "framedeny: yes please")).contains("frameDeny");
    }

    @Test
    void deprecatedSslOptionsThatDoNotRedirectAreAcceptedAndIgnored() throws Exception {
        Middleware m = MiddlewareConfigs.build(MiddlewareConfigs.yaml("headers", "sslRedirect: false\nsslTemporaryRedirect: true"), "m");
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(m)) {
            assertThat(proxy.get("/x").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void docsPageExamplesLoadAndBehave() throws Exception {
        DocExamples page = DocExamples.of("middlewares/headers.md");
        assertThat(page.showsJava("Headers.of(HeadersConfig.builder()")).isTrue();
        var configs = new ArrayList<DynamicConfig>(page.fileConfigs());
        configs.addAll(page.labelConfigs());
        assertThat(configs).hasSizeGreaterThanOrEqualTo(2);
        for (DynamicConfig config : configs) {
            Middleware m = MiddlewareConfigs.build(config, "testHeader", MiddlewareContext.named("testHeader"));
            try (ProxiedMiddleware proxy = ProxiedMiddleware.start(m)) {
                HttpResponse<String> response = proxy.get("/", "Origin", "https://foo.bar.org");
                assertThat(EchoHandler.field(response.body(), "x-script-name")).isEqualTo("test");
                assertThat(response.headers().firstValue("x-custom-response-header")).hasValue("value");
                assertThat(response.headers().firstValue("x-frame-options")).hasValue("DENY");
                assertThat(response.headers().firstValue("access-control-allow-origin")).hasValue("https://foo.bar.org");
                HttpResponse<String> preflight = proxy.send("OPTIONS", "/", "Origin", "https://foo.bar.org",
                        "Access-Control-Request-Method", "PUT");
                assertThat(preflight.headers().firstValue("access-control-max-age")).hasValue("100");
            }
        }
    }
}
