package io.gatehouse.middleware.buffering;

import io.gatehouse.middleware.testing.TrafficTestProxy;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Run in a JVM of its own with a heap smaller than the bodies (see {@link BufferingSmallHeapTest}): a backend, a
 * proxy with buffering (1 MiB in memory) and a client that streams a 50 MiB request and a 50 MiB response, checking
 * both byte for byte. Prints the result and the spill files left in the directory given as the first argument.
 */
public final class SmallHeapSpill {

    static final int SIZE = 50 * 1024 * 1024;
    private static final int MIB = 1024 * 1024;

    private SmallHeapSpill() {
    }

    public static void main(String[] args) throws Exception {
        Path spillDir = Path.of(args[0]);
        Undertow backend = Undertow.builder().setIoThreads(1).setWorkerThreads(2)
                .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, 0L)
                .addHttpListener(0, "127.0.0.1", new Backend()).build();
        backend.start();
        String url = "http://127.0.0.1:" + ((InetSocketAddress) backend.getListenerInfo().get(0).getAddress()).getPort();
        Buffering buffering = new Buffering(BufferingConfig.DEFAULTS.withMemBytes(MIB, MIB), spillDir);
        String expected = digest(new PatternStream(SIZE));
        try (TrafficTestProxy proxy = TrafficTestProxy.start(buffering, url)) {
            HttpResponse<String> upload = proxy.client().send(HttpRequest.newBuilder(proxy.uri("/"))
                            .POST(HttpRequest.BodyPublishers.fromPublisher(
                                    HttpRequest.BodyPublishers.ofInputStream(() -> new PatternStream(SIZE)), SIZE))
                            .build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<InputStream> download = proxy.client().send(HttpRequest.newBuilder(proxy.uri("/")).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            String downloaded = digest(download.body());
            System.out.println("upload " + upload.statusCode() + " " + upload.body().equals(expected));
            System.out.println("download " + download.statusCode() + " " + downloaded.equals(expected));
            System.out.println("spilled " + buffering.spillFilesCreated());
        } finally {
            backend.stop();
        }
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline && listSpillFiles(spillDir) > 0) {
            Thread.sleep(10);
        }
        System.out.println("left " + listSpillFiles(spillDir));
        System.out.println("max heap " + Runtime.getRuntime().maxMemory());
    }

    private static long listSpillFiles(Path dir) throws Exception {
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith(SpillFile.PREFIX)).count();
        }
    }

    static String digest(InputStream in) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[64 * 1024];
        long length = 0;
        try (in) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                sha.update(buffer, 0, n);
                length += n;
            }
        }
        return length + " " + HexFormat.of().formatHex(sha.digest());
    }

    /** {@code size} bytes that differ along the body (a lost, repeated or reordered piece shows), made as read. */
    static final class PatternStream extends InputStream {
        private final long size;
        private long at;

        PatternStream(long size) {
            this.size = size;
        }

        @Override
        public int read() {
            if (at >= size) {
                return -1;
            }
            return value(at++) & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (at >= size) {
                return -1;
            }
            int n = (int) Math.min(len, size - at);
            for (int i = 0; i < n; i++) {
                b[off + i] = value(at++);
            }
            return n;
        }

        private static byte value(long at) {
            return (byte) (at * 31 + (at >>> 13) + (at >>> 23));
        }
    }

    /** POST: answers the body's length and digest; GET: sends the pattern, with a Content-Length. */
    private static final class Backend implements HttpHandler {
        @Override
        public void handleRequest(HttpServerExchange exchange) throws Exception {
            if (exchange.isInIoThread()) {
                exchange.dispatch(this);
                return;
            }
            exchange.startBlocking();
            if (exchange.getRequestMethod().toString().equals("POST")) {
                exchange.getResponseSender().send(digest(exchange.getInputStream()));
                return;
            }
            exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, SIZE);
            try (InputStream in = new PatternStream(SIZE); OutputStream out = exchange.getOutputStream()) {
                in.transferTo(out);
            }
        }
    }
}
