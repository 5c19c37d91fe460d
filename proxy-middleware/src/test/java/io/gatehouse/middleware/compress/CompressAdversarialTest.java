package io.gatehouse.middleware.compress;

import io.gatehouse.middleware.testing.ProxiedMiddleware;
import io.undertow.server.HttpHandler;
import io.undertow.util.Headers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;

import static io.gatehouse.middleware.testing.HostileConfig.accepted;
import static io.gatehouse.middleware.testing.HostileConfig.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class CompressAdversarialTest {

    private static final String BODY = "hello compress ".repeat(400);

    private static final HttpHandler TEXT = exchange -> {
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
        exchange.getResponseSender().send(BODY);
    };

    @ParameterizedTest
    @ValueSource(strings = {"encodings: []", "encodings: [deflate]", "encodings: [gzip, \"\"]", "encodings: [gzip, gzip2]",
            "encodings: [~]", "encodings: {a: b}"})
    void badEncodingsAreErrors(String option) {
        assertRejected("compress", "encodings", option);
    }

    @ParameterizedTest
    @ValueSource(strings = {"encodings: [gzip]\ndefaultEncoding: br", "defaultEncoding: deflate",
            "defaultEncoding: \"*\"", "defaultEncoding: [gzip]"})
    void badDefaultEncodingIsAnError(String options) {
        assertRejected("compress", "defaultEncoding", options);
    }

    @ParameterizedTest
    @ValueSource(strings = {"minResponseBodyBytes: -1", "minResponseBodyBytes: 16777217", "minResponseBodyBytes: abc",
            "minResponseBodyBytes: 99999999999999999999999", "minResponseBodyBytes: 1.5"})
    void badMinResponseBodyBytesIsAnError(String option) {
        assertRejected("compress", "minResponseBodyBytes", option);
    }

    @Test
    void includedAndExcludedTogetherIsAnError() {
        assertRejected("compress", "ContentTypes", "includedContentTypes: [text/html]\nexcludedContentTypes: [image/png]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"\"", "\"not a type\"", "\"text/\"", "\"/html\"", "\"text/html; charset\""})
    void malformedContentTypesAreErrors(String type) {
        assertRejected("compress", "excludedContentTypes", "excludedContentTypes: [" + type + "]");
    }

    private static HttpResponse<byte[]> get(ProxiedMiddleware proxy, String method, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxy.port() + "/"))
                .method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String decoded(HttpResponse<byte[]> response) throws IOException {
        String encoding = response.headers().firstValue("Content-Encoding").orElse("");
        if (encoding.isEmpty()) {
            return new String(response.body(), StandardCharsets.UTF_8);
        }
        assertThat(encoding).isEqualTo("gzip");
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(response.body()))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip;q=0", "gzip;q=0.0", "gzip;q=0.000", "gzip; q=0", "GZIP;Q=0", "*;q=0", "identity", "gzip;q=0, *;q=0"})
    void qZeroMeansNever(String acceptEncoding) throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(accepted("compress", "encodings: [gzip]"), TEXT)) {
            HttpResponse<byte[]> response = get(proxy, "GET", "Accept-Encoding", acceptEncoding);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Encoding")).as(acceptEncoding).isEmpty();
            assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(BODY);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip;q=abc", "gzip;q=2", "gzip;q=-1", "gzip;q=", "gzip;q", ";;;,,,", ",", "gzip;;q=1", "gzip;q=1;q=0",
            "gzip;q=NaN", "gzip;q=Infinity", "gzip;q=1e308", "gzip;q=0x1", "gz\u00efp", "gzip, deflate;q=1e-400", "*", "*/*"})
    void malformedAcceptEncodingNeverBreaksTheResponse(String acceptEncoding) throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(accepted("compress", "encodings: [gzip]"), TEXT)) {
            HttpResponse<byte[]> response = get(proxy, "GET", "Accept-Encoding", acceptEncoding);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(decoded(response)).isEqualTo(BODY);
        }
    }

    @Test
    void hugeAcceptEncodingNeverBreaksTheResponse() throws Exception {
        String value = "x;q=0.1, ".repeat(800) + "gzip";
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(accepted("compress", "encodings: [gzip]"), TEXT)) {
            HttpResponse<byte[]> response = get(proxy, "GET", "Accept-Encoding", value);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(decoded(response)).isEqualTo(BODY);
        }
    }

    @Test
    void alreadyEncodedResponseIsNotEncodedTwice() throws Exception {
        byte[] fake = "pretend-brotli".repeat(200).getBytes(StandardCharsets.UTF_8);
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(accepted("compress", ""), exchange -> {
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
            exchange.getResponseHeaders().put(Headers.CONTENT_ENCODING, "br");
            exchange.getResponseSender().send(java.nio.ByteBuffer.wrap(fake));
        })) {
            HttpResponse<byte[]> response = get(proxy, "GET", "Accept-Encoding", "gzip");
            assertThat(response.headers().allValues("Content-Encoding")).containsExactly("br");
            assertThat(response.body()).isEqualTo(fake);
        }
    }

    @Test
    void headAndSmallBodiesAreNotCompressed() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(accepted("compress", "encodings: [gzip]\nminResponseBodyBytes: 100000"), TEXT)) {
            assertThat(get(proxy, "GET", "Accept-Encoding", "gzip").headers().firstValue("Content-Encoding")).isEmpty();
            assertThat(get(proxy, "HEAD", "Accept-Encoding", "gzip").headers().firstValue("Content-Encoding")).isEmpty();
        }
    }

    @Test
    void varyIsAddedForCompressibleResponses() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(accepted("compress", "encodings: [gzip]"), TEXT)) {
            HttpResponse<byte[]> response = get(proxy, "GET", "Accept-Encoding", "gzip;q=0");
            assertThat(String.join(",", response.headers().allValues("Vary"))).containsIgnoringCase("Accept-Encoding");
            HttpResponse<byte[]> gz = get(proxy, "GET", "Accept-Encoding", "gzip");
            assertThat(gz.headers().firstValue("Content-Encoding")).hasValue("gzip");
            assertThat(gz.headers().firstValue("Content-Length")).isEmpty();
            assertThat(decoded(gz)).isEqualTo(BODY);
        }
    }

    @Test
    void serverSentEventsStreamThroughUncompressedAndUnbatched() throws Exception {
        java.util.concurrent.CountDownLatch firstSeen = new java.util.concurrent.CountDownLatch(1);
        HttpHandler sse = exchange -> exchange.dispatch(exchange.getConnection().getWorker(), () -> {
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/event-stream");
            exchange.startBlocking();
            try (OutputStream out = exchange.getOutputStream()) {
                out.write("data: first\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                firstSeen.await(30, java.util.concurrent.TimeUnit.SECONDS);
                out.write("data: second\n\n".getBytes(StandardCharsets.UTF_8));
            } catch (IOException | InterruptedException e) {
                throw new RuntimeException(e);
            }
        });
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(accepted("compress", "encodings: [gzip]\nminResponseBodyBytes: 1"), sse);
             Socket socket = new Socket("127.0.0.1", proxy.port())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("GET / HTTP/1.1\r\nHost: a\r\nAccept-Encoding: gzip\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            StringBuilder seen = new StringBuilder();
            byte[] buffer = new byte[4096];
            while (!seen.toString().contains("data: first")) {
                int n = in.read(buffer);
                assertThat(n).as("stream ended before the first event: " + seen).isPositive();
                seen.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
            }
            assertThat(seen.toString().toLowerCase()).doesNotContain("content-encoding");
            firstSeen.countDown();
            int n;
            while ((n = in.read(buffer)) > 0) {
                seen.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
            }
            assertThat(seen.toString()).contains("data: second");
        }
    }

    @Test
    void highestQValueWinsAndTiesGoToTheConfiguredOrder() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(accepted("compress", "encodings: [zstd, gzip]"), TEXT)) {
            assertThat(get(proxy, "GET", "Accept-Encoding", "zstd;q=0.5, gzip;q=0.9").headers().firstValue("Content-Encoding")).hasValue("gzip");
            assertThat(get(proxy, "GET", "Accept-Encoding", "gzip, zstd").headers().firstValue("Content-Encoding")).hasValue("zstd");
            assertThat(get(proxy, "GET", "Accept-Encoding", "gzip;q=1, zstd;q=0").headers().firstValue("Content-Encoding")).hasValue("gzip");
        }
    }

    @Test
    void noAcceptEncodingUsesTheDefaultEncodingAndNoDefaultMeansNone() throws Exception {
        try (ProxiedMiddleware withDefault = ProxiedMiddleware.start(accepted("compress", "encodings: [gzip]\ndefaultEncoding: gzip"), TEXT);
             ProxiedMiddleware without = ProxiedMiddleware.start(accepted("compress", "encodings: [gzip]"), TEXT)) {
            HttpResponse<byte[]> defaulted = get(withDefault, "GET");
            assertThat(defaulted.headers().firstValue("Content-Encoding")).hasValue("gzip");
            assertThat(decoded(defaulted)).isEqualTo(BODY);
            assertThat(get(without, "GET").headers().firstValue("Content-Encoding")).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {204, 206, 304})
    void bodilessAndPartialStatusesAreNotCompressed(int status) throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(accepted("compress", "encodings: [gzip]\nminResponseBodyBytes: 1"), exchange -> {
            exchange.setStatusCode(status);
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
            if (status == 206) {
                exchange.getResponseHeaders().put(Headers.CONTENT_RANGE, "bytes 0-5999/100000");
                exchange.getResponseSender().send(BODY);
            } else {
                exchange.endExchange();
            }
        })) {
            HttpResponse<byte[]> response = get(proxy, "GET", "Accept-Encoding", "gzip");
            assertThat(response.statusCode()).isEqualTo(status);
            assertThat(response.headers().firstValue("Content-Encoding")).isEmpty();
        }
    }

    @Test
    void grpcAndExcludedTypesAreNotCompressed() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(accepted("compress",
                "encodings: [gzip]\nexcludedContentTypes: [\"text/csv; charset=utf-8\"]"), exchange -> {
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, exchange.getQueryParameters().get("t").getFirst());
            exchange.getResponseSender().send(BODY);
        })) {
            HttpRequest.Builder base = HttpRequest.newBuilder().header("Accept-Encoding", "gzip");
            HttpClient client = HttpClient.newHttpClient();
            for (String type : new String[] {"application/grpc", "text/csv;%20charset=utf-8"}) {
                HttpResponse<byte[]> response = client.send(base.copy().uri(URI.create("http://127.0.0.1:" + proxy.port() + "/?t=" + type)).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertThat(response.headers().firstValue("Content-Encoding")).as(type).isEmpty();
            }
            HttpResponse<byte[]> otherCharset = client.send(base.copy().uri(URI.create("http://127.0.0.1:" + proxy.port() + "/?t=text/csv;%20charset=latin1")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(otherCharset.headers().firstValue("Content-Encoding")).hasValue("gzip");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"encodings: [gzip, ~]", "excludedContentTypes: [text/html, ~]", "includedContentTypes: [~]"})
    void nullListEntriesAreErrors(String option) {
        assertRejected("compress", option.substring(0, option.indexOf(':')), option);
    }
}
