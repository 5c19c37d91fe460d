package io.gatehouse.middleware.encodedcharacters;

import io.gatehouse.core.config.DynamicConfig;
import io.gatehouse.core.middleware.Middleware;
import io.gatehouse.core.middleware.MiddlewareContext;
import io.gatehouse.core.testing.EchoHandler;
import io.gatehouse.middleware.testing.DocExamples;
import io.gatehouse.middleware.testing.MiddlewareConfigs;
import io.gatehouse.middleware.testing.ProxiedMiddleware;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;

import static io.gatehouse.middleware.testing.MiddlewareConfigs.error;
import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class EncodedCharactersTest {

    @Test
    void byDefaultEveryListedEscapeIsRefusedInEitherCase() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(EncodedCharacters.refuseAll())) {
            for (String path : new String[] {"/a%2Fb", "/a%2fb", "/a%3Bb", "/a%3bb", "/a%25b", "/a%3Fb", "/a%3fb", "/a%23b"}) {
                assertThat(proxy.get(path).statusCode()).as(path).isEqualTo(400);
            }
            assertThat(proxy.get("/plain/path?x=%2F").statusCode()).isEqualTo(200);
            // Other escapes are decoded by the router before this middleware runs.
            assertThat(EchoHandler.field(proxy.get("/%61%20b").body(), "uri")).isEqualTo("/a%20b");
            // Reserved escapes Traefik's filter does not list are allowed.
            assertThat(proxy.get("/a%3Ab%40c").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void eachOptionAllowsItsEscapeOnly() throws Exception {
        Middleware m = MiddlewareConfigs.build(MiddlewareConfigs.yaml("encodedCharacters",
                "allowEncodedSlash: true\nallowEncodedQuestionMark: true"), "m");
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(m)) {
            assertThat(EchoHandler.field(proxy.get("/a%2Fb%3Fc").body(), "uri")).isEqualTo("/a%2Fb%3Fc");
            assertThat(proxy.get("/a%23b").statusCode()).isEqualTo(400);
            assertThat(proxy.get("/a%25b").statusCode()).isEqualTo(400);
        }
        Middleware all = MiddlewareConfigs.build(MiddlewareConfigs.yaml("encodedCharacters", """
                allowEncodedSlash: true
                allowEncodedBackSlash: true
                allowEncodedNullCharacter: true
                allowEncodedSemicolon: true
                allowEncodedPercent: true
                allowEncodedQuestionMark: true
                allowEncodedHash: true"""), "m");
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(all)) {
            assertThat(EchoHandler.field(proxy.get("/%2F%3B%25%3F%23").body(), "uri")).isEqualTo("/%2F%3B%25%3F%23");
            // The router refuses these before any middleware, allowed or not (see docs/routing.md).
            assertThat(proxy.get("/a%5Cb").statusCode()).isEqualTo(400);
            assertThat(proxy.get("/a%00b").statusCode()).isEqualTo(400);
        }
    }

    @Test
    void badConfigurationIsAClearError() {
        assertThat(error("encodedCharacters", "allowEncodedSlash: maybe"))
                .contains("http.middlewares.m.encodedCharacters.allowEncodedSlash");
        assertThat(error("encodedCharacters", "allowEncodedSlashes: true")).contains("unknown").contains("allowEncodedSlash");
        assertThat(error("encodedCharacters", "allowEncodedHash: [true]")).contains("allowEncodedHash");
    }

    @Test
    void docsPageExamplesLoadAndBehave() throws Exception {
        DocExamples page = DocExamples.of("middlewares/encodedcharacters.md");
        assertThat(page.showsJava("EncodedCharacters.refuseAll()")).isTrue();
        var configs = new ArrayList<DynamicConfig>(page.fileConfigs());
        configs.addAll(page.labelConfigs());
        assertThat(configs).hasSizeGreaterThanOrEqualTo(2);
        for (DynamicConfig config : configs) {
            Middleware m = MiddlewareConfigs.build(config, "test-encodedchars", MiddlewareContext.named("test-encodedchars"));
            try (ProxiedMiddleware proxy = ProxiedMiddleware.start(m)) {
                assertThat(proxy.get("/a%2Fb").statusCode()).isEqualTo(200);
                assertThat(proxy.get("/a%3Fb").statusCode()).isEqualTo(400);
            }
        }
    }
}
