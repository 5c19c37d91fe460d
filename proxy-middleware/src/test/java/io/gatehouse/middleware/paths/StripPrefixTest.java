package io.gatehouse.middleware.paths;

import io.gatehouse.core.config.DynamicConfig;
import io.gatehouse.core.middleware.Middleware;
import io.gatehouse.core.middleware.MiddlewareContext;
import io.gatehouse.core.testing.EchoHandler;
import io.gatehouse.middleware.testing.DocExamples;
import io.gatehouse.middleware.testing.MiddlewareConfigs;
import io.gatehouse.middleware.testing.ProxiedMiddleware;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.http.HttpResponse;

import static io.gatehouse.middleware.testing.MiddlewareConfigs.error;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(60)
class StripPrefixTest {

    @Test
    void stripsTheFirstMatchingPrefixAndTellsTheBackend() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(StripPrefix.of("/foobar", "/fiibar"))) {
            HttpResponse<String> response = proxy.get("/foobar/x?q=1&b=%2F");
            assertThat(EchoHandler.field(response.body(), "uri")).isEqualTo("/x?q=1&b=%2F");
            assertThat(EchoHandler.field(response.body(), "x-forwarded-prefix")).isEqualTo("/foobar");

            response = proxy.get("/fiibar/y");
            assertThat(EchoHandler.field(response.body(), "uri")).isEqualTo("/y");
            assertThat(EchoHandler.field(response.body(), "x-forwarded-prefix")).isEqualTo("/fiibar");
        }
    }

    @Test
    void pathWithoutThePrefixIsForwardedUnchanged() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(StripPrefix.of("/api"))) {
            HttpResponse<String> response = proxy.get("/other/api", "X-Forwarded-Prefix", "/spoofed");
            assertThat(EchoHandler.field(response.body(), "uri")).isEqualTo("/other/api");
        }
    }

    @Test
    void aPrefixIsAPlainStringPrefixAndTheWholePathBecomesRoot() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(StripPrefix.of("/api"))) {
            assertThat(EchoHandler.field(proxy.get("/api").body(), "uri")).isEqualTo("/");
            assertThat(EchoHandler.field(proxy.get("/api/").body(), "uri")).isEqualTo("/");
            // As Traefik: "/apiv2" starts with "/api", the rest gets a leading slash.
            assertThat(EchoHandler.field(proxy.get("/apiv2/x").body(), "uri")).isEqualTo("/v2/x");
            // Case-sensitive, as paths are.
            assertThat(EchoHandler.field(proxy.get("/API/x").body(), "uri")).isEqualTo("/API/x");
            // The router resolves dot segments first: "/x/../api/y" is stripped like "/api/y".
            assertThat(EchoHandler.field(proxy.get("/x/../api/y").body(), "uri")).isEqualTo("/y");
        }
    }

    @Test
    void aSpoofedPrefixHeaderIsReplaced() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(StripPrefix.of("/api"))) {
            HttpResponse<String> response = proxy.get("/api/x", "X-Forwarded-Prefix", "/evil");
            assertThat(EchoHandler.fields(response.body(), "x-forwarded-prefix")).containsExactly("/api");
        }
    }

    @Test
    void prefixesWithCharactersEscapedOnTheWireMatchTheForwardedPath() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(StripPrefix.of("/caf\u00e9 bar"))) {
            HttpResponse<String> response = proxy.get("/caf%C3%A9%20bar/x");
            assertThat(EchoHandler.field(response.body(), "uri")).isEqualTo("/x");
        }
    }

    @Test
    void decodesFromYamlWithForceSlashAccepted() throws Exception {
        Middleware m = MiddlewareConfigs.build(MiddlewareConfigs.yaml("stripPrefix",
                "prefixes:\n  - /a\n  - /b\nforceSlash: false"), "m");
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(m)) {
            assertThat(EchoHandler.field(proxy.get("/b/c").body(), "uri")).isEqualTo("/c");
        }
        assertThat(MiddlewareConfigs.build(MiddlewareConfigs.yaml("stripprefix", "prefixes: /a,/b"), "m")).isNotNull();
    }

    @Test
    void badConfigurationIsAClearError() {
        assertThat(error("stripPrefix", "prefixes: api"))
                .contains("http.middlewares.m.stripPrefix").contains("prefixes[0]").contains("must start with '/'");
        assertThat(error("stripPrefix", "prefixes:\n  - /ok\n  - \"\""))
                .contains("prefixes[1]").contains("must start with '/'");
        assertThat(error("stripPrefix", "prefixes:\n  - \"/a\\r\\nX-Evil: 1\""))
                .contains("prefixes[0]").contains("control character");
        assertThat(error("stripPrefix", "prefixes:\n  - /a\n  -"))
                .contains("prefixes[1]");
        assertThat(error("stripPrefix", "prefixes: {a: b}")).contains("http.middlewares.m.stripPrefix.prefixes");
        assertThat(error("stripPrefix", "forceSlash: maybe")).contains("forceSlash");
        assertThat(error("stripPrefix", "prefix: /a")).contains("unknown").contains("prefixes");
        assertThatThrownBy(() -> StripPrefix.of("nope")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("prefixes[0]");
    }

    @Test
    void docsPageExamplesLoadAndBehave() throws Exception {
        DocExamples page = DocExamples.of("middlewares/stripprefix.md");
        assertThat(page.showsJava("StripPrefix.of(\"/foobar\", \"/fiibar\")")).isTrue();
        var configs = new java.util.ArrayList<DynamicConfig>(page.fileConfigs());
        configs.addAll(page.labelConfigs());
        assertThat(configs).hasSizeGreaterThanOrEqualTo(2);
        for (DynamicConfig config : configs) {
            Middleware m = MiddlewareConfigs.build(config, "test-stripprefix", MiddlewareContext.named("test-stripprefix"));
            try (ProxiedMiddleware proxy = ProxiedMiddleware.start(m)) {
                HttpResponse<String> response = proxy.get("/foobar/index.html");
                assertThat(EchoHandler.field(response.body(), "uri")).isEqualTo("/index.html");
                assertThat(EchoHandler.field(response.body(), "x-forwarded-prefix")).isEqualTo("/foobar");
            }
        }
    }
}
