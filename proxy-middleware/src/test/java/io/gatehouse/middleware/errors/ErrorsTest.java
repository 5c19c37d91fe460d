package io.gatehouse.middleware.errors;

import io.gatehouse.core.config.ConfigException;
import io.gatehouse.core.config.DynamicConfig;
import io.gatehouse.core.middleware.Middleware;
import io.gatehouse.core.middleware.MiddlewareContext;
import io.gatehouse.core.testing.TestServer;
import io.gatehouse.middleware.testing.DocExamples;
import io.gatehouse.middleware.testing.Middlewares;
import io.gatehouse.middleware.testing.ProxyFixture;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.proxy.LoadBalancingProxyClient;
import io.undertow.server.handlers.proxy.ProxyHandler;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class ErrorsTest {

    private TestServer pages;

    /** The backend: the status is the first path segment ("/500/x" answers 500), with a body that must not leak. */
    private static final HttpHandler BACKEND = exchange -> {
        String first = exchange.getRequestPath().split("/")[1];
        exchange.setStatusCode(first.matches("[0-9]{3}") ? Integer.parseInt(first) : 200);
        exchange.getResponseHeaders().put(new HttpString("X-Backend"), "leak");
        exchange.getResponseSender().send("backend body for " + exchange.getRequestPath());
    };

    /** A real proxy to the page server, standing in for the service Gatehouse resolves by name. */
    private final class Services implements MiddlewareContext {
        @Override
        public String name() {
            return "m";
        }

        @Override
        public HttpHandler service(String name) throws ConfigException {
            if (!name.equals("error-pages")) {
                throw new ConfigException("http.middlewares.m.errors.service", name, "no such service");
            }
            // Pools sized for the concurrency test (Undertow's defaults answer 503 beyond 10 connections).
            LoadBalancingProxyClient client = new LoadBalancingProxyClient().setConnectionsPerThread(64)
                    .setSoftMaxConnectionsPerThread(64).setMaxQueueSize(256).addHost(URI.create(pages.url()));
            return ProxyHandler.builder().setProxyClient(client).setMaxRequestTime(20_000).build();
        }
    }

    @BeforeEach
    void startPages() {
        pages = TestServer.http(exchange -> {
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/html");
            exchange.getResponseHeaders().put(new HttpString("X-Page"), "yes");
            String q = exchange.getQueryString();
            exchange.getResponseSender().send("<h1>page " + exchange.getRequestURI() + (q.isEmpty() ? "" : "?" + q)
                    + " cookie=" + exchange.getRequestHeaders().getFirst(Headers.COOKIE) + "</h1>");
        });
    }

    @AfterEach
    void stopPages() {
        pages.close();
    }

    private Middleware errors(ErrorsConfig config) throws ConfigException {
        return new Errors(config, new Services(), "http.middlewares.m.errors");
    }

    @Test
    void listedStatusesGetThePageWithTheOriginalStatus() throws Exception {
        Middleware middleware = errors(ErrorsConfig.of("error-pages", "/{status}.html?from={url}", "500-599", "404"));
        try (ProxyFixture proxy = ProxyFixture.start(middleware, BACKEND, false)) {
            HttpResponse<String> error = proxy.get("/503/a%20b?x=1&y=2", "Cookie", "c=1");
            assertThat(error.statusCode()).isEqualTo(503);
            assertThat(error.body()).isEqualTo("<h1>page /503.html?from=%2F503%2Fa%2520b%3Fx%3D1%26y%3D2 cookie=c=1</h1>");
            assertThat(error.headers().firstValue("Content-Type")).hasValue("text/html");
            assertThat(error.headers().firstValue("X-Page")).hasValue("yes");
            assertThat(error.headers().firstValue("X-Backend")).isEmpty();
            HttpResponse<String> notFound = proxy.get("/404");
            assertThat(notFound.statusCode()).isEqualTo(404);
            assertThat(notFound.body()).startsWith("<h1>page /404.html");
            // Not listed: the backend's own answer.
            HttpResponse<String> teapot = proxy.get("/418");
            assertThat(teapot.statusCode()).isEqualTo(418);
            assertThat(teapot.body()).isEqualTo("backend body for /418");
            HttpResponse<String> ok = proxy.get("/fine");
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.body()).isEqualTo("backend body for /fine");
        }
    }

    @Test
    void worksWithGatehousesOwnLoadBalancedServiceAsThePageService() throws Exception {
        var service = io.gatehouse.core.service.LoadBalancedService.create("error-pages",
                io.gatehouse.core.config.LoadBalancerConfig.of(List.of(io.gatehouse.core.config.ServerConfig.of(pages.url()))), null);
        MiddlewareContext ctx = new MiddlewareContext() {
            @Override
            public String name() {
                return "m";
            }

            @Override
            public HttpHandler service(String name) {
                return service;
            }
        };
        Middleware middleware = new Errors(ErrorsConfig.of("error-pages", "/{status}.html", "500-599"), ctx, "errors");
        // The service's pooled connections live on the proxy's IO threads: close it first.
        try (ProxyFixture proxy = ProxyFixture.start(middleware, BACKEND, false); service) {
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> error = proxy.get("/502/x");
                assertThat(error.statusCode()).isEqualTo(502);
                assertThat(error.body()).startsWith("<h1>page /502.html");
            }
        }
    }

    @Test
    void statusRewritesChangeTheStatusAndTheStatusPlaceholder() throws Exception {
        Middleware middleware = errors(ErrorsConfig.of("error-pages", "errors/{status}-{originalStatus}", "400-599")
                .withStatusRewrites(Map.of("418", 404, "500-503", 500)));
        try (ProxyFixture proxy = ProxyFixture.start(middleware, BACKEND, false)) {
            HttpResponse<String> teapot = proxy.get("/418");
            assertThat(teapot.statusCode()).isEqualTo(404);
            assertThat(teapot.body()).startsWith("<h1>page /errors/404-418 ");
            HttpResponse<String> unavailable = proxy.get("/502");
            assertThat(unavailable.statusCode()).isEqualTo(500);
            assertThat(unavailable.body()).startsWith("<h1>page /errors/500-502 ");
            assertThat(proxy.get("/504").statusCode()).isEqualTo(504);
        }
    }

    @Test
    void errorRequestHeadersChooseWhatThePageServiceSees() throws Exception {
        try (ProxyFixture none = ProxyFixture.start(errors(ErrorsConfig.of("error-pages", "/p", "500").withErrorRequestHeaders()), BACKEND, false);
             ProxyFixture some = ProxyFixture.start(errors(ErrorsConfig.of("error-pages", "/p", "500").withErrorRequestHeaders("cookie")),
                     BACKEND, false)) {
            assertThat(none.get("/500", "Cookie", "c=1").body()).contains("cookie=null");
            assertThat(some.get("/500", "Cookie", "c=1").body()).contains("cookie=c=1");
        }
    }

    @Test
    void withoutQueryThePageIsTheRoot() throws Exception {
        try (ProxyFixture proxy = ProxyFixture.start(errors(ErrorsConfig.of("error-pages", null, "500")), BACKEND, false)) {
            HttpResponse<String> error = proxy.get("/500/deep");
            assertThat(error.statusCode()).isEqualTo(500);
            assertThat(error.body()).startsWith("<h1>page / ");
        }
    }

    @Test
    void anUnreachablePageServiceStillAnswersTheStatus() throws Exception {
        Middleware middleware = errors(ErrorsConfig.of("error-pages", "/{status}.html", "500"));
        pages.close();
        try (ProxyFixture proxy = ProxyFixture.start(middleware, BACKEND, false)) {
            HttpResponse<String> error = proxy.get("/500");
            assertThat(error.statusCode()).isEqualTo(500);
            assertThat(error.body()).doesNotContain("backend body");
        }
    }

    @Test
    void concurrentErrorsOnOneIoThreadAllGetTheirPage() throws Exception {
        Middleware middleware = errors(ErrorsConfig.of("error-pages", "/{status}.html", "500-599"));
        try (ProxyFixture proxy = ProxyFixture.start(middleware, BACKEND, false)) {
            List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                responses.add(proxy.client().sendAsync(proxy.request("/5" + String.format("%02d", i)).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            List<String> got = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                HttpResponse<String> r = responses.get(i).get();
                got.add(r.statusCode() + " " + r.body() + " " + r.headers().map());
            }
            for (int i = 0; i < 20; i++) {
                assertThat(got.get(i)).as(String.join("\n", got)).startsWith((500 + i) + " <h1>page /5" + String.format("%02d", i) + ".html");
            }
        }
    }

    @Test
    void badConfigurationIsAClearError() {
        assertThat(error("service: error-pages")).contains("http.middlewares.m.errors.status");
        assertThat(error("status: ['500-599']")).contains("http.middlewares.m.errors.service").contains("required");
        assertThat(error("status: ['5xx']\n        service: error-pages")).contains("errors.status[0]").contains("5xx");
        assertThat(error("status: ['599-500']\n        service: error-pages")).contains("errors.status[0]").contains("ends before it starts");
        assertThat(error("status: ['404', '600']\n        service: error-pages")).contains("errors.status[1]");
        assertThat(error("status: ['500,50']\n        service: error-pages")).contains("errors.status[0]");
        assertThat(error("status: ['500']\n        service: nowhere")).contains("nowhere");
        assertThat(error("status: ['500']\n        service: error-pages\n        statusRewrites: {'4x': 404}"))
                .contains("statusRewrites.4x");
        assertThat(error("status: ['500']\n        service: error-pages\n        statusRewrites: {'418': 999}"))
                .contains("statusRewrites.418").contains("100 to 599");
        assertThat(error("status: ['500']\n        service: error-pages\n        statusRewrites: {'418': abc}"))
                .contains("statusRewrites");
    }

    private String error(String options) {
        String yaml = """
                http:
                  middlewares:
                    m:
                      errors:
                        %s
                """.formatted(options);
        try {
            DynamicConfig config = io.gatehouse.core.config.decode.ConfigDecoder.create()
                    .decode(yaml, io.gatehouse.core.config.decode.Format.YAML, "test.yml").orThrow();
            Middlewares.build(config, "m", new Services());
        } catch (ConfigException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected a configuration error for:\n" + yaml);
    }

    @Test
    void docsExamplesDecodeAndBehave() throws Exception {
        DocExamples page = DocExamples.of("middlewares/errors.md");
        assertThat(page.showsJava("new Errors(ErrorsConfig.of(\"error-pages\", \"/{status}.html\", \"500-599\", \"404\"), ctx, \"errors\")")).isTrue();
        List<DynamicConfig> configs = new ArrayList<>(page.fileConfigs());
        configs.addAll(page.labelConfigs());
        assertThat(configs).hasSize(2);
        for (DynamicConfig config : configs) {
            try (ProxyFixture proxy = ProxyFixture.start(Middlewares.build(config, "pages", new Services()), BACKEND, false)) {
                HttpResponse<String> teapot = proxy.get("/418");
                assertThat(teapot.statusCode()).isEqualTo(404);
                assertThat(teapot.body()).startsWith("<h1>page /404.html");
                assertThat(proxy.get("/502").body()).startsWith("<h1>page /502.html");
            }
        }
    }
}
