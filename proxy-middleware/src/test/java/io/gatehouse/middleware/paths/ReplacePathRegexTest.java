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
class ReplacePathRegexTest {

    @Test
    void rewritesWithGroupsAndKeepsTheOriginal() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(ReplacePathRegex.of("^/foo/(.*)", "/bar/$1"))) {
            HttpResponse<String> response = proxy.get("/foo/x/y?q=1");
            assertThat(EchoHandler.field(response.body(), "uri")).isEqualTo("/bar/x/y?q=1");
            assertThat(EchoHandler.field(response.body(), "x-replaced-path")).isEqualTo("/foo/x/y");

            response = proxy.get("/other");
            assertThat(EchoHandler.field(response.body(), "uri")).isEqualTo("/other");
            assertThat(EchoHandler.field(response.body(), "x-replaced-path")).isNull();
        }
    }

    @Test
    void replacesEveryMatchWithGoTemplateRules() throws Exception {
        // Go: "$1x" names a group "1x" (none: empty), "${1}x" is group 1 then x; every match is replaced.
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(ReplacePathRegex.of("/(a)", "/${1}x$1x"))) {
            assertThat(EchoHandler.field(proxy.get("/a/a/b").body(), "uri")).isEqualTo("/ax/ax/b");
        }
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(ReplacePathRegex.of("^/(?P<ver>v[0-9]+)/(.*)", "/$2?$ver"))) {
            // A '?' produced by the replacement is part of the path: sent escaped.
            assertThat(EchoHandler.field(proxy.get("/v2/users").body(), "uri")).isEqualTo("/users%3Fv2");
        }
    }

    @Test
    void aReplacementThatBreaksAnEscapeIsA500() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(ReplacePathRegex.of("^/x", "/%zz"))) {
            assertThat(proxy.get("/x").statusCode()).isEqualTo(500);
            assertThat(proxy.get("/y").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void anEmptyReplacementLeavesThePathAlone() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(ReplacePathRegex.of(".*", ""))) {
            HttpResponse<String> response = proxy.get("/same");
            assertThat(EchoHandler.field(response.body(), "uri")).isEqualTo("/same");
            assertThat(EchoHandler.field(response.body(), "x-replaced-path")).isNull();
        }
    }

    @Test
    void badConfigurationIsAClearError() {
        assertThat(error("replacePathRegex", "replacement: /x"))
                .contains("http.middlewares.m.replacePathRegex").contains("regex: a regular expression is required");
        assertThat(error("replacePathRegex", "regex: \"^/(a\"\nreplacement: /x")).contains("regex: invalid regular expression");
        assertThat(error("replacePathRegex", "regex: \"(?=a)\"\nreplacement: /x")).contains("RE2");
        assertThat(error("replacePathRegex", "regex: ^/a\nreplacement: \"/b\\r\\nX: y\"")).contains("replacement: control character");
    }

    @Test
    void docsPageExamplesLoadAndBehave() throws Exception {
        DocExamples page = DocExamples.of("middlewares/replacepathregex.md");
        assertThat(page.showsJava("ReplacePathRegex.of(\"^/foo/(.*)\", \"/bar/$1\")")).isTrue();
        var configs = new ArrayList<DynamicConfig>(page.fileConfigs());
        configs.addAll(page.labelConfigs());
        assertThat(configs).hasSizeGreaterThanOrEqualTo(2);
        for (DynamicConfig config : configs) {
            Middleware m = MiddlewareConfigs.build(config, "test-replacepathregex", MiddlewareContext.named("test-replacepathregex"));
            try (ProxiedMiddleware proxy = ProxiedMiddleware.start(m)) {
                assertThat(EchoHandler.field(proxy.get("/foo/abc").body(), "uri")).isEqualTo("/bar/abc");
            }
        }
    }
}
