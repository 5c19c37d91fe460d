package io.gatehouse.core.service;

import io.gatehouse.core.testing.TestServer;
import io.undertow.server.handlers.BlockingHandler;
import io.undertow.util.Headers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 1 GiB each way through a proxy whose JVM has a 64 MiB heap (and so at most 64 MiB of direct buffers), run as a
 * child process so the bound applies to the proxy alone: a proxy that buffered bodies would die of
 * OutOfMemoryError (-XX:+ExitOnOutOfMemoryError) and the transfer would fail. Bytes are generated and checked on
 * the fly; neither side ever holds more than a small buffer.
 */
@Timeout(300)
class LargeBodyStreamingTest {

    static final long SIZE = 1L << 30;
    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    static TestServer backend;
    static Process proxy;
    static int proxyPort;

    @BeforeAll
    static void start() throws Exception {
        backend = TestServer.http(new BlockingHandler(exchange -> {
            if (exchange.getRequestMethod().toString().equals("POST")) {
                exchange.getResponseSender().send(String.valueOf(PatternStream.verify(exchange.getInputStream())));
            } else {
                exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, SIZE);
                PatternStream.copy(new PatternStream(SIZE), exchange.getOutputStream());
            }
        }));
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        proxy = new ProcessBuilder(List.of(javaBin, "-Xmx64m", "-XX:+ExitOnOutOfMemoryError",
                "-cp", System.getProperty("java.class.path"), "io.gatehouse.core.testing.ProxyMain", backend.url()))
                .redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(proxy.getInputStream(), StandardCharsets.UTF_8));
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.startsWith("PORT ")) {
                proxyPort = Integer.parseInt(line.substring(5).trim());
                break;
            }
        }
        assertThat(proxyPort).as("the proxy process started").isPositive();
        Thread drain = new Thread(() -> {
            try {
                out.transferTo(java.io.Writer.nullWriter());
            } catch (IOException ignored) {
                // process ended
            }
        });
        drain.setDaemon(true);
        drain.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (proxy != null) {
            proxy.getOutputStream().close();
            if (!proxy.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                proxy.destroyForcibly();
            }
        }
        if (backend != null) {
            backend.close();
        }
    }

    @Test
    void oneGibUpload() throws Exception {
        HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxyPort + "/up"))
                        .POST(HttpRequest.BodyPublishers.fromPublisher(
                                HttpRequest.BodyPublishers.ofInputStream(() -> new PatternStream(SIZE)), SIZE)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(String.valueOf(SIZE));
        assertThat(proxy.isAlive()).isTrue();
    }

    @Test
    void oneGibDownload() throws Exception {
        HttpResponse<InputStream> response = CLIENT.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxyPort + "/down")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        try (InputStream body = response.body()) {
            assertThat(PatternStream.verify(body)).isEqualTo(SIZE);
        }
        assertThat(proxy.isAlive()).isTrue();
    }

    /** A deterministic byte pattern of a given length, produced on the fly. */
    static final class PatternStream extends InputStream {
        private final long size;
        private long position;

        PatternStream(long size) {
            this.size = size;
        }

        static byte at(long position) {
            return (byte) (position % 251);
        }

        @Override
        public int read() {
            return position < size ? at(position++) & 0xff : -1;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (position >= size) {
                return -1;
            }
            int n = (int) Math.min(length, size - position);
            for (int i = 0; i < n; i++) {
                buffer[offset + i] = at(position++);
            }
            return n;
        }

        static void copy(InputStream in, OutputStream out) throws IOException {
            byte[] buffer = new byte[64 * 1024];
            for (int n = in.read(buffer); n != -1; n = in.read(buffer)) {
                out.write(buffer, 0, n);
            }
        }

        /** Reads everything, failing on the first byte off the pattern; returns the count. */
        static long verify(InputStream in) throws IOException {
            byte[] buffer = new byte[64 * 1024];
            long position = 0;
            for (int n = in.read(buffer); n != -1; n = in.read(buffer)) {
                for (int i = 0; i < n; i++) {
                    if (buffer[i] != at(position)) {
                        throw new IOException("byte " + position + " differs");
                    }
                    position++;
                }
            }
            return position;
        }
    }
}
