package io.gatehouse.middleware.grpcweb;

import io.gatehouse.core.config.DynamicConfig;
import io.gatehouse.core.middleware.MiddlewareContext;
import io.gatehouse.core.testing.RawHttp;
import io.gatehouse.middleware.testing.DocExamples;
import io.gatehouse.middleware.testing.Middlewares;
import io.gatehouse.middleware.testing.ProxyFixture;
import io.undertow.server.HttpHandler;
import io.undertow.server.protocol.http.HttpAttachments;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class GrpcWebTest {

    /** What the scripted gRPC backend saw: protocol, content type, content length, the message. */
    private final ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();

    /** A scripted gRPC server: answers one message with its text upper-cased, then grpc-status 0 in HTTP trailers. */
    private final HttpHandler grpcBackend = exchange -> exchange.getRequestReceiver().receiveFullBytes((ex, body) -> {
        String message = body.length >= 5 ? new String(body, 5, body.length - 5, StandardCharsets.UTF_8) : "";
        seen.add(ex.getProtocol() + " " + ex.getRequestHeaders().getFirst(Headers.CONTENT_TYPE) + " "
                + ex.getRequestHeaders().getFirst(Headers.CONTENT_LENGTH) + " " + (body.length > 0 ? body[0] : -1) + " " + message);
        ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/grpc+proto");
        ex.getResponseHeaders().put(new HttpString("X-Backend"), "yes");
        HeaderMap trailers = new HeaderMap();
        trailers.put(new HttpString("Grpc-Status"), "0");
        trailers.put(new HttpString("grpc-message"), "all good");
        ex.putAttachment(HttpAttachments.RESPONSE_TRAILERS, trailers);
        ex.getResponseSender().send(ByteBuffer.wrap(frame((byte) 0, message.toUpperCase().getBytes(StandardCharsets.UTF_8))));
    });

    static byte[] frame(byte flags, byte[] payload) {
        return ByteBuffer.allocate(5 + payload.length).put(flags).putInt(payload.length).put(payload).array();
    }

    static byte[] trailerFrame(String block) {
        return frame((byte) 0x80, block.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void binaryGrpcWebBecomesGrpcAndTrailersBecomeAFrame() throws Exception {
        try (ProxyFixture proxy = ProxyFixture.startH2c(GrpcWeb.allowing("https://app.example.com"), grpcBackend)) {
            HttpResponse<byte[]> response = proxy.client().send(proxy.request("/pkg.Service/Method")
                    .header("Content-Type", "application/grpc-web+proto").header("X-Grpc-Web", "1")
                    .header("Origin", "https://app.example.com")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(frame((byte) 0, "hello".getBytes(StandardCharsets.UTF_8)))).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/grpc-web+proto");
            assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example.com");
            assertThat(response.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");
            assertThat(response.headers().firstValue("Access-Control-Expose-Headers").orElseThrow())
                    .contains("X-Backend").contains("Content-Type").endsWith("grpc-status, grpc-message");
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            expected.writeBytes(frame((byte) 0, "HELLO".getBytes(StandardCharsets.UTF_8)));
            expected.writeBytes(trailerFrame("grpc-message: all good\r\ngrpc-status: 0\r\n"));
            assertThat(response.body()).isEqualTo(expected.toByteArray());
        }
        assertThat(seen).containsExactly("HTTP/2.0 application/grpc+proto null 0 hello");
    }

    @Test
    void textModeIsBase64BothWays() throws Exception {
        try (ProxyFixture proxy = ProxyFixture.startH2c(GrpcWeb.allowing("*"), grpcBackend)) {
            // Two base64 chunks, as browsers send them.
            String body = Base64.getEncoder().encodeToString(frame((byte) 0, "hi".getBytes(StandardCharsets.UTF_8)))
                    + Base64.getEncoder().encodeToString(new byte[0]);
            HttpResponse<String> response = proxy.client().send(proxy.request("/pkg.Service/Method")
                    .header("Content-Type", "application/grpc-web-text").header("Origin", "https://any.example")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/grpc-web-text+proto");
            assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://any.example");
            byte[] decoded = Base64.getDecoder().decode(response.body());
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            expected.writeBytes(frame((byte) 0, "HI".getBytes(StandardCharsets.UTF_8)));
            expected.writeBytes(trailerFrame("grpc-message: all good\r\ngrpc-status: 0\r\n"));
            assertThat(decoded).isEqualTo(expected.toByteArray());
            // Not base64: refused before the backend.
            assertThat(proxy.client().send(proxy.request("/pkg.Service/Method").header("Content-Type", "application/grpc-web-text")
                    .POST(HttpRequest.BodyPublishers.ofString("%%%")).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                    .isEqualTo(400);
        }
        assertThat(seen).containsExactly("HTTP/2.0 application/grpc null 0 hi");
    }

    @Test
    void preflightIsAnsweredHereWithRsCorsRules() throws Exception {
        try (ProxyFixture proxy = ProxyFixture.startH2c(GrpcWeb.allowing("https://app.example.com"), grpcBackend)) {
            RawHttp.Response allowed = RawHttp.exchange(proxy.port(), "OPTIONS /pkg.Service/Method HTTP/1.1\r\nHost: x\r\n"
                    + "Origin: https://app.example.com\r\nAccess-Control-Request-Method: POST\r\n"
                    + "Access-Control-Request-Headers: x-grpc-web, content-type, x-user-agent\r\nConnection: close\r\n\r\n");
            assertThat(allowed.status()).isEqualTo(204);
            assertThat(allowed.header("Access-Control-Allow-Origin")).isEqualTo("https://app.example.com");
            assertThat(allowed.header("Access-Control-Allow-Methods")).isEqualTo("POST");
            assertThat(allowed.header("Access-Control-Allow-Headers")).isEqualTo("X-Grpc-Web, Content-Type, X-User-Agent");
            assertThat(allowed.header("Access-Control-Allow-Credentials")).isEqualTo("true");
            assertThat(allowed.header("Access-Control-Max-Age")).isEqualTo("600");
            RawHttp.Response otherOrigin = RawHttp.exchange(proxy.port(), "OPTIONS /pkg.Service/Method HTTP/1.1\r\nHost: x\r\n"
                    + "Origin: https://evil.example\r\nAccess-Control-Request-Method: POST\r\n"
                    + "Access-Control-Request-Headers: x-grpc-web\r\nConnection: close\r\n\r\n");
            assertThat(otherOrigin.status()).isEqualTo(204);
            assertThat(otherOrigin.header("Access-Control-Allow-Origin")).isNull();
            RawHttp.Response badMethod = RawHttp.exchange(proxy.port(), "OPTIONS /pkg.Service/Method HTTP/1.1\r\nHost: x\r\n"
                    + "Origin: https://app.example.com\r\nAccess-Control-Request-Method: DELETE\r\n"
                    + "Access-Control-Request-Headers: x-grpc-web\r\nConnection: close\r\n\r\n");
            assertThat(badMethod.header("Access-Control-Allow-Origin")).isNull();
        }
        assertThat(seen).isEmpty();
    }

    @Test
    void otherRequestsPassUnchanged() throws Exception {
        List<String> backendSaw = new ArrayList<>();
        try (ProxyFixture proxy = ProxyFixture.start(GrpcWeb.allowing("*"), exchange -> {
            synchronized (backendSaw) {
                backendSaw.add(exchange.getRequestMethod() + " " + exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE));
            }
            exchange.getResponseSender().send("plain");
        }, false)) {
            HttpResponse<String> json = proxy.send(proxy.request("/x").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{}")));
            assertThat(json.body()).isEqualTo("plain");
            assertThat(json.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
            RawHttp.Response options = RawHttp.exchange(proxy.port(), "OPTIONS /x HTTP/1.1\r\nHost: x\r\nOrigin: https://a\r\n"
                    + "Access-Control-Request-Method: POST\r\nConnection: close\r\n\r\n");
            assertThat(options.body()).isEqualTo("plain");
        }
        assertThat(backendSaw).containsExactly("POST application/json", "OPTIONS null");
    }

    @Test
    void badConfigurationIsAClearError() {
        assertThat(Middlewares.error("""
                http:
                  middlewares:
                    m:
                      grpcWeb:
                        allowOrigins: ["https://a", ""]
                """, "m")).contains("http.middlewares.m.grpcWeb").contains("allowOrigins");
        assertThat(Middlewares.error("""
                http:
                  middlewares:
                    m:
                      grpcWeb:
                        allowOrigin: ["*"]
                """, "m")).contains("allowOrigin");
    }

    @Test
    void docsExamplesDecodeAndBehave() throws Exception {
        DocExamples page = DocExamples.of("middlewares/grpcweb.md");
        assertThat(page.showsJava(".middleware(\"grpc-web\", GrpcWeb.allowing(\"https://app.example.com\"))")).isTrue();
        List<DynamicConfig> configs = new ArrayList<>(page.fileConfigs());
        configs.addAll(page.labelConfigs());
        assertThat(configs).hasSize(2);
        for (DynamicConfig config : configs) {
            assertThat(((GrpcWebConfig) config.http().middlewares().get("grpc-web").config()).allowOrigins())
                    .containsExactly("https://app.example.com", "https://admin.example.com");
            try (ProxyFixture proxy = ProxyFixture.startH2c(Middlewares.build(config, "grpc-web", MiddlewareContext.named("grpc-web")),
                    grpcBackend)) {
                HttpResponse<byte[]> response = proxy.client().send(proxy.request("/pkg.Service/Method")
                        .header("Content-Type", "application/grpc-web").header("Origin", "https://admin.example.com")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(frame((byte) 0, "x".getBytes(StandardCharsets.UTF_8)))).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://admin.example.com");
                assertThat(response.headers().firstValue("Content-Type")).hasValue("application/grpc-web+proto");
            }
        }
    }
}
