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
import java.util.ArrayList;

import static io.gatehouse.middleware.testing.MiddlewareConfigs.error;
import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class StripPrefixRegexTest {

    @Test
    void stripsTheMatchedPrefixAndAddsItToTheHeader() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(StripPrefixRegex.of("/foo/[a-z0-9]+/[0-9]+/"))) {
            HttpResponse<String> response = proxy.get("/foo/abc/123/bar?x=1");
            assertThat(EchoHandler.field(response.body(), "uri")).isEqualTo("/bar?x=1");
            assertThat(EchoHandler.field(response.body(), "x-forwarded-prefix")).isEqualTo("/foo/abc/123/");
        }
    }

    @Test
    void aMatchThatDoesNotStartThePathIsNotStripped() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(StripPrefixRegex.of("/api", "^/v[0-9]+"))) {
            assertThat(EchoHandler.field(proxy.get("/x/api/y").body(), "uri")).isEqualTo("/x/api/y");
            assertThat(EchoHandler.field(proxy.get("/x/api/y").body(), "x-forwarded-prefix")).isNull();
            // The second expression is tried when the first does not strip.
            assertThat(EchoHandler.field(proxy.get("/v12/z").body(), "uri")).isEqualTo("/z");
            assertThat(EchoHandler.field(proxy.get("/v12").body(), "uri")).isEqualTo("/");
        }
    }

    @Test
    void anEmptyMatchStripsNothing() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(StripPrefixRegex.of("^(/api)?"))) {
            assertThat(EchoHandler.field(proxy.get("/web/x").body(), "uri")).isEqualTo("/web/x");
            assertThat(EchoHandler.field(proxy.get("/api/x").body(), "uri")).isEqualTo("/x");
        }
    }

    @Test
    void badConfigurationIsAClearError() {
        assertThat(error("stripPrefixRegex", "regex:\n  - \"/ok\"\n  - \"/(unclosed\""))
                .contains("http.middlewares.m.stripPrefixRegex").contains("regex[1]")
                .contains("invalid regular expression").contains("/(unclosed");
        assertThat(error("stripPrefixRegex", "regex: \"(?<=x)/a\"")).contains("regex[0]").contains("RE2");
        assertThat(error("stripPrefixRegex", "regex: \"(a)\\\\1\"")).contains("regex[0]");
        assertThat(error("stripPrefixRegex", "regex:\n  - \"\"")).contains("regex[0]").contains("required");
        assertThat(error("stripPrefixRegex", "regexp: /a")).contains("unknown");
    }

    @Test
    void docsPageExamplesLoadAndBehave() throws Exception {
        DocExamples page = DocExamples.of("middlewares/stripprefixregex.md");
        assertThat(page.showsJava("StripPrefixRegex.of(\"/foo/[a-z0-9]+/[0-9]+/\")")).isTrue();
        var configs = new ArrayList<DynamicConfig>(page.fileConfigs());
        configs.addAll(page.labelConfigs());
        assertThat(configs).hasSizeGreaterThanOrEqualTo(2);
        for (DynamicConfig config : configs) {
            Middleware m = MiddlewareConfigs.build(config, "test-stripprefixregex", MiddlewareContext.named("test-stripprefixregex"));
            try (ProxiedMiddleware proxy = ProxiedMiddleware.start(m)) {
                HttpResponse<String> response = proxy.get("/foo/abc/123/bar");
                assertThat(EchoHandler.field(response.body(), "uri")).isEqualTo("/bar");
                assertThat(EchoHandler.field(response.body(), "x-forwarded-prefix")).isEqualTo("/foo/abc/123/");
            }
        }
    }
}
