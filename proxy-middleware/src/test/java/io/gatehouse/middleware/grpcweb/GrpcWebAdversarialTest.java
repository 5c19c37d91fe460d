package io.gatehouse.middleware.grpcweb;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.core.middleware.Middleware;
import io.gatehouse.middleware.testing.MiddlewareConfigs;
import io.gatehouse.middleware.testing.ProxyFixture;
import io.undertow.server.HttpHandler;
import io.undertow.util.HttpString;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad origins and malformed gRPC-Web bodies against grpcWeb, from the docs only. */
@Timeout(60)
class GrpcWebAdversarialTest {

    private static final String PATH = "http.middlewares.m.grpcWeb";

    private final AtomicInteger backendCalls = new AtomicInteger();

    /** An h2c backend that tells, in headers, the content type and body bytes it received. */
    private final HttpHandler backend = exchange -> exchange.getRequestReceiver().receiveFullBytes((ex, bytes) -> {
        backendCalls.incrementAndGet();
        String contentType = ex.getRequestHeaders().getFirst("Content-Type");
        ex.getResponseHeaders().put(new HttpString("Content-Type"), "application/grpc");
        ex.getResponseHeaders().put(new HttpString("X-Got-Ct"), String.valueOf(contentType));
        ex.getResponseHeaders().put(new HttpString("X-Got-Hex"), HexFormat.of().formatHex(bytes));
        ex.getResponseHeaders().put(new HttpString("Grpc-Status"), "0");
        ex.getResponseSender().send("");
    });

    private static Middleware build(String options) throws Exception {
        return MiddlewareConfigs.build(MiddlewareConfigs.yaml("grpcWeb", options), "m");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[~]", "[\"https://a.example\", [nested]]", "{a: b}", "[\"https://a.example\\r\\nX-Injected: 1\"]"})
    void malformedOriginListsAreErrors(String value) {
        assertThat(MiddlewareConfigs.error("grpcWeb", "allowOrigins: " + value)).contains(PATH).contains("allowOrigins");
    }

    @Test
    void unknownOptionIsAnError() {
        assertThat(MiddlewareConfigs.error("grpcWeb", "allowOrigin: [\"*\"]")).contains("allowOrigin");
    }

    private static HttpResponse<String> post(ProxyFixture proxy, String contentType, byte[] body, String... headers)
            throws Exception {
        HttpRequest.Builder request = proxy.request("/pkg.Service/Method").header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return proxy.send(request);
    }

    @ParameterizedTest
    @ValueSource(strings = {"!!!!", "AAAAAAE", "AAAA=AAA", "AA==AA", "\u00e9\u00e9\u00e9\u00e9", "AAAA\u0000AAA", "A"})
    void invalidBase64TextBodiesGet400AndNeverReachTheBackend(String body) throws Exception {
        try (ProxyFixture proxy = ProxyFixture.startH2c(build("allowOrigins: [\"https://app.example\"]"), backend)) {
            HttpResponse<String> response = post(proxy, "application/grpc-web-text",
                    body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertThat(response.statusCode()).as(body).isEqualTo(400);
            assertThat(backendCalls).hasValue(0);
        }
    }

    @Test
    void severalPaddedChunksAreDecodedInOrder() throws Exception {
        byte[] frame1 = {0, 0, 0, 0, 1, 'a'};
        byte[] frame2 = {0, 0, 0, 0, 2, 'b', 'c'};
        String text = Base64.getEncoder().encodeToString(frame1) + Base64.getEncoder().encodeToString(frame2);
        try (ProxyFixture proxy = ProxyFixture.startH2c(build(""), backend)) {
            HttpResponse<String> response = post(proxy, "application/grpc-web-text+proto", text.getBytes());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("X-Got-Hex")).hasValue("0000000001610000000002626" + "3");
            assertThat(response.headers().firstValue("X-Got-Ct")).hasValue("application/grpc+proto");
            assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/grpc-web-text");
        }
    }

    @Test
    void textBodyOver16MiBGets413() throws Exception {
        byte[] huge = new byte[17 * 1024 * 1024 / 3 * 4 + 8];
        java.util.Arrays.fill(huge, (byte) 'A');
        try (ProxyFixture proxy = ProxyFixture.startH2c(build(""), backend)) {
            HttpResponse<String> response = post(proxy, "application/grpc-web-text", huge);
            assertThat(response.statusCode()).isEqualTo(413);
            assertThat(backendCalls).hasValue(0);
        }
    }

    @Test
    void truncatedBinaryFramesAreForwardedWithoutCrashing() throws Exception {
        byte[] truncated = {0, 0, 0, 0x10, 0, 'a', 'b'};
        try (ProxyFixture proxy = ProxyFixture.startH2c(build(""), backend)) {
            HttpResponse<String> response = post(proxy, "application/grpc-web", truncated);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("X-Got-Hex")).hasValue("00000010006162");
            HttpResponse<String> empty = post(proxy, "application/grpc-web", new byte[0]);
            assertThat(empty.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void preflightFromLookalikeOrNullOriginsIsNotAllowed() throws Exception {
        try (ProxyFixture proxy = ProxyFixture.startH2c(build("allowOrigins: [\"https://app.example.com\"]"), backend)) {
            for (String origin : new String[] {"https://app.example.com.evil.com", "https://evil-app.example.com",
                    "null", "http://app.example.com", "https://app.example.com:444", "https://APP.example.com.evil"}) {
                HttpResponse<String> response = proxy.send(proxy.request("/pkg.Service/Method")
                        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", origin)
                        .header("Access-Control-Request-Method", "POST")
                        .header("Access-Control-Request-Headers", "x-grpc-web, content-type"));
                assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).as(origin).isEmpty();
                assertThat(response.headers().firstValue("Access-Control-Allow-Credentials")).as(origin).isEmpty();
            }
            HttpResponse<String> allowed = proxy.send(proxy.request("/pkg.Service/Method")
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "https://app.example.com")
                    .header("Access-Control-Request-Method", "DELETE")
                    .header("Access-Control-Request-Headers", "x-grpc-web"));
            assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        }
    }

    @Test
    void grpcWebRequestFromADisallowedOriginGetsNoCorsHeaders() throws Exception {
        try (ProxyFixture proxy = ProxyFixture.startH2c(build("allowOrigins: [\"https://app.example.com\"]"), backend)) {
            HttpResponse<String> response = post(proxy, "application/grpc-web", new byte[] {0, 0, 0, 0, 0},
                    "Origin", "https://evil.example");
            assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
            assertThat(response.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
        }
    }
}
