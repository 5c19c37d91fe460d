package io.gatehouse.middleware.errors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.gatehouse.core.config.ConfigException;
import io.gatehouse.core.config.DynamicConfig;
import io.gatehouse.core.config.decode.ConfigDecoder;
import io.gatehouse.core.config.decode.Format;
import io.gatehouse.core.middleware.Middleware;
import io.gatehouse.core.middleware.MiddlewareContext;
import io.gatehouse.middleware.testing.MiddlewareConfigs;
import io.gatehouse.middleware.testing.ProxiedMiddleware;
import io.undertow.server.HttpHandler;
import io.undertow.util.Headers;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Malformed status ranges, templates and service references, and hostile backends, against errors. */
@Timeout(60)
class ErrorsAdversarialTest {

    private static final String PATH = "http.middlewares.m.errors";
    private static final String SECRET = "SECRET-STACKTRACE-do-not-leak";

    /** A context that knows one service, "pages", served by {@code pages}. */
    private static MiddlewareContext context(HttpHandler pages) {
        return new MiddlewareContext() {
            @Override
            public String name() {
                return "m";
            }

            @Override
            public HttpHandler service(String name) throws ConfigException {
                if (name.equals("pages")) {
                    return pages;
                }
                throw new ConfigException(name, name, "no such service");
            }
        };
    }

    private static final HttpHandler PAGES = exchange -> {
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/html");
        exchange.getResponseSender().send("page for " + exchange.getRequestURI() + "?" + exchange.getQueryString());
    };

    private static Middleware build(String options, HttpHandler pages) throws ConfigException {
        DynamicConfig config = ConfigDecoder.create().decode(MiddlewareConfigs.yaml("errors", options), Format.YAML,
                "test.yml").orThrow();
        return MiddlewareConfigs.build(config, "m", context(pages));
    }

    private static String error(String options) {
        try {
            build(options, PAGES);
        } catch (ConfigException e) {
            return e.getMessage();
        }
        return fail("expected a configuration error for " + options);
    }

    @ParameterizedTest
    @ValueSource(strings = {"600-100", "599-500", "abc", "-1", "5xx", "99", "600", "0", "", "500-", "-500",
            "500-599-600", "1e3", "500,,", "500 - 599", "99999999999999999999", "500-99999999999", "\u0665\u0660\u0660"})
    void badStatusesAreErrorsNamingTheEntry(String status) {
        String message = error("status: [\"404\", \"" + status + "\"]\nservice: pages");
        assertThat(message).contains(PATH).contains("status");
    }

    @Test
    void missingPartsAreErrors() {
        assertThat(error("service: pages")).contains(PATH).contains("status");
        assertThat(error("status: []\nservice: pages")).contains(PATH).contains("status");
        assertThat(error("status: [~]\nservice: pages")).contains(PATH).contains("status");
        assertThat(error("status: [\"500\"]")).contains(PATH).contains("service");
        assertThat(error("status: [\"500\"]\nservice: \"\"")).contains(PATH).contains("service");
    }

