package io.gatehouse.middleware.chain;

import io.gatehouse.core.config.ConfigException;
import io.gatehouse.core.config.DynamicConfig;
import io.gatehouse.core.config.decode.ConfigDecoder;
import io.gatehouse.core.config.decode.Format;
import io.gatehouse.core.middleware.Middleware;
import io.gatehouse.core.middleware.MiddlewareContext;
import io.gatehouse.core.testing.EchoHandler;
import io.gatehouse.middleware.paths.AddPrefix;
import io.gatehouse.middleware.paths.StripPrefix;
import io.gatehouse.middleware.testing.DocExamples;
import io.gatehouse.middleware.testing.MiddlewareConfigs;
import io.gatehouse.middleware.testing.ProxiedMiddleware;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static io.gatehouse.middleware.testing.MiddlewareConfigs.error;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(60)
class ChainTest {

    /** A context that resolves the other middlewares of the same decoded configuration, as the pipeline does. */
    private static MiddlewareContext contextOf(DynamicConfig config, String self) {
        return new MiddlewareContext() {
            @Override
            public String name() {
                return self;
            }

            @Override
            public Middleware middleware(String name) throws ConfigException {
                if (!config.http().middlewares().containsKey(name)) {
                    throw new ConfigException("http.middlewares." + self + ".chain", name, "no such middleware");
                }
                return MiddlewareConfigs.build(config, name, contextOf(config, name));
            }
        };
    }

    @Test
    void appliesTheMiddlewaresInOrder() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(Chain.of(StripPrefix.of("/api"), AddPrefix.of("/v2")))) {
            assertThat(EchoHandler.field(proxy.get("/api/users").body(), "uri")).isEqualTo("/v2/users");
        }
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(Chain.of(AddPrefix.of("/api"), StripPrefix.of("/api")))) {
            assertThat(EchoHandler.field(proxy.get("/users").body(), "uri")).isEqualTo("/users");
        }
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(new Chain(List.of()))) {
            assertThat(EchoHandler.field(proxy.get("/same").body(), "uri")).isEqualTo("/same");
        }
    }

    @Test
    void resolvesNamesThroughTheContext() throws Exception {
        DynamicConfig config = ConfigDecoder.create().decode("""
                http:
                  middlewares:
                    secured:
                      chain:
                        middlewares: [strip, add]
                    strip:
                      stripPrefix:
                        prefixes: [/api]
                    add:
                      addPrefix:
                        prefix: /internal
                """, Format.YAML, "chain.yml").orThrow();
        Middleware chain = MiddlewareConfigs.build(config, "secured", contextOf(config, "secured"));
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(chain)) {
            HttpResponse<String> response = proxy.get("/api/x");
            assertThat(EchoHandler.field(response.body(), "uri")).isEqualTo("/internal/x");
        }
    }

    @Test
    void aChainThatNamesItselfIsRefused() throws Exception {
        DynamicConfig config = ConfigDecoder.create().decode("""
                http:
                  middlewares:
                    loop:
                      chain:
                        middlewares: [ok, loop]
                    ok:
                      addPrefix:
                        prefix: /x
                """, Format.YAML, "chain.yml").orThrow();
        assertThatThrownBy(() -> MiddlewareConfigs.build(config, "loop", contextOf(config, "loop")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("http.middlewares.loop.chain.middlewares[1]")
                .hasMessageContaining("a chain cannot contain itself");
        // Qualified names: "loop" inside "loop@file" is the chain itself.
        assertThat(ChainType.isSelf("loop", "loop@file")).isTrue();
        assertThat(ChainType.isSelf("loop@file", "loop@file")).isTrue();
        assertThat(ChainType.isSelf("loop@docker", "loop@file")).isFalse();
        assertThat(ChainType.isSelf("loopy", "loop@file")).isFalse();
    }

    @Test
    void unknownNamesAndBadListsAreClearErrors() throws Exception {
        DynamicConfig config = ConfigDecoder.create().decode(MiddlewareConfigs.yaml("chain", "middlewares: [missing]"),
                Format.YAML, "chain.yml").orThrow();
        assertThatThrownBy(() -> MiddlewareConfigs.build(config, "m", contextOf(config, "m")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("missing");
        // Without a context that resolves names (e.g. a bare MiddlewareContext.named), the error says so.
        assertThatThrownBy(() -> MiddlewareConfigs.build(config, "m", MiddlewareContext.named("m")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("cannot be referenced");
        assertThat(error("chain", "middlewares:\n  - a\n  - \"\"")).contains("http.middlewares.m.chain")
                .contains("middlewares[1]: empty middleware name");
        assertThat(error("chain", "middlewares: {a: b}")).contains("middlewares");
    }

    @Test
    void docsPageExamplesLoadAndBehave() throws Exception {
        DocExamples page = DocExamples.of("middlewares/chain.md");
        assertThat(page.showsJava("Chain.of(StripPrefix.of(\"/api\"), AddPrefix.of(\"/v2\"))")).isTrue();
        var configs = new ArrayList<DynamicConfig>(page.fileConfigs());
        configs.addAll(page.labelConfigs());
        assertThat(configs).hasSizeGreaterThanOrEqualTo(2);
        for (DynamicConfig config : configs) {
            Middleware m = MiddlewareConfigs.build(config, "secured", contextOf(config, "secured"));
            try (ProxiedMiddleware proxy = ProxiedMiddleware.start(m)) {
                assertThat(EchoHandler.field(proxy.get("/api/users").body(), "uri")).isEqualTo("/v2/users");
            }
        }
    }
}
