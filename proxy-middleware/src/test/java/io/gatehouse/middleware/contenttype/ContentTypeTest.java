package io.gatehouse.middleware.contenttype;

import io.gatehouse.core.config.DynamicConfig;
import io.gatehouse.core.middleware.Middleware;
import io.gatehouse.core.middleware.MiddlewareContext;
import io.gatehouse.middleware.testing.DocExamples;
import io.gatehouse.middleware.testing.MiddlewareConfigs;
import io.gatehouse.middleware.testing.ProxiedMiddleware;
import io.undertow.server.HttpHandler;
import io.undertow.util.Headers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;

import static io.gatehouse.middleware.testing.MiddlewareConfigs.error;
import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class ContentTypeTest {

    /** A backend that answers the bytes of the query string's "body" kind, without Content-Type unless asked. */
    private static final HttpHandler UNTYPED = exchange -> {
        String kind = exchange.getQueryParameters().getOrDefault("kind", new java.util.ArrayDeque<>(java.util.List.of("html"))).getFirst();
        byte[] body = switch (kind) {
            case "html" -> "  <!DOCTYPE html><html><body>hi</body></html>".getBytes(StandardCharsets.UTF_8);
            case "png" -> new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 0};
            case "binary" -> new byte[] {1, 2, 3, 4};
            case "typed" -> "<html>".getBytes(StandardCharsets.UTF_8);
            case "gzip" -> new byte[] {0x1F, (byte) 0x8B, 8, 0};
            default -> new byte[0];
        };
        if (kind.equals("typed")) {
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/x-custom");
        }
        if (kind.equals("gzip")) {
            exchange.getResponseHeaders().put(Headers.CONTENT_ENCODING, "gzip");
        }
        exchange.getResponseSender().send(ByteBuffer.wrap(body));
    };

    @Test
    void withoutTheMiddlewareAnUntypedResponseStaysUntyped() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(next -> next, UNTYPED)) {
            assertThat(proxy.get("/?kind=html").headers().firstValue("content-type")).isEmpty();
        }
    }

    @Test
    void detectsTheTypeOfUntypedResponsesAsGo() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(ContentType.detect(), UNTYPED)) {
            assertThat(type(proxy, "html")).hasValue("text/html; charset=utf-8");
            assertThat(type(proxy, "png")).hasValue("image/png");
            assertThat(type(proxy, "binary")).hasValue("application/octet-stream");
            assertThat(type(proxy, "typed")).hasValue("application/x-custom");
            // Encoded bodies are not sniffed; nor are empty ones (as Go).
            assertThat(type(proxy, "gzip")).isEmpty();
            assertThat(type(proxy, "empty")).isEmpty();
        }
    }

    @Test
    void autoDetectFalseTurnsTheMiddlewareOff() throws Exception {
        Middleware off = MiddlewareConfigs.build(MiddlewareConfigs.yaml("contentType", "autoDetect: false"), "m");
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(off, UNTYPED)) {
            assertThat(type(proxy, "html")).isEmpty();
        }
        Middleware on = MiddlewareConfigs.build(MiddlewareConfigs.yaml("contentType", "autoDetect: true"), "m");
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(on, UNTYPED)) {
            assertThat(type(proxy, "html")).hasValue("text/html; charset=utf-8");
        }
    }

    private static java.util.Optional<String> type(ProxiedMiddleware proxy, String kind) throws Exception {
        HttpResponse<String> response = proxy.get("/?kind=" + kind);
        assertThat(response.statusCode()).isEqualTo(200);
        return response.headers().firstValue("content-type");
    }

    @Test
    void sniffsLikeGosDetectContentType() {
        assertThat(ContentSniffer.detect("<?xml version=\"1.0\"?><a/>".getBytes(StandardCharsets.UTF_8))).isEqualTo("text/xml; charset=utf-8");
        assertThat(ContentSniffer.detect("%PDF-1.7".getBytes(StandardCharsets.US_ASCII))).isEqualTo("application/pdf");
        assertThat(ContentSniffer.detect("GIF89a...".getBytes(StandardCharsets.US_ASCII))).isEqualTo("image/gif");
        assertThat(ContentSniffer.detect(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0})).isEqualTo("image/jpeg");
        assertThat(ContentSniffer.detect("PK\u0003\u0004rest".getBytes(StandardCharsets.ISO_8859_1))).isEqualTo("application/zip");
        assertThat(ContentSniffer.detect("{\"json\": true}".getBytes(StandardCharsets.UTF_8))).isEqualTo("text/plain; charset=utf-8");
        assertThat(ContentSniffer.detect("<HTML>".getBytes(StandardCharsets.US_ASCII))).isEqualTo("text/html; charset=utf-8");
        assertThat(ContentSniffer.detect("<htmlx".getBytes(StandardCharsets.US_ASCII))).isEqualTo("text/plain; charset=utf-8");
        assertThat(ContentSniffer.detect("RIFF\0\0\0\0WEBPVP8 ".getBytes(StandardCharsets.ISO_8859_1))).isEqualTo("image/webp");
        assertThat(ContentSniffer.detect(new byte[0])).isEqualTo("text/plain; charset=utf-8");
        byte[] mp4 = {0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'm', 'p', '4', '2', 0, 0, 0, 0, 'm', 'p', '4', '1', 'i', 's', 'o', 'm'};
        assertThat(ContentSniffer.detect(mp4)).isEqualTo("video/mp4");
    }

    @Test
    void badConfigurationIsAClearError() {
        assertThat(error("contentType", "autoDetect: perhaps")).contains("http.middlewares.m.contentType.autoDetect");
        assertThat(error("contentType", "autodetect: true\nextra: 1")).contains("unknown");
    }

    @Test
    void docsPageExamplesLoadAndBehave() throws Exception {
        DocExamples page = DocExamples.of("middlewares/contenttype.md");
        assertThat(page.showsJava("ContentType.detect()")).isTrue();
        var configs = new ArrayList<DynamicConfig>(page.fileConfigs());
        configs.addAll(page.labelConfigs());
        assertThat(configs).hasSizeGreaterThanOrEqualTo(2);
        for (DynamicConfig config : configs) {
            Middleware m = MiddlewareConfigs.build(config, "autodetect", MiddlewareContext.named("autodetect"));
            try (ProxiedMiddleware proxy = ProxiedMiddleware.start(m, UNTYPED)) {
                assertThat(type(proxy, "html")).hasValue("text/html; charset=utf-8");
            }
        }
    }
}
