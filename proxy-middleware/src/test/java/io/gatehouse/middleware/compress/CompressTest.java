package io.gatehouse.middleware.compress;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.decoder.BrotliInputStream;
import com.github.luben.zstd.ZstdInputStream;
import io.gatehouse.core.config.ConfigException;
import io.gatehouse.core.middleware.Middleware;
import io.gatehouse.middleware.testing.TrafficTestProxy;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(60)
class CompressTest {

    private static final String TEXT = "All work and no play makes Jack a dull boy. ".repeat(200);

    private static HttpHandler text(String contentType, String body) {
        return exchange -> {
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, contentType);
            exchange.getResponseSender().send(body);
        };
    }

    /** A backend that writes its body in pieces with flushes, without a Content-Length. */
    private static HttpHandler streamed(String contentType, byte[] body, int piece) {
        return exchange -> {
            if (exchange.isInIoThread()) {
                exchange.dispatch(streamed(contentType, body, piece));
                return;
            }
            exchange.startBlocking();
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, contentType);
            OutputStream out = exchange.getOutputStream();
            for (int i = 0; i < body.length; i += piece) {
                out.write(body, i, Math.min(piece, body.length - i));
                out.flush();
            }
            out.close();
        };
    }

    private static HttpResponse<byte[]> get(TrafficTestProxy proxy, String method, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(proxy.uri("/")).method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return proxy.client().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String decode(HttpResponse<byte[]> response) throws IOException {
        String coding = response.headers().firstValue("Content-Encoding").orElse("identity");
        InputStream in = new ByteArrayInputStream(response.body());
        InputStream decoded = switch (coding) {
            case "gzip" -> new GZIPInputStream(in);
            case "br" -> new BrotliInputStream(in);
            case "zstd" -> new ZstdInputStream(in);
            case "identity" -> in;
            default -> throw new AssertionError("unexpected encoding " + coding);
        };
        return new String(decoded.readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void everyEncodingDecodesOnTheClient() throws Exception {
        Brotli4jLoader.ensureAvailability();
        try (TrafficTestProxy proxy = TrafficTestProxy.start(Compress.of(), text("text/plain", TEXT))) {
            for (String coding : new String[] {"gzip", "br", "zstd"}) {
                HttpResponse<byte[]> response = get(proxy, "GET", "Accept-Encoding", coding);
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.headers().firstValue("Content-Encoding")).hasValue(coding);
                assertThat(response.headers().allValues("Vary")).contains("Accept-Encoding");
                assertThat(response.headers().firstValue("Content-Length")).isEmpty();
                assertThat(response.body().length).isLessThan(TEXT.length() / 4);
                assertThat(decode(response)).isEqualTo(TEXT);
            }
        }
    }

    @Test
    void aLargeStreamedBodyIsCompressedCompletely() throws Exception {
        StringBuilder big = new StringBuilder();
        for (int i = 0; big.length() < 3_000_000; i++) {
            big.append("line ").append(i).append(" of a long streamed body\n");
        }
        byte[] body = big.toString().getBytes(StandardCharsets.UTF_8);
        try (TrafficTestProxy proxy = TrafficTestProxy.start(Compress.of(), streamed("text/plain", body, 64 * 1024))) {
            for (String coding : new String[] {"gzip", "br", "zstd"}) {
                HttpResponse<byte[]> response = get(proxy, "GET", "Accept-Encoding", coding);
                assertThat(response.headers().firstValue("Content-Encoding")).hasValue(coding);
                assertThat(decode(response)).isEqualTo(big.toString());
            }
        }
    }

    @Test
    void qValuesAndServerOrderPickTheEncoding() throws Exception {
        try (TrafficTestProxy proxy = TrafficTestProxy.start(Compress.of(), text("text/plain", TEXT))) {
            assertThat(encodingFor(proxy, "gzip;q=0.5, br;q=0.9")).isEqualTo("br");
            assertThat(encodingFor(proxy, "zstd, gzip")).isEqualTo("gzip");
            assertThat(encodingFor(proxy, "zstd;q=1.0, gzip;q=0.999")).isEqualTo("zstd");
            assertThat(encodingFor(proxy, "gzip;q=0, *")).isEqualTo("br");
            assertThat(encodingFor(proxy, "gzip;q=0")).isEqualTo("identity");
            assertThat(encodingFor(proxy, "*;q=0")).isEqualTo("identity");
            assertThat(encodingFor(proxy, "identity")).isEqualTo("identity");
            assertThat(encodingFor(proxy, "deflate, compress")).isEqualTo("identity");
            assertThat(encodingFor(proxy, "gzip;q=abc")).isEqualTo("identity");
            assertThat(encodingFor(proxy, "GZIP")).isEqualTo("gzip");
            assertThat(encodingFor(proxy, "")).isEqualTo("identity");
            assertThat(encodingFor(proxy, null)).isEqualTo("identity");
        }
    }

    @Test
    void theConfiguredOrderAndDefaultEncodingApply() throws Exception {
        Compress compress = Compress.of(CompressConfig.DEFAULTS.withEncodings("zstd", "gzip").withDefaultEncoding("gzip"));
        try (TrafficTestProxy proxy = TrafficTestProxy.start(compress, text("text/plain", TEXT))) {
            assertThat(encodingFor(proxy, "gzip, br, zstd")).isEqualTo("zstd");
            assertThat(encodingFor(proxy, "br")).isEqualTo("identity");
            assertThat(encodingFor(proxy, null)).isEqualTo("gzip");
            assertThat(encodingFor(proxy, "*")).isEqualTo("gzip");
        }
    }

    private static String encodingFor(TrafficTestProxy proxy, String acceptEncoding) throws Exception {
        HttpResponse<byte[]> response = acceptEncoding == null ? get(proxy, "GET")
                : get(proxy, "GET", "Accept-Encoding", acceptEncoding);
        assertThat(decode(response)).isEqualTo(TEXT);
        return response.headers().firstValue("Content-Encoding").orElse("identity");
    }

    @Test
    void smallBodiesAreSentAsTheyAre() throws Exception {
        String small = "x".repeat(1023);
        try (TrafficTestProxy proxy = TrafficTestProxy.start(Compress.of(), text("text/plain", small))) {
            HttpResponse<byte[]> response = get(proxy, "GET", "Accept-Encoding", "gzip");
            assertThat(response.headers().firstValue("Content-Encoding")).isEmpty();
            assertThat(response.headers().allValues("Vary")).contains("Accept-Encoding");
            assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(small);
        }
        byte[] smallStreamed = "y".repeat(300).getBytes(StandardCharsets.UTF_8);
        try (TrafficTestProxy proxy = TrafficTestProxy.start(Compress.of(), streamed("text/plain", smallStreamed, 300))) {
            HttpResponse<byte[]> response = get(proxy, "GET", "Accept-Encoding", "gzip");
            assertThat(response.headers().firstValue("Content-Encoding")).isEmpty();
            assertThat(response.body()).isEqualTo(smallStreamed);
        }
        Compress tiny = Compress.of(CompressConfig.DEFAULTS.withMinResponseBodyBytes(10));
        try (TrafficTestProxy proxy = TrafficTestProxy.start(tiny, text("text/plain", "0123456789ab"))) {
            HttpResponse<byte[]> response = get(proxy, "GET", "Accept-Encoding", "gzip");
            assertThat(response.headers().firstValue("Content-Encoding")).hasValue("gzip");
            assertThat(decode(response)).isEqualTo("0123456789ab");
        }
    }

    @Test
    void neverReencodesHeadOrBodilessResponses() throws Exception {
        HttpHandler preEncoded = exchange -> {
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
            exchange.getResponseHeaders().put(Headers.CONTENT_ENCODING, "br");
            exchange.getResponseSender().send(TEXT);
        };
        try (TrafficTestProxy proxy = TrafficTestProxy.start(Compress.of(), preEncoded)) {
            HttpResponse<byte[]> response = get(proxy, "GET", "Accept-Encoding", "gzip");
            assertThat(response.headers().allValues("Content-Encoding")).containsExactly("br");
            assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(TEXT);
        }
        try (TrafficTestProxy proxy = TrafficTestProxy.start(Compress.of(), text("text/plain", TEXT))) {
            HttpResponse<byte[]> head = get(proxy, "HEAD", "Accept-Encoding", "gzip");
            assertThat(head.headers().firstValue("Content-Encoding")).isEmpty();
        }
        HttpHandler status = exchange -> {
            int code = Integer.parseInt(exchange.getQueryParameters().get("s").getFirst());
            exchange.setStatusCode(code);
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
            exchange.endExchange();
        };
        try (TrafficTestProxy proxy = TrafficTestProxy.start(Compress.of(), status)) {
            for (int code : new int[] {204, 304}) {
                HttpResponse<String> response = proxy.get("/?s=" + code, "Accept-Encoding", "gzip");
                assertThat(response.statusCode()).isEqualTo(code);
                assertThat(response.headers().firstValue("Content-Encoding")).isEmpty();
            }
        }
    }

    @Test
    void contentTypesAreExcludedOrIncluded() throws Exception {
        Compress excluding = Compress.of(CompressConfig.DEFAULTS.withExcludedContentTypes("image/png", "text/csv; charset=utf-8"));
        try (TrafficTestProxy proxy = TrafficTestProxy.start(excluding, text("IMAGE/PNG", TEXT))) {
            assertThat(get(proxy, "GET", "Accept-Encoding", "gzip").headers().firstValue("Content-Encoding")).isEmpty();
        }
        try (TrafficTestProxy proxy = TrafficTestProxy.start(excluding, text("text/csv;charset=UTF-8", TEXT))) {
            assertThat(get(proxy, "GET", "Accept-Encoding", "gzip").headers().firstValue("Content-Encoding")).isEmpty();
        }
        try (TrafficTestProxy proxy = TrafficTestProxy.start(excluding, text("text/csv; charset=latin1", TEXT))) {
            assertThat(get(proxy, "GET", "Accept-Encoding", "gzip").headers().firstValue("Content-Encoding")).hasValue("gzip");
        }
        Compress including = Compress.of(CompressConfig.DEFAULTS.withIncludedContentTypes("text/html"));
        try (TrafficTestProxy proxy = TrafficTestProxy.start(including, text("text/plain", TEXT))) {
            HttpResponse<byte[]> response = get(proxy, "GET", "Accept-Encoding", "gzip");
            assertThat(response.headers().firstValue("Content-Encoding")).isEmpty();
            assertThat(response.headers().allValues("Vary")).doesNotContain("Accept-Encoding");
        }
        try (TrafficTestProxy proxy = TrafficTestProxy.start(including, text("text/html; charset=utf-8", TEXT))) {
            assertThat(get(proxy, "GET", "Accept-Encoding", "gzip").headers().firstValue("Content-Encoding")).hasValue("gzip");
        }
        try (TrafficTestProxy proxy = TrafficTestProxy.start(Compress.of(), text("application/grpc", TEXT))) {
            assertThat(get(proxy, "GET", "Accept-Encoding", "gzip").headers().firstValue("Content-Encoding")).isEmpty();
        }
    }

    @Test
    void serverSentEventsStreamThroughUncompressed() throws Exception {
        CountDownLatch firstRead = new CountDownLatch(1);
        HttpHandler events = new HttpHandler() {
            @Override
            public void handleRequest(HttpServerExchange exchange) throws Exception {
                if (exchange.isInIoThread()) {
                    exchange.dispatch(this);
                    return;
                }
                exchange.startBlocking();
                exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/event-stream");
                OutputStream out = exchange.getOutputStream();
                out.write(("data: " + "first ".repeat(400) + "\n\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                // the client must see the first event before the stream goes on
                firstRead.await(30, TimeUnit.SECONDS);
                out.write("data: second\n\n".getBytes(StandardCharsets.UTF_8));
                out.close();
            }
        };
        try (TrafficTestProxy proxy = TrafficTestProxy.start(Compress.of(), events)) {
            HttpResponse<InputStream> response = proxy.client().send(HttpRequest.newBuilder(proxy.uri("/"))
                    .header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.headers().firstValue("Content-Encoding")).isEmpty();
            BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
            assertThat(reader.readLine()).startsWith("data: first");
            assertThat(firstRead.getCount()).isEqualTo(1);
            firstRead.countDown();
            assertThat(reader.readLine()).isEmpty();
            assertThat(reader.readLine()).isEqualTo("data: second");
        }
    }

    @Test
    void bindsFromYaml() throws Exception {
        Middleware m = TrafficTestProxy.middlewareFromYaml("""
                http:
                  middlewares:
                    m:
                      compress:
                        encodings: [zstd, br, gzip]
                        defaultEncoding: gzip
                        minResponseBodyBytes: 2048
                        excludedContentTypes: [text/event-stream, image/png]
                """, "m");
        CompressConfig config = ((Compress) m).config();
        assertThat(config.encodings()).containsExactly("zstd", "br", "gzip");
        assertThat(config.minResponseBodyBytes()).isEqualTo(2048);
        Middleware defaults = TrafficTestProxy.middlewareFromYaml(
                "http:\n  middlewares:\n    m:\n      compress: {}\n", "m");
        assertThat(((Compress) defaults).config()).isEqualTo(CompressConfig.DEFAULTS);
        assertThat(CompressConfig.DEFAULTS.encodings()).containsExactly("gzip", "br", "zstd");
        assertThat(CompressConfig.DEFAULTS.minResponseBodyBytes()).isEqualTo(1024);
    }

    @Test
    void badOptionsAreClearErrors() {
        assertBad("encodings: [gzip, deflate]", "encodings[1]: unsupported encoding 'deflate'; supported: gzip, br, zstd");
        assertBad("encodings: []", "encodings: at least one encoding");
        assertBad("defaultEncoding: br\n        encodings: [gzip]", "defaultEncoding: 'br' is not one of the encodings");
        assertBad("minResponseBodyBytes: -1", "minResponseBodyBytes must be 0");
        assertBad("minResponseBodyBytes: 99999999999", "minResponseBodyBytes must be at most");
        assertBad("includedContentTypes: [text/html]\n        excludedContentTypes: [image/png]", "mutually exclusive");
        assertBad("excludedContentTypes: [notatype]", "excludedContentTypes[0]: not a media type");
        assertBad("includedContentTypes: [\"text/html\", \"a/b/c\"]", "includedContentTypes[1]: not a media type");
    }

    private static void assertBad(String options, String message) {
        String doc = "http:\n  middlewares:\n    m:\n      compress:\n        " + options + "\n";
        assertThatThrownBy(() -> TrafficTestProxy.middlewareFromYaml(doc, "m"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("http.middlewares.m.compress:")
                .hasMessageContaining(message);
    }
}
