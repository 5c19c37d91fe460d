package io.gatehouse.middleware.paths;

import io.gatehouse.core.config.DynamicConfig;
import io.gatehouse.core.middleware.Middleware;
import io.gatehouse.core.middleware.MiddlewareContext;
import io.gatehouse.core.testing.EchoHandler;
import io.gatehouse.middleware.chain.Chain;
import io.gatehouse.middleware.testing.DocExamples;
import io.gatehouse.middleware.testing.MiddlewareConfigs;
import io.gatehouse.middleware.testing.ProxiedMiddleware;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;

import static io.gatehouse.middleware.testing.MiddlewareConfigs.error;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(60)
class AddPrefixTest {

    @Test
    void putsThePrefixInFrontAndKeepsTheQuery() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(AddPrefix.of("/foo"))) {
            assertThat(EchoHandler.field(proxy.get("/bar?a=%20b").body(), "uri")).isEqualTo("/foo/bar?a=%20b");
            assertThat(EchoHandler.field(proxy.get("/").body(), "uri")).isEqualTo("/foo/");
        }
    }

    @Test
    void aPrefixWithoutLeadingSlashGetsOneAndUnsafeCharactersAreEscaped() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(AddPrefix.of("api v1"))) {
            assertThat(EchoHandler.field(proxy.get("/x").body(), "uri")).isEqualTo("/api%20v1/x");
        }
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(AddPrefix.of("/a?b"))) {
            // '?' in a prefix is part of the path, not a query.
            assertThat(EchoHandler.field(proxy.get("/x").body(), "uri")).isEqualTo("/a%3Fb/x");
        }
    }

    @Test
    void composesWithStripPrefix() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(Chain.of(StripPrefix.of("/public"), AddPrefix.of("/app")))) {
            assertThat(EchoHandler.field(proxy.get("/public/x").body(), "uri")).isEqualTo("/app/x");
        }
    }

    @Test
    void badConfigurationIsAClearError() {
        assertThat(error("addPrefix", "")).contains("http.middlewares.m.addPrefix").contains("prefix: a prefix is required");
        assertThat(error("addPrefix", "prefix: \"\"")).contains("prefix: a prefix is required");
        assertThat(error("addPrefix", "prefix: \"/a\\nb\"")).contains("control character");
        assertThat(error("addPrefix", "prefix: \"/a%zz\"")).contains("'%' must start an escape");
        assertThat(error("addPrefix", "prefix: [a, b]")).contains("prefix");
        assertThatThrownBy(() -> AddPrefix.of(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void docsPageExamplesLoadAndBehave() throws Exception {
        DocExamples page = DocExamples.of("middlewares/addprefix.md");
        assertThat(page.showsJava("AddPrefix.of(\"/foo\")")).isTrue();
        var configs = new ArrayList<DynamicConfig>(page.fileConfigs());
        configs.addAll(page.labelConfigs());
        assertThat(configs).hasSizeGreaterThanOrEqualTo(2);
        for (DynamicConfig config : configs) {
            Middleware m = MiddlewareConfigs.build(config, "add-foo", MiddlewareContext.named("add-foo"));
            try (ProxiedMiddleware proxy = ProxiedMiddleware.start(m)) {
                assertThat(EchoHandler.field(proxy.get("/bar").body(), "uri")).isEqualTo("/foo/bar");
            }
        }
    }
}
