package io.gatehouse.middleware.contenttype;

import io.gatehouse.middleware.testing.ProxiedMiddleware;
import io.undertow.util.Headers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;

import static io.gatehouse.middleware.testing.HostileConfig.accepted;
import static io.gatehouse.middleware.testing.HostileConfig.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class ContentTypeAdversarialTest {

    @ParameterizedTest
    @ValueSource(strings = {"autoDetect: maybe", "autoDetect: [true]", "autoDetect: {a: b}"})
    void badAutoDetectIsAnError(String options) {
        assertRejected("contentType", "autoDetect", options);
    }

    @Test
    void unknownOptionIsAnError() {
        assertThat(assertRejected("contentType", "", "autoDetekt: true")).containsIgnoringCase("autoDetekt");
    }

    @Test
    void encodedResponseIsNotGivenAType() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(accepted("contentType", ""), exchange -> {
            exchange.getResponseHeaders().put(Headers.CONTENT_ENCODING, "gzip");
            exchange.getResponseSender().send(ByteBuffer.wrap("<html><body>x</body></html>".getBytes()));
        })) {
            var response = proxy.get("/");
            assertThat(response.headers().firstValue("Content-Type")).isEmpty();
        }
    }

    @Test
    void emptyBodyIsNotGivenAType() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(accepted("contentType", ""), exchange -> exchange.endExchange())) {
            assertThat(proxy.get("/").headers().firstValue("Content-Type")).isEmpty();
        }
    }

    @Test
    void binaryGarbageIsOctetStream() throws Exception {
        byte[] body = new byte[2000];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) (i * 7 + 1);
        }
        body[0] = 0x01;
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(accepted("contentType", ""),
                exchange -> exchange.getResponseSender().send(ByteBuffer.wrap(body)))) {
            assertThat(proxy.get("/").headers().firstValue("Content-Type")).hasValue("application/octet-stream");
        }
    }

    @Test
    void htmlAfterWhitespaceIsHtml() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(accepted("contentType", ""),
                exchange -> exchange.getResponseSender().send(" \t\n<!DOCTYPE HTML><p>x"))) {
            assertThat(proxy.get("/").headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        }
    }

    @Test
    void existingTypeIsKept() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(accepted("contentType", ""), exchange -> {
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "x/y");
            exchange.getResponseSender().send("<html>");
        })) {
            assertThat(proxy.get("/").headers().allValues("Content-Type")).containsExactly("x/y");
        }
    }
}
