package io.gatehouse.middleware.cache;

import io.undertow.util.Headers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static io.gatehouse.middleware.cache.CacheFixture.respond;
import static io.gatehouse.middleware.cache.CacheFixture.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bodies: the bound of the store, large and streamed bodies, broken transfers. */
@Timeout(60)
class HttpCacheBodyTest {

    private static String text(int size, char c) {
        char[] chars = new char[size];
        Arrays.fill(chars, c);
        return new String(chars);
    }

    @Test
    void theStoreStaysWithinMaxSizeBytes() throws Exception {
        try (CacheFixture f = new CacheFixture(HttpCacheConfig.DEFAULTS.withMaxSizeBytes(64 * 1024).withMaxEntryBytes(16 * 1024))) {
            f.behaviour = respond(200, text(10_000, 'x'), "Cache-Control", "max-age=600");
            for (int i = 0; i < 40; i++) {
                assertThat(f.get("/big/" + i).body()).hasSize(10_000);
            }
            assertThat(f.cache.storedBytes()).isPositive().isLessThanOrEqualTo(64 * 1024);
            assertThat(f.cache.storedUris()).isBetween(1L, 6L);
            assertThat(f.hits).hasValue(40);
        }
    }

    @Test
    void aBodyLargerThanMaxEntryBytesIsStreamedAndNotStored() throws Exception {
        try (CacheFixture f = new CacheFixture(HttpCacheConfig.DEFAULTS.withMaxEntryBytes(1024))) {
            String body = text(200_000, 'y');
            f.behaviour = respond(200, body, "Cache-Control", "max-age=600");
            HttpResponse<String> first = f.get("/large");
            assertThat(first.body()).isEqualTo(body);
            assertThat(status(first)).endsWith("detail=too-large");
            assertThat(f.get("/large").body()).isEqualTo(body);
            assertThat(f.hits).hasValue(2);
        }
    }

    /** Writes the body in pieces without Content-Length (chunked), from a worker thread. */
    private static io.undertow.server.HttpHandler chunked(String body) {
        return exchange -> exchange.dispatch(() -> {
            exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "max-age=600");
            exchange.startBlocking();
            try (OutputStream out = exchange.getOutputStream()) {
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                for (int i = 0; i < bytes.length; i += 1000) {
                    out.write(bytes, i, Math.min(1000, bytes.length - i));
                    out.flush();
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    @Test
    void aChunkedBodyIsStoredWhenItFitsAndDroppedWhenItOutgrowsTheLimit() throws Exception {
        try (CacheFixture f = new CacheFixture(HttpCacheConfig.DEFAULTS.withMaxEntryBytes(10_000))) {
            String small = text(5_000, 's');
            f.behaviour = chunked(small);
            assertThat(f.get("/chunked-small").body()).isEqualTo(small);
            HttpResponse<String> hit = f.get("/chunked-small");
            assertThat(hit.body()).isEqualTo(small);
            assertThat(hit.headers().firstValue("Content-Length")).contains("5000");
            assertThat(f.hits).hasValue(1);

            String large = text(50_000, 'l');
            f.behaviour = chunked(large);
            assertThat(f.get("/chunked-large").body()).isEqualTo(large);
            assertThat(f.get("/chunked-large").body()).isEqualTo(large);
            assertThat(f.hits).hasValue(3);
        }
    }

    @Test
    void aBrokenTransferIsNotStored() throws Exception {
        try (CacheFixture f = new CacheFixture()) {
            f.behaviour = exchange -> exchange.dispatch(() -> {
                exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "max-age=600");
                exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, "10000");
                exchange.startBlocking();
                try {
                    OutputStream out = exchange.getOutputStream();
                    out.write(text(4000, 'b').getBytes(StandardCharsets.UTF_8));
                    out.flush();
                } catch (java.io.IOException ignored) {
                    // the connection is closed below anyway
                }
                org.xnio.IoUtils.safeClose(exchange.getConnection());
            });
            assertThatThrownBy(() -> f.get("/broken")).isInstanceOf(java.io.IOException.class);
            f.behaviour = respond(200, "whole", "Cache-Control", "max-age=600");
            assertThat(f.get("/broken").body()).isEqualTo("whole");
            assertThat(f.hits).hasValue(2);
        }
    }

    @Test
    void anEmptyBodyIsStored() throws Exception {
        try (CacheFixture f = new CacheFixture()) {
            f.behaviour = respond(204, "", "Cache-Control", "max-age=60");
            assertThat(f.get("/empty").statusCode()).isEqualTo(204);
            HttpResponse<String> hit = f.get("/empty");
            assertThat(hit.statusCode()).isEqualTo(204);
            assertThat(status(hit)).startsWith("gatehouse; hit");
            assertThat(f.hits).hasValue(1);
        }
    }
}
