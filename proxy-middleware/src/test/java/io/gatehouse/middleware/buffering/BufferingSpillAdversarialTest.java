package io.gatehouse.middleware.buffering;

import io.gatehouse.core.testing.RawHttp;
import io.gatehouse.core.testing.TestServer;
import io.gatehouse.middleware.testing.HostileConfig;
import io.gatehouse.middleware.testing.ProxiedMiddleware;
import io.gatehouse.middleware.testing.TrafficTestProxy;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Hostile configuration and traffic for {@code buffering} with bodies that spill to temporary files, written from
 * docs/middlewares/buffering.md and Traefik's buffering reference only. Spill files are counted in
 * {@code java.io.tmpdir} by the documented name {@code gatehouse-buffering-*.tmp}; files that existed before a test
 * (other processes) are not counted.
 */
@Timeout(90)
class BufferingSpillAdversarialTest {

    private static final Path TMP = Path.of(System.getProperty("java.io.tmpdir"));
    private static volatile Set<Path> before = Set.of();

    @BeforeEach
    void snapshotSpillFiles() throws IOException {
        before = spillFiles();
    }

    private static Set<Path> spillFiles() throws IOException {
        Set<Path> files = new HashSet<>();
        if (!Files.isDirectory(TMP)) {
            return files; // the child proxy run with a missing temporary directory: its backend counts none
        }
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(TMP, "gatehouse-buffering-*.tmp")) {
            dir.forEach(files::add);
        }
        return files;
    }

    private static int newSpillFiles() {
        try {
            Set<Path> now = spillFiles();
            now.removeAll(before);
            return now.size();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Polls (generous bound, not a timing assertion) until no spill file of this test is left. */
    private static int spillFilesLeftAfterCleanup() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (newSpillFiles() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return newSpillFiles();
    }

    private static void awaitSpillFile() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (newSpillFiles() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(newSpillFiles()).as("a spill file while the body is being buffered").isEqualTo(1);
    }

    private static Buffering buffering(long maxReq, long memReq, long maxResp, long memResp) {
        return Buffering.of(new BufferingConfig(maxReq, memReq, maxResp, memResp, null));
    }

    /**
     * Reads the request body and answers "length sha256", with the number of this test's spill files seen while the
     * request was at the backend in X-Spill-Files. GET /size/N answers N bytes with a Content-Length, /chunked/N
     * without one.
     */
    private static final class Backend implements HttpHandler {
        final AtomicInteger hits = new AtomicInteger();

        @Override
        public void handleRequest(HttpServerExchange exchange) throws Exception {
            if (exchange.isInIoThread()) {
                exchange.dispatch(this);
                return;
            }
            exchange.startBlocking();
            hits.incrementAndGet();
            String path = exchange.getRequestPath();
            if (path.startsWith("/size/") || path.startsWith("/chunked/")) {
                int size = Integer.parseInt(path.substring(path.lastIndexOf('/') + 1));
                if (path.startsWith("/size/")) {
                    exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, size);
                }
                try (OutputStream out = exchange.getOutputStream()) {
                    out.write(pattern(size));
                }
                return;
            }
            byte[] body = exchange.getInputStream().readAllBytes();
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
            exchange.getResponseHeaders().put(io.undertow.util.HttpString.tryFromString("X-Spill-Files"), newSpillFiles());
            exchange.getResponseSender().send(body.length + " " + sha(body));
        }
    }

    private static HttpResponse<String> post(int port, byte[] body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/up"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A chunked upload (no Content-Length) through the JDK client. */
    private static HttpResponse<String> postChunked(int port, byte[] body) throws Exception {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/up"))
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))).build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    // ---------------------------------------------------------------- configuration

    @Test
    void badSizesAreRejectedNamingTheOption() {
        for (String option : List.of("maxRequestBodyBytes", "memRequestBodyBytes", "maxResponseBodyBytes", "memResponseBodyBytes")) {
            for (String bad : List.of("-1", "abc", "99999999999999999999", "1.5", "[1]", "\"\"")) {
                HostileConfig.assertRejected("buffering", option, option + ": " + bad);
            }
        }
        HostileConfig.assertRejected("buffering", "memRequestBodyBytes", "memRequestBodyBytes: " + (256L * 1024 * 1024 + 1));
        HostileConfig.assertRejected("buffering", "memResponseBodyBytes", "memResponseBodyBytes: " + (256L * 1024 * 1024 + 1));
    }

    @Test
    void theLargestMemoryLimitIsAccepted() {
        HostileConfig.accepted("buffering", "memRequestBodyBytes: " + 256L * 1024 * 1024 + "\nmemResponseBodyBytes: " + 256L * 1024 * 1024);
    }

    @Test
    void malformedRetryExpressionsAreRejected() {
        List<String> notRejected = new java.util.ArrayList<>();
        for (String bad : List.of("Attempts( <", "Attempts() <", "Foo()", "IsNetworkError() &&", "((Attempts() < 2)",
                "Attempts() < 2 ||| IsNetworkError()", "Attempts() < 99999999999999999999", "ResponseCode() == \"x\"",
                "Attempts()\r\n< 2 &&", "(".repeat(100_000))) {
            try {
                HostileConfig.assertRejected("buffering", "retryExpression", "retryExpression: " + HostileConfig.quoted(bad));
            } catch (AssertionError e) {
                notRejected.add((bad.length() > 40 ? bad.substring(0, 40) + "..." : bad) + ": " + e.getMessage().lines().findFirst().orElse(""));
            }
        }
        assertThat(notRejected).as("malformed expressions not rejected with the option named").isEmpty();
    }

    @Test
    void anEmptyRetryExpressionMeansNoRetryAsInTraefik() {
        HostileConfig.accepted("buffering", "retryExpression: \"\"");
    }

    @Test
    void unknownOptionsAreRejected() {
        HostileConfig.assertRejected("buffering", "memRequestBodyByte", "memRequestBodyByte: 10");
    }

    // ---------------------------------------------------------------- traffic

    @Test
    void anEmptyBodyPassesAndSpillsNothing() throws Exception {
        Backend backend = new Backend();
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(buffering(10, 1, 0, 1), backend)) {
            HttpResponse<String> response = post(proxy.port(), new byte[0]);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("0 " + sha(new byte[0]));
            assertThat(response.headers().firstValue("X-Spill-Files")).hasValue("0");
        }
        assertThat(spillFilesLeftAfterCleanup()).isZero();
    }

    @Test
    void aBodyExactlyAtTheMemoryLimitStaysInMemoryAndOneOverSpillsToOneFile() throws Exception {
        Backend backend = new Backend();
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(buffering(0, 10_000, 0, 10_000), backend)) {
            HttpResponse<String> under = post(proxy.port(), pattern(5_000));
            assertThat(under.statusCode()).isEqualTo(200);
            assertThat(under.headers().firstValue("X-Spill-Files")).as("well under the memory limit").hasValue("0");
            HttpResponse<String> at = post(proxy.port(), pattern(10_000));
            assertThat(at.statusCode()).isEqualTo(200);
            assertThat(at.body()).isEqualTo("10000 " + sha(pattern(10_000)));
            assertThat(at.headers().firstValue("X-Spill-Files")).hasValue("0");

            HttpResponse<String> over = post(proxy.port(), pattern(10_001));
            assertThat(over.statusCode()).isEqualTo(200);
            assertThat(over.body()).isEqualTo("10001 " + sha(pattern(10_001)));
            assertThat(over.headers().firstValue("X-Spill-Files")).hasValue("1");
        }
        assertThat(spillFilesLeftAfterCleanup()).isZero();
    }

    @Test
    void aBodyExactlyAtTheMaximumPassesAndOneOverGets413() throws Exception {
        Backend backend = new Backend();
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(buffering(100_000, 4096, 0, 4096), backend)) {
            HttpResponse<String> at = post(proxy.port(), pattern(100_000));
            assertThat(at.statusCode()).isEqualTo(200);
            assertThat(at.body()).isEqualTo("100000 " + sha(pattern(100_000)));

            assertThat(post(proxy.port(), pattern(100_001)).statusCode()).isEqualTo(413);
            assertThat(postChunked(proxy.port(), pattern(100_001)).statusCode()).isEqualTo(413);
            HttpResponse<String> chunkedAt = postChunked(proxy.port(), pattern(100_000));
            assertThat(chunkedAt.statusCode()).isEqualTo(200);
            assertThat(chunkedAt.body()).isEqualTo("100000 " + sha(pattern(100_000)));
            assertThat(backend.hits).hasValue(2);
        }
        assertThat(spillFilesLeftAfterCleanup()).isZero();
    }

    @Test
    void aSpilledChunkedBodyWithTrailersArrivesWhole() throws Exception {
        Backend backend = new Backend();
        String part = "y".repeat(4000);
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(buffering(0, 1024, 0, 1024), backend)) {
            RawHttp.Response response = proxy.raw("POST /up HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n"
                    + "Trailer: X-Sum\r\nConnection: close\r\n\r\n"
                    + "fa0\r\n" + part + "\r\nfa0\r\n" + part + "\r\n0\r\nX-Sum: 1\r\n\r\n");
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("8000 " + sha((part + part).getBytes(StandardCharsets.ISO_8859_1)));
        }
        assertThat(spillFilesLeftAfterCleanup()).isZero();
    }

    @Test
    void aHugeDeclaredLengthGets413WithoutTheBodyBeingSent() throws Exception {
        Backend backend = new Backend();
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(buffering(1000, 100, 0, 100), backend)) {
            RawHttp.Response response = proxy.raw("POST /up HTTP/1.1\r\nHost: a\r\nContent-Length: 9223372036854775807\r\n\r\n");
            assertThat(response.status()).isIn(400, 413);
            RawHttp.Response big = proxy.raw("POST /up HTTP/1.1\r\nHost: a\r\nContent-Length: 10000000\r\n\r\n");
            assertThat(big.status()).isEqualTo(413);
            assertThat(backend.hits).hasValue(0);
        }
        assertThat(spillFilesLeftAfterCleanup()).isZero();
    }

    @Test
    void aResponseExactlyAtTheMaximumPassesAndOneOverGets500() throws Exception {
        Backend backend = new Backend();
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(buffering(0, 4096, 50_000, 4096), backend)) {
            HttpResponse<byte[]> at = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + proxy.port() + "/size/50000")).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(at.statusCode()).isEqualTo(200);
            assertThat(at.body()).isEqualTo(pattern(50_000));
            HttpResponse<byte[]> chunkedAt = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + proxy.port() + "/chunked/50000")).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(chunkedAt.statusCode()).isEqualTo(200);
            assertThat(chunkedAt.body()).isEqualTo(pattern(50_000));

            assertThat(proxy.get("/size/50001").statusCode()).isEqualTo(500);
            // without a Content-Length the client sees a broken connection (documented difference)
            assertThatThrownBy(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + proxy.port() + "/chunked/50001")).build(), HttpResponse.BodyHandlers.ofByteArray()))
                    .isInstanceOf(IOException.class);
            // the proxy still serves
            assertThat(proxy.get("/size/10").statusCode()).isEqualTo(200);
        }
        assertThat(spillFilesLeftAfterCleanup()).isZero();
    }

    @Test
    void aClientAbortingMidUploadLeavesNoSpillFile() throws Exception {
        Backend backend = new Backend();
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(buffering(0, 16 * 1024, 0, 16 * 1024), backend)) {
            try (Socket socket = new Socket("127.0.0.1", proxy.port())) {
                OutputStream out = socket.getOutputStream();
                out.write("POST /up HTTP/1.1\r\nHost: a\r\nContent-Length: 4000000\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                out.write(pattern(500_000));
                out.flush();
                awaitSpillFile();
            }
            assertThat(spillFilesLeftAfterCleanup()).isZero();
            assertThat(backend.hits).hasValue(0);
            assertThat(post(proxy.port(), pattern(100)).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aClientAbortingMidDownloadLeavesNoSpillFile() throws Exception {
        CountDownLatch clientGone = new CountDownLatch(1);
        CountDownLatch backendDone = new CountDownLatch(1);
        HttpHandler backend = new HttpHandler() {
            @Override
            public void handleRequest(HttpServerExchange exchange) throws Exception {
                if (exchange.isInIoThread()) {
                    exchange.dispatch(this);
                    return;
                }
                exchange.startBlocking();
                exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, 2_000_000);
                try (OutputStream out = exchange.getOutputStream()) {
                    out.write(pattern(1_000_000));
                    out.flush();
                    clientGone.await(30, TimeUnit.SECONDS);
                    out.write(pattern(1_000_000));
                } catch (IOException ignored) {
                    // the proxy may close this connection once the client is gone
                } finally {
                    backendDone.countDown();
                }
            }
        };
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(buffering(0, 16 * 1024, 0, 16 * 1024), backend)) {
            try (Socket socket = new Socket("127.0.0.1", proxy.port())) {
                socket.getOutputStream().write("GET /down HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                socket.getOutputStream().flush();
                awaitSpillFile();
            } finally {
                clientGone.countDown();
            }
            assertThat(backendDone.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(spillFilesLeftAfterCleanup()).isZero();
        }
    }

    @Test
    void aClientAbortingWhileTheBufferedResponseIsSentLeavesNoSpillFile() throws Exception {
        Backend backend = new Backend();
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(buffering(0, 16 * 1024, 0, 16 * 1024), backend)) {
            try (Socket socket = new Socket("127.0.0.1", proxy.port())) {
                socket.setReceiveBufferSize(4096);
                socket.getOutputStream().write("GET /size/8000000 HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                socket.getOutputStream().flush();
                InputStream in = socket.getInputStream();
                assertThat(in.readNBytes(10_000)).hasSize(10_000);
            }
            assertThat(spillFilesLeftAfterCleanup()).isZero();
            assertThat(proxy.get("/size/10").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void manyConcurrentSpilledUploadsArriveIntactAndLeaveNoFiles() throws Exception {
        Backend backend = new Backend();
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(buffering(0, 8 * 1024, 0, 8 * 1024), backend)) {
            HttpClient client = HttpClient.newHttpClient();
            List<CompletableFuture<HttpResponse<String>>> all = IntStream.range(0, 24)
                    .mapToObj(i -> client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxy.port() + "/up"))
                            .POST(HttpRequest.BodyPublishers.ofByteArray(pattern(200_000 + i))).build(), HttpResponse.BodyHandlers.ofString()))
                    .toList();
            for (int i = 0; i < all.size(); i++) {
                HttpResponse<String> response = all.get(i).get(60, TimeUnit.SECONDS);
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body()).isEqualTo((200_000 + i) + " " + sha(pattern(200_000 + i)));
            }
        }
        assertThat(spillFilesLeftAfterCleanup()).isZero();
    }

    /** A proxy in a JVM of its own whose java.io.tmpdir is given: prints its port, stops when stdin closes. */
    public static final class ChildProxy {
        public static void main(String[] args) throws Exception {
            try (ProxiedMiddleware proxy = ProxiedMiddleware.start(buffering(0, 1024, 0, 1024), new Backend())) {
                System.out.println("PORT " + proxy.port());
                System.out.flush();
                while (System.in.read() >= 0) {
                    // wait for the parent to close stdin
                }
            }
            System.exit(0);
        }
    }

    /** Control for the test below: the same child proxy with a writable temporary directory serves both bodies. */
    @Test
    void aChildProxyWithAWritableTemporaryDirectoryServesSpilledAndSmallBodies() throws Exception {
        Path writable = Files.createTempDirectory("gatehouse-adv-tmp");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-Djava.io.tmpdir=" + writable, "-cp", System.getProperty("java.class.path"), ChildProxy.class.getName())
                .redirectErrorStream(true).start();
        try {
            java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            int port = -1;
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith("PORT ")) {
                    port = Integer.parseInt(line.substring(5).trim());
                    break;
                }
            }
            assertThat(port).as("the child proxy started").isPositive();
            Thread drain = new Thread(() -> {
                try {
                    out.transferTo(java.io.Writer.nullWriter());
                } catch (IOException ignored) {
                    // the child ended
                }
            });
            drain.setDaemon(true);
            drain.start();
            HttpResponse<String> spilled = post(port, pattern(50_000));
            assertThat(spilled.statusCode()).isEqualTo(200);
            assertThat(spilled.body()).isEqualTo("50000 " + sha(pattern(50_000)));
            HttpResponse<String> small = post(port, pattern(100));
            assertThat(small.statusCode()).isEqualTo(200);
        } finally {
            child.getOutputStream().close();
            if (!child.waitFor(20, TimeUnit.SECONDS)) {
                child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        try (DirectoryStream<Path> left = Files.newDirectoryStream(writable, "gatehouse-buffering-*.tmp")) {
            assertThat(left.iterator().hasNext()).as("spill files left in the child's temporary directory").isFalse();
        }
    }

    @Test
    void aMissingTemporaryDirectoryGivesTheRequest500() throws Exception {
        Path missing = Files.createTempDirectory("gatehouse-adv-tmp").resolve("missing");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-Djava.io.tmpdir=" + missing, "-cp", System.getProperty("java.class.path"), ChildProxy.class.getName())
                .redirectErrorStream(true).start();
        try {
            java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            int port = -1;
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith("PORT ")) {
                    port = Integer.parseInt(line.substring(5).trim());
                    break;
                }
            }
            assertThat(port).as("the child proxy started").isPositive();
            Thread drain = new Thread(() -> {
                try {
                    out.transferTo(java.io.Writer.nullWriter());
                } catch (IOException ignored) {
                    // the child ended
                }
            });
            drain.setDaemon(true);
            drain.start();
            // "When the temporary file cannot be written (a full disk, a missing temporary directory), a request gets 500"
            assertThat(post(port, pattern(50_000)).statusCode()).isEqualTo(500);
            // a body that fits in memory still passes
            HttpResponse<String> small = post(port, pattern(100));
            assertThat(small.statusCode()).isEqualTo(200);
            assertThat(small.body()).isEqualTo("100 " + sha(pattern(100)));
        } finally {
            child.getOutputStream().close();
            if (!child.waitFor(20, TimeUnit.SECONDS)) {
                child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void retryExpressionReplaysASpilledBodyToTheNextServer() throws Exception {
        Backend live = new Backend();
        int deadPort;
        try (ServerSocket closed = new ServerSocket(0)) {
            deadPort = closed.getLocalPort();
        }
        Buffering buffering = Buffering.of(new BufferingConfig(0, 8 * 1024, 0, 8 * 1024, "IsNetworkError() && Attempts() < 5"));
        try (TestServer server = TestServer.http(live);
             TrafficTestProxy proxy = TrafficTestProxy.startWithServers(buffering, "http://127.0.0.1:" + deadPort, server.url())) {
            for (int i = 0; i < 6; i++) {
                byte[] body = pattern(300_000 + i);
                HttpResponse<String> response = post(proxy.port(), body);
                assertThat(response.statusCode()).as("request %d", i).isEqualTo(200);
                assertThat(response.body()).isEqualTo(body.length + " " + sha(body));
            }
            assertThat(live.hits).hasValue(6);
        }
        assertThat(spillFilesLeftAfterCleanup()).isZero();
    }

    @Test
    void anExpressionThatIsAlwaysTrueStopsAtTenTries() throws Exception {
        int deadPort;
        try (ServerSocket closed = new ServerSocket(0)) {
            deadPort = closed.getLocalPort();
        }
        Buffering buffering = Buffering.of(new BufferingConfig(0, 1024, 0, 1024, "Attempts() > 0 || IsNetworkError()"));
        try (TrafficTestProxy proxy = TrafficTestProxy.start(buffering, "http://127.0.0.1:" + deadPort)) {
            HttpResponse<String> response = post(proxy.port(), pattern(50_000));
            assertThat(response.statusCode()).isBetween(502, 504);
        }
        assertThat(spillFilesLeftAfterCleanup()).isZero();
    }

    static byte[] pattern(int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        return b;
    }

    static String sha(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
