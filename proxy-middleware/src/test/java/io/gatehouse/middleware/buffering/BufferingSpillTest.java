package io.gatehouse.middleware.buffering;

import io.gatehouse.middleware.testing.TrafficTestProxy;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Bodies over the mem* limits go to a temporary file and come back byte for byte; the file never outlives its exchange. */
@Timeout(120)
class BufferingSpillTest {

    private static final int MIB = 1024 * 1024;
    private static final int BIG = 50 * MIB;

    @TempDir
    Path spillDir;

    private final List<Undertow> servers = new ArrayList<>();

    @AfterEach
    void stop() {
        servers.forEach(Undertow::stop);
    }

    /** Answers "length sha256" of the request body it read. */
    private static final HttpHandler DIGEST_BODY = new HttpHandler() {
        @Override
        public void handleRequest(HttpServerExchange exchange) throws Exception {
            if (exchange.isInIoThread()) {
                exchange.dispatch(this);
                return;
            }
            exchange.startBlocking();
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            long length = 0;
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = exchange.getInputStream()) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    sha.update(buffer, 0, n);
                    length += n;
                }
            }
            exchange.getResponseHeaders().put(io.undertow.util.HttpString.tryFromString("X-Framing"),
                    exchange.getRequestHeaders().contains(Headers.TRANSFER_ENCODING) ? "chunked"
                            : "length " + exchange.getRequestHeaders().getFirst(Headers.CONTENT_LENGTH));
            exchange.getResponseSender().send(length + " " + HexFormat.of().formatHex(sha.digest()));
        }
    };

    /** Answers {@code ?n=} bytes of {@link #pattern}, with a Content-Length unless {@code ?chunked}. */
    private static final HttpHandler PATTERN = new HttpHandler() {
        @Override
        public void handleRequest(HttpServerExchange exchange) throws Exception {
            if (exchange.isInIoThread()) {
                exchange.dispatch(this);
                return;
            }
            int n = Integer.parseInt(exchange.getQueryParameters().get("n").getFirst());
            if (!exchange.getQueryParameters().containsKey("chunked")) {
                exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, n);
            }
            exchange.startBlocking();
            byte[] buffer = new byte[64 * 1024];
            try (OutputStream out = exchange.getOutputStream()) {
                for (int i = 0; i < n; i += buffer.length) {
                    int len = Math.min(buffer.length, n - i);
                    pattern(i, buffer, len);
                    out.write(buffer, 0, len);
                }
            }
        }
    };

    /** Bytes that differ along the body, so a lost, repeated or reordered piece shows. */
    private static void pattern(long offset, byte[] into, int len) {
        for (int i = 0; i < len; i++) {
            long at = offset + i;
            into[i] = (byte) (at * 31 + (at >>> 13) + (at >>> 23));
        }
    }

    private static byte[] body(int n) {
        byte[] body = new byte[n];
        pattern(0, body, n);
        return body;
    }

    private static String digest(byte[] body) throws Exception {
        return body.length + " " + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    }

    private Buffering buffering(BufferingConfig config) {
        return new Buffering(config, spillDir);
    }

    private static HttpResponse<String> post(TrafficTestProxy proxy, byte[] body, boolean chunked) throws Exception {
        HttpRequest.BodyPublisher publisher = chunked
                ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))
                : HttpRequest.BodyPublishers.ofByteArray(body);
        return proxy.client().send(HttpRequest.newBuilder(proxy.uri("/")).POST(publisher).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void assertSpillFilesGone() throws Exception {
        awaitTrue(() -> spillFiles() == 0);
        assertThat(spillFiles()).isZero();
    }

    private long spillFiles() {
        try (Stream<Path> files = Files.list(spillDir)) {
            return files.filter(f -> f.getFileName().toString().startsWith(SpillFile.PREFIX)).count();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits for a condition the proxy reaches asynchronously (a file deleted on a worker); the bound only avoids a hang. */
    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    @Test
    void a50MiBRequestSpillsToDiskAndArrivesByteExact() throws Exception {
        Buffering buffering = buffering(BufferingConfig.DEFAULTS.withMemBytes(MIB, MIB));
        byte[] body = body(BIG);
        String expected = digest(body);
        try (TrafficTestProxy proxy = TrafficTestProxy.start(buffering, backend(DIGEST_BODY))) {
            HttpResponse<String> withLength = post(proxy, body, false);
            assertThat(withLength.statusCode()).isEqualTo(200);
            assertThat(withLength.body()).isEqualTo(expected);
            assertThat(buffering.spillFilesCreated()).isEqualTo(1);
            HttpResponse<String> chunked = post(proxy, body, true);
            assertThat(chunked.body()).isEqualTo(expected);
            // complete before it is forwarded: sent with its length, as Traefik does
            assertThat(chunked.headers().firstValue("X-Framing")).contains("length " + BIG);
            assertThat(buffering.spillFilesCreated()).isEqualTo(2);
            // a body within the memory limit never touches the disk
            assertThat(post(proxy, body(MIB / 2), false).body()).isEqualTo(digest(body(MIB / 2)));
            assertThat(buffering.spillFilesCreated()).isEqualTo(2);
        }
        assertSpillFilesGone();
    }

    @Test
    void a50MiBResponseSpillsToDiskAndArrivesByteExact() throws Exception {
        Buffering buffering = buffering(BufferingConfig.DEFAULTS.withMemBytes(MIB, MIB));
        String expected = digest(body(BIG));
        try (TrafficTestProxy proxy = TrafficTestProxy.start(buffering, backend(PATTERN))) {
            for (String query : List.of("/?n=" + BIG, "/?chunked&n=" + BIG)) {
                HttpResponse<byte[]> response = proxy.client().send(HttpRequest.newBuilder(proxy.uri(query)).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(digest(response.body())).isEqualTo(expected);
            }
            assertThat(buffering.spillFilesCreated()).isEqualTo(2);
            HttpResponse<byte[]> small = proxy.client().send(HttpRequest.newBuilder(proxy.uri("/?chunked&n=1000")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(small.body()).isEqualTo(body(1000));
            assertThat(small.headers().firstValue("Content-Length")).contains("1000"); // held whole: its length is known
            assertThat(buffering.spillFilesCreated()).isEqualTo(2);
        }
        assertSpillFilesGone();
    }

    @Test
    void aClientThatGoesAwayMidUploadLeavesNoFile() throws Exception {
        Buffering buffering = buffering(BufferingConfig.DEFAULTS.withMemBytes(MIB, MIB));
        try (TrafficTestProxy proxy = TrafficTestProxy.start(buffering, backend(DIGEST_BODY))) {
            try (Socket socket = new Socket("127.0.0.1", proxy.port())) {
                OutputStream out = socket.getOutputStream();
                out.write(("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: " + (10 * MIB) + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(body(3 * MIB));
                out.flush();
                awaitTrue(() -> spillFiles() == 1);
                assertThat(spillFiles()).isEqualTo(1);
            }
            assertSpillFilesGone();
            assertThat(buffering.spillFilesCreated()).isEqualTo(1);
            assertThat(post(proxy, body(2 * MIB), false).body()).isEqualTo(digest(body(2 * MIB)));
        }
        assertSpillFilesGone();
    }

    @Test
    void aClientThatGoesAwayMidDownloadLeavesNoFile() throws Exception {
        Buffering buffering = buffering(BufferingConfig.DEFAULTS.withMemBytes(MIB, MIB));
        try (TrafficTestProxy proxy = TrafficTestProxy.start(buffering, backend(PATTERN))) {
            try (Socket socket = new Socket("127.0.0.1", proxy.port())) {
                socket.setSoTimeout(30_000);
                socket.getOutputStream().write(("GET /?n=" + BIG + " HTTP/1.1\r\nHost: x\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                InputStream in = socket.getInputStream();
                byte[] some = in.readNBytes(2 * MIB); // the head and a part of the body
                assertThat(some).hasSize(2 * MIB);
                assertThat(buffering.spillFilesCreated()).isEqualTo(1);
            }
            assertSpillFilesGone();
        }
    }

    @Test
    void maxLimitsHoldWithSpilledBodies() throws Exception {
        Buffering buffering = buffering(new BufferingConfig(3 * MIB, MIB, 3 * MIB, MIB, null));
        try (TrafficTestProxy proxy = TrafficTestProxy.start(buffering, backend(DIGEST_BODY))) {
            assertThat(post(proxy, body(3 * MIB), true).body()).isEqualTo(digest(body(3 * MIB)));
            HttpResponse<String> tooLarge = post(proxy, body(3 * MIB + 1), true);
            assertThat(tooLarge.statusCode()).isEqualTo(413);
            assertThat(buffering.spillFilesCreated()).isEqualTo(2);
        }
        assertSpillFilesGone();
        try (TrafficTestProxy proxy = TrafficTestProxy.start(buffering, backend(PATTERN))) {
            HttpResponse<byte[]> fits = proxy.client().send(
                    HttpRequest.newBuilder(proxy.uri("/?chunked&n=" + 3 * MIB)).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(fits.body()).isEqualTo(body(3 * MIB));
            assertThat(proxy.get("/?n=" + (3 * MIB + 1)).statusCode()).isEqualTo(500);
        }
        assertSpillFilesGone();
    }

    @Test
    void aFileThatCannotBeWrittenIsA500ForTheRequestAndABrokenResponse() throws Exception {
        Buffering buffering = new Buffering(BufferingConfig.DEFAULTS.withMemBytes(MIB, MIB), spillDir.resolve("missing"));
        try (TrafficTestProxy proxy = TrafficTestProxy.start(buffering, backend(DIGEST_BODY))) {
            assertThat(post(proxy, body(3 * MIB), false).statusCode()).isEqualTo(500);
            assertThat(post(proxy, body(MIB / 2), false).body()).isEqualTo(digest(body(MIB / 2))); // memory only
        }
        try (TrafficTestProxy proxy = TrafficTestProxy.start(buffering, backend(PATTERN))) {
            // the status went out with the response channel: the client sees the response break off
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> proxy.client().send(
                    HttpRequest.newBuilder(proxy.uri("/?n=" + 3 * MIB)).build(), HttpResponse.BodyHandlers.ofByteArray()))
                    .isInstanceOf(IOException.class);
            assertThat(proxy.get("/?n=1000").statusCode()).isEqualTo(200);
        }
        assertThat(buffering.spillFilesCreated()).isZero();
    }

    @Test
    void retryExpressionResendsASpilledBody() throws Exception {
        String liveUrl = backend(DIGEST_BODY);
        Buffering buffering = buffering(BufferingConfig.DEFAULTS.withMemBytes(MIB, MIB)
                .withRetryExpression("IsNetworkError() && Attempts() <= 2"));
        byte[] body = body(5 * MIB);
        try (TrafficTestProxy proxy = TrafficTestProxy.startWithServers(buffering, dead(), dead(), liveUrl)) {
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> response = post(proxy, body, i % 2 == 1);
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body()).isEqualTo(digest(body));
            }
            assertThat(buffering.spillFilesCreated()).isEqualTo(3);
        }
        assertSpillFilesGone();
    }

    /** A backend without Undertow's default request size limit. */
    private String backend(HttpHandler handler) {
        Undertow server = Undertow.builder().setIoThreads(1).setWorkerThreads(4)
                .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, 0L)
                .addHttpListener(0, "127.0.0.1", handler).build();
        server.start();
        servers.add(server);
        return "http://127.0.0.1:" + ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    private static String dead() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }
    }
}
