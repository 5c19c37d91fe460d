package io.gatehouse.middleware.redirect;

import io.gatehouse.core.config.DynamicConfig;
import io.gatehouse.core.middleware.Middleware;
import io.gatehouse.core.middleware.MiddlewareContext;
import io.gatehouse.core.testing.EchoHandler;
import io.gatehouse.core.testing.RawHttp;
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
class RedirectRegexTest {

    @Test
    void redirectsTheWholeUrlWithGroups() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(
                RedirectRegex.of("^http://localhost/(.*)", "http://mydomain/${1}", false))) {
            RawHttp.Response response = proxy.rawGet("localhost", "/a/b?x=1");
            assertThat(response.status()).isEqualTo(302);
            assertThat(response.header("location")).isEqualTo("http://mydomain/a/b?x=1");
            assertThat(response.body()).isEqualTo("Found");
        }
    }

    @Test
    void statusDependsOnPermanentAndMethodAsInTraefik() throws Exception {
        try (ProxiedMiddleware temporary = ProxiedMiddleware.start(RedirectRegex.of("/old", "/new", false));
             ProxiedMiddleware permanent = ProxiedMiddleware.start(RedirectRegex.of("/old", "/new", true))) {
            assertThat(temporary.get("/old").statusCode()).isEqualTo(302);
            assertThat(temporary.send("POST", "/old").statusCode()).isEqualTo(307);
            assertThat(temporary.send("HEAD", "/old").statusCode()).isEqualTo(307);
            HttpResponse<String> moved = permanent.get("/old");
            assertThat(moved.statusCode()).isEqualTo(301);
            assertThat(moved.body()).isEqualTo("Moved Permanently");
            HttpResponse<String> post = permanent.send("POST", "/old");
            assertThat(post.statusCode()).isEqualTo(308);
            assertThat(post.body()).isEqualTo("Permanent Redirect");
            assertThat(post.headers().firstValue("location")).hasValueSatisfying(l -> assertThat(l).endsWith("/new"));
        }
    }

    @Test
    void noMatchOrAnUnchangedUrlGoesToTheBackend() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(RedirectRegex.of("^http://([^/]+)/(.*)", "http://$1/$2", true))) {
            HttpResponse<String> response = proxy.get("/same?q=1");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(EchoHandler.field(response.body(), "uri")).isEqualTo("/same?q=1");
        }
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(RedirectRegex.of("^https://", "http://x/", true))) {
            assertThat(proxy.get("/plain").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void theUrlSeenIsTheForwardedPathWithTheHostAsSent() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(RedirectRegex.of("^http://Example.COM:8080/admin$", "https://example.com/login", false))) {
            // Dot segments are resolved before the middleware sees the path.
            RawHttp.Response response = proxy.rawGet("Example.COM:8080", "/public/../admin");
            assertThat(response.status()).isEqualTo(302);
            assertThat(response.header("location")).isEqualTo("https://example.com/login");
        }
    }

    @Test
    void aReplacementThatIsNotAUrlIsA500NeverAHeaderInjection() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(RedirectRegex.of("^http://[^/]+/(.*)", "http://x/%$1", false))) {
            assertThat(proxy.get("/zz").statusCode()).isEqualTo(500);
            // Characters that cannot be raw in a URL are escaped in Location.
            assertThat(proxy.get("/41%20b").headers().firstValue("location")).hasValue("http://x/%41%20b");
        }
    }

    @Test
    void badConfigurationIsAClearError() {
        assertThat(error("redirectRegex", "replacement: http://x"))
                .contains("http.middlewares.m.redirectRegex").contains("regex: a regular expression is required");
        assertThat(error("redirectRegex", "regex: \"^http://(.*\"\nreplacement: http://x"))
                .contains("regex: invalid regular expression");
        assertThat(error("redirectRegex", "regex: ^http://a\n")).contains("replacement: a replacement URL is required");
        assertThat(error("redirectRegex", "regex: ^a\nreplacement: \"http://x/\\r\\nSet-Cookie: a=b\""))
                .contains("replacement: control character");
        assertThat(error("redirectRegex", "regex: ^a\nreplacement: /b\npermanent: sometimes")).contains("permanent");
    }

    @Test
    void docsPageExamplesLoadAndBehave() throws Exception {
        DocExamples page = DocExamples.of("middlewares/redirectregex.md");
        assertThat(page.showsJava("RedirectRegex.of(\"^http://localhost/(.*)\", \"http://mydomain/${1}\", true)")).isTrue();
        var configs = new ArrayList<DynamicConfig>(page.fileConfigs());
        configs.addAll(page.labelConfigs());
        assertThat(configs).hasSizeGreaterThanOrEqualTo(2);
        for (DynamicConfig config : configs) {
            Middleware m = MiddlewareConfigs.build(config, "test-redirectregex", MiddlewareContext.named("test-redirectregex"));
            try (ProxiedMiddleware proxy = ProxiedMiddleware.start(m)) {
                RawHttp.Response response = proxy.rawGet("localhost", "/x");
                assertThat(response.status()).isEqualTo(301);
                assertThat(response.header("location")).isEqualTo("http://mydomain/x");
            }
        }
    }
}
