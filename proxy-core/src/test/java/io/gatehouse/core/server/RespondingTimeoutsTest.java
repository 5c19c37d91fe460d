package io.gatehouse.core.server;

import io.gatehouse.core.config.EntryPointConfig;
import io.gatehouse.core.config.RespondingTimeouts;
import io.gatehouse.core.testing.TestServer;
import io.undertow.util.Headers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Entry point transport.respondingTimeouts, on real sockets: each one ends a connection that stalls. */
@Timeout(60)
class RespondingTimeoutsTest {

    private static Gatehouse proxy(TestServer backend, RespondingTimeouts timeouts) {
        return Gatehouse.builder().ioThreads(1)
                .entryPoint("web", new EntryPointConfig("127.0.0.1:0", null, timeouts, null))
                .service("app", s -> s.server(backend.url()))
                .router("app", r -> r.rule("PathPrefix(`/`)").service("app"))
                .start();
    }

    /** Reads until the server closes; the socket's own timeout bounds the wait so a hang fails the test. */
    private static long readUntilClosed(Socket socket) throws IOException {
        socket.setSoTimeout(20_000);
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[65536];
        long total = 0;
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                total += n;
            }
        } catch (SocketException reset) {
            // a reset is a close too
        }
        return total;
    }

    @Test
    void idleTimeoutClosesAKeepAliveConnectionWithNoNextRequest() throws Exception {
        try (TestServer backend = TestServer.http(exchange -> exchange.getResponseSender().send("ok"));
             Gatehouse gatehouse = proxy(backend, new RespondingTimeouts(null, null, Duration.ofMillis(300)));
             Socket socket = new Socket("127.0.0.1", gatehouse.port("web"))) {
            OutputStream out = socket.getOutputStream();
            out.write("GET / HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertThat(answer).isEqualTo("HTTP/1.1 200");
            // No second request: the server must close the idle connection by itself.
            readUntilClosed(socket);
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void readTimeoutClosesAConnectionThatNeverFinishesItsRequestHeaders() throws Exception {
        try (TestServer backend = TestServer.http(exchange -> exchange.getResponseSender().send("ok"));
             Gatehouse gatehouse = proxy(backend, new RespondingTimeouts(Duration.ofMillis(300), null, null));
             Socket socket = new Socket("127.0.0.1", gatehouse.port("web"))) {
            OutputStream out = socket.getOutputStream();
            out.write("GET / HTTP/1.1\r\nHost: a\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long read = readUntilClosed(socket);
            assertThat(read).as("no response to a request that never ended").isLessThan(200);
        }
    }

    @Test
    void writeTimeoutClosesAConnectionWhoseClientStopsReading() throws Exception {
        long size = 256L * 1024 * 1024;
        try (TestServer backend = TestServer.http(new io.undertow.server.handlers.BlockingHandler(exchange -> {
                 exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, size);
                 try (OutputStream body = exchange.getOutputStream()) {
                     byte[] bytes = new byte[1 << 20];
                     for (long sent = 0; sent < size; sent += bytes.length) {
                         body.write(bytes);
                     }
                 } catch (IOException closed) {
                     // the proxy gave up on this response
                 }
             }));
             Gatehouse gatehouse = proxy(backend, new RespondingTimeouts(null, Duration.ofMillis(300), null));
             Socket socket = new Socket("127.0.0.1", gatehouse.port("web"))) {
            socket.setReceiveBufferSize(16 * 1024);
            OutputStream out = socket.getOutputStream();
            out.write("GET /big HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // Stop reading long enough for the proxy's writes to stall past writeTimeout.
            Thread.sleep(2000);
            long read = readUntilClosed(socket);
            assertThat(read).as("the connection ended before the whole body").isLessThan(size);
        }
    }
}
