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
class ReplacePathTest {

    @Test
    void forwardsTheFixedPathAndKeepsTheOriginal() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(ReplacePath.of("/foo"))) {
            HttpResponse<String> response = proxy.get("/a/b%2Fc?x=1");
            assertThat(EchoHandler.field(response.body(), "uri")).isEqualTo("/foo?x=1");
            assertThat(EchoHandler.field(response.body(), "x-replaced-path")).isEqualTo("/a/b%2Fc");
        }
    }

    @Test
    void theReplacementIsWrittenAsInAUrl() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(ReplacePath.of("/a%2Fb c"))) {
            assertThat(EchoHandler.field(proxy.get("/x").body(), "uri")).isEqualTo("/a%2Fb%20c");
        }
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(ReplacePath.of("relative"))) {
            assertThat(EchoHandler.field(proxy.get("/x").body(), "uri")).isEqualTo("/relative");
        }
    }

    @Test
    void aClientCannotHideTheOriginalPath() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(ReplacePath.of("/foo"))) {
            HttpResponse<String> response = proxy.get("/real", "X-Replaced-Path", "/fake");
            // Traefik adds the value: the proxy's own is the last one.
            assertThat(EchoHandler.fields(response.body(), "x-replaced-path")).last().isEqualTo("/real");
        }
    }

    @Test
    void badConfigurationIsAClearError() {
        assertThat(error("replacePath", "")).contains("http.middlewares.m.replacePath").contains("path: a path is required");
        assertThat(error("replacePath", "path: \"/a%\"")).contains("path: '%' must start an escape");
        assertThat(error("replacePath", "path: \"/a\\r\\n\"")).contains("path: control character");
        assertThat(error("replacePath", "path: {x: 1}")).contains("replacePath.path");
    }

    @Test
    void docsPageExamplesLoadAndBehave() throws Exception {
        DocExamples page = DocExamples.of("middlewares/replacepath.md");
        assertThat(page.showsJava("ReplacePath.of(\"/foo\")")).isTrue();
        var configs = new ArrayList<DynamicConfig>(page.fileConfigs());
        configs.addAll(page.labelConfigs());
        assertThat(configs).hasSizeGreaterThanOrEqualTo(2);
        for (DynamicConfig config : configs) {
            Middleware m = MiddlewareConfigs.build(config, "test-replacepath", MiddlewareContext.named("test-replacepath"));
            try (ProxiedMiddleware proxy = ProxiedMiddleware.start(m)) {
                HttpResponse<String> response = proxy.get("/anything");
                assertThat(EchoHandler.field(response.body(), "uri")).isEqualTo("/foo");
                assertThat(EchoHandler.field(response.body(), "x-replaced-path")).isEqualTo("/anything");
            }
        }
    }
}