    @Test
    void unknownServiceIsAnError() {
        assertThat(error("status: [\"500\"]\nservice: nope")).contains("nope");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"abc\": 404", "\"418\": 999", "\"418\": \"x\"", "\"600\": 500", "\"503-500\": 500",
            "\"418\": 0", "\"418\": -1", "\"\": 404"})
    void badStatusRewritesAreErrors(String rewrite) {
        assertThat(error("status: [\"418\"]\nservice: pages\nstatusRewrites:\n  " + rewrite))
                .contains(PATH).contains("statusRewrites");
    }

    @Test
    void unknownOptionsAndWrongTypesAreErrors() {
        assertThat(error("status: [\"500\"]\nservice: pages\nquerry: /x")).contains("querry");
        assertThat(error("status: [\"500\"]\nservice: pages\nquery: [a]")).contains(PATH).contains("query");
    }

    @Test
    void errorRequestHeadersThatAreNotHeaderNamesAreErrors() {
        assertThat(error("status: [\"500\"]\nservice: pages\nerrorRequestHeaders: [\"X-A\\r\\nX-B\"]"))
                .contains(PATH).contains("errorRequestHeaders");
        assertThat(error("status: [\"500\"]\nservice: pages\nerrorRequestHeaders: [\"Bad Header\"]"))
                .contains(PATH).contains("errorRequestHeaders");
    }

    @Test
    void backendBodyNeverLeaksEvenWhenThePageServiceFails() throws Exception {
        HttpHandler backend = exchange -> {
            exchange.setStatusCode(500);
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
            exchange.getResponseSender().send(SECRET);
        };
        HttpHandler brokenPages = exchange -> {
            throw new IllegalStateException("page service exploded");
        };
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(build("status: [\"500-599\"]\nservice: pages", brokenPages),
                backend)) {
            HttpResponse<String> response = proxy.get("/x");
            assertThat(response.statusCode()).isEqualTo(500);
            assertThat(response.body()).doesNotContain(SECRET);
        }
        HttpHandler errorPages = exchange -> {
            exchange.setStatusCode(404);
            exchange.getResponseSender().send("page missing");
        };
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(build("status: [\"500-599\"]\nservice: pages", errorPages),
                backend)) {
            HttpResponse<String> response = proxy.get("/x");
            assertThat(response.statusCode()).isEqualTo(500);
            assertThat(response.body()).doesNotContain(SECRET);
        }
    }

    @Test
    void hugeBackendErrorBodyIsReplaced() throws Exception {
        HttpHandler backend = exchange -> {
            exchange.setStatusCode(503);
            exchange.getResponseSender().send(SECRET + "x".repeat(5 * 1024 * 1024));
        };
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(build(
                "status: [\"500-599\"]\nservice: pages\nquery: \"/{status}.html\"", PAGES), backend)) {
            HttpResponse<String> response = proxy.get("/x");
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.body()).startsWith("page for /503.html").doesNotContain(SECRET);
        }
    }

    @Test
    void urlPlaceholderIsEscapedSoTheTargetCannotBreakOutOfTheQuery() throws Exception {
        AtomicReference<String> seenQuery = new AtomicReference<>();
        HttpHandler pages = exchange -> {
            seenQuery.set(exchange.getQueryString());
            exchange.getResponseSender().send("page");
        };
        HttpHandler backend = exchange -> {
            exchange.setStatusCode(404);
            exchange.endExchange();
        };
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(build(
                "status: [\"404\"]\nservice: pages\nquery: \"/page?from={url}&fixed=1\"", pages), backend)) {
            String target = "/a%20b?x=1&fixed=0&y=%0d%0aInjected:%201#";
            HttpResponse<String> response = proxy.get(target.substring(0, target.length() - 1));
            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(response.headers().firstValue("Injected")).isEmpty();
            String query = seenQuery.get();
            assertThat(query).endsWith("&fixed=1");
            assertThat(query.split("&")).hasSize(2);
            assertThat(URLDecoder.decode(query.split("&")[0].substring("from=".length()), StandardCharsets.UTF_8))
                    .isEqualTo("/a%20b?x=1&fixed=0&y=%0d%0aInjected:%201");
        }
    }

    @Test
    void statusRewriteOverlapAndRanges() throws Exception {
        HttpHandler backend = exchange -> {
            exchange.setStatusCode(Integer.parseInt(exchange.getQueryParameters().get("s").getFirst()));
            exchange.getResponseSender().send(SECRET);
        };
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(build(
                "status: [\"418\", \"500-503\"]\nservice: pages\nquery: \"/{status}-{originalStatus}\"\n"
                        + "statusRewrites:\n  \"418\": 404\n  \"500-503\": 500", PAGES), backend)) {
            HttpResponse<String> teapot = proxy.get("/x?s=418");
            assertThat(teapot.statusCode()).isEqualTo(404);
            assertThat(teapot.body()).startsWith("page for /404-418");
            HttpResponse<String> unavailable = proxy.get("/x?s=503");
            assertThat(unavailable.statusCode()).isEqualTo(500);
            assertThat(unavailable.body()).startsWith("page for /500-503");
            HttpResponse<String> gateway = proxy.get("/x?s=504");
            assertThat(gateway.statusCode()).isEqualTo(504);
            assertThat(gateway.body()).isEqualTo(SECRET);
        }
    }
}
