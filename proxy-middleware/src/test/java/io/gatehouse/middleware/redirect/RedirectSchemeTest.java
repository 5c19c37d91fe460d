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

import java.util.ArrayList;

import static io.gatehouse.middleware.testing.MiddlewareConfigs.error;
import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class RedirectSchemeTest {

    @Test
    void redirectsHttpToHttpsDroppingThePort() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(RedirectScheme.https(true))) {
            RawHttp.Response response = proxy.rawGet("example.com:8080", "/a/b?x=1");
            assertThat(response.status()).isEqualTo(301);
            assertThat(response.header("location")).isEqualTo("https://example.com/a/b?x=1");
            assertThat(proxy.raw("POST /form HTTP/1.1\r\nHost: example.com\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").status())
                    .isEqualTo(308);
        }
    }

    @Test
    void aConfiguredPortIsUsedExceptTheSchemesDefault() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(new RedirectScheme(new RedirectSchemeConfig("https", "8443", false)))) {
            RawHttp.Response response = proxy.rawGet("example.com", "/x");
            assertThat(response.status()).isEqualTo(302);
            assertThat(response.header("location")).isEqualTo("https://example.com:8443/x");
        }
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(new RedirectScheme(new RedirectSchemeConfig("https", "443", false)))) {
            assertThat(proxy.rawGet("example.com:80", "/x").header("location")).isEqualTo("https://example.com/x");
        }
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(new RedirectScheme(new RedirectSchemeConfig("http", "80", false)))) {
            // Already http on its default port: nothing to do.
            RawHttp.Response response = proxy.rawGet("example.com:80", "/x");
            assertThat(response.status()).isEqualTo(200);
        }
    }

    @Test
    void aClientsOwnXForwardedProtoDoesNotStopTheRedirect() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(RedirectScheme.https(true))) {
            // The entry point trusts no forwarder by default: a client's X-Forwarded-Proto is replaced, so it still redirects.
            RawHttp.Response spoofed = proxy.rawGet("example.com", "/x", "X-Forwarded-Proto: https");
            assertThat(spoofed.status()).isEqualTo(301);
        }
    }

    @Test
    void noRedirectWhenATrustedHopSaysTheRequestIsAlreadyHttps() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.behindTrustedProxy(RedirectScheme.https(true))) {
            RawHttp.Response https = proxy.rawGet("example.com", "/x", "X-Forwarded-Proto: https");
            assertThat(https.status()).isEqualTo(200);
            assertThat(EchoHandler.field(https.body(), "uri")).isEqualTo("/x");
            assertThat(proxy.rawGet("example.com", "/x", "X-Forwarded-Proto: wss").status()).isEqualTo(200);
            assertThat(proxy.rawGet("example.com", "/x", "X-Forwarded-Proto: HTTP").status()).isEqualTo(301);
            // An unknown value is ignored: the connection's scheme (http) counts.
            assertThat(proxy.rawGet("example.com", "/x", "X-Forwarded-Proto: gopher").status()).isEqualTo(301);
        }
    }

    @Test
    void redirectsToHttpFromHttpsOnlyWhenTheSchemeDiffers() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(new RedirectScheme(new RedirectSchemeConfig("http", "", false)))) {
            RawHttp.Response response = proxy.rawGet("example.com", "/x");
            assertThat(response.status()).isEqualTo(200);
            assertThat(EchoHandler.field(response.body(), "uri")).isEqualTo("/x");
        }
        try (ProxiedMiddleware proxy = ProxiedMiddleware.behindTrustedProxy(new RedirectScheme(new RedirectSchemeConfig("http", "", true)))) {
            RawHttp.Response response = proxy.rawGet("example.com:443", "/x", "X-Forwarded-Proto: https");
            assertThat(response.status()).isEqualTo(301);
            assertThat(response.header("location")).isEqualTo("http://example.com/x");
        }
    }

    @Test
    void ipv6HostsKeepTheirBrackets() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(RedirectScheme.https(false))) {
            assertThat(proxy.rawGet("[::1]:8080", "/x").header("location")).isEqualTo("https://[::1]/x");
        }
    }

    @Test
    void badConfigurationIsAClearError() {
        assertThat(error("redirectScheme", "permanent: true"))
                .contains("http.middlewares.m.redirectScheme").contains("scheme: a target scheme is required");
        assertThat(error("redirectScheme", "scheme: \"ht tp\"")).contains("scheme: not a URL scheme");
        assertThat(error("redirectScheme", "scheme: https\nport: \"abc\"")).contains("port: expected a port number");
        assertThat(error("redirectScheme", "scheme: https\nport: \"0\"")).contains("port: expected a port number");
        assertThat(error("redirectScheme", "scheme: https\nport: \"65536\"")).contains("port");
        assertThat(error("redirectScheme", "scheme: https\nport: \"-1\"")).contains("port");
    }

    @Test
    void aPortWrittenAsANumberIsAccepted() throws Exception {
        Middleware m = MiddlewareConfigs.build(MiddlewareConfigs.yaml("redirectScheme", "scheme: https\nport: 8443"), "m");
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(m)) {
            assertThat(proxy.rawGet("a.example", "/").header("location")).isEqualTo("https://a.example:8443/");
        }
    }

    @Test
    void docsPageExamplesLoadAndBehave() throws Exception {
        DocExamples page = DocExamples.of("middlewares/redirectscheme.md");
        assertThat(page.showsJava("RedirectScheme.https(true)")).isTrue();
        var configs = new ArrayList<DynamicConfig>(page.fileConfigs());
        configs.addAll(page.labelConfigs());
        assertThat(configs).hasSizeGreaterThanOrEqualTo(2);
        for (DynamicConfig config : configs) {
            Middleware m = MiddlewareConfigs.build(config, "test-redirectscheme", MiddlewareContext.named("test-redirectscheme"));
            try (ProxiedMiddleware proxy = ProxiedMiddleware.start(m)) {
                RawHttp.Response response = proxy.rawGet("example.com", "/x");
                assertThat(response.status()).isEqualTo(301);
                assertThat(response.header("location")).isEqualTo("https://example.com/x");
            }
        }
    }
}
