package io.gatehouse.core.service;

import static io.gatehouse.core.service.HostileBackend.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.core.config.ForwardingTimeouts;
import io.gatehouse.core.config.ServersTransportConfig;
import io.gatehouse.core.testing.RawHttp;
import io.gatehouse.core.testing.TestProxy;
import io.gatehouse.core.testing.TestServer;
import io.undertow.util.Headers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Backends and clients that break the protocol, over real sockets. Expected behaviour from docs/services.md
 * ("What the client gets when forwarding fails") and DESIGN.md ("Errors a user sees"): 502/503/504 with short
 * plain bodies that never name the server; the proxy keeps serving afterwards.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HostilePeersAdversarialTest {

    private static final String GET = "GET /x HTTP/1.1\r\nHost: example.com\r\n\r\n";

    // ---------------------------------------------------------------- hostile backends

    @Test
    void backendClosingMidHeadersGives502() throws Exception {
        try (HostileBackend backend = new HostileBackend((head, in, out, b) -> {
            write(out, "HTTP/1.1 200 OK\r\nContent-Ty");
            return false;
        }); TestProxy proxy = TestProxy.to(backend.url())) {
            assertPlainError(RawHttp.exchange(proxy.port(), GET), 502, backend.port());
        }
    }

    @Test
    void backendSendingGarbageGives502() throws Exception {
        try (HostileBackend backend = new HostileBackend((head, in, out, b) -> {
            write(out, "SSH-2.0-OpenSSH_9.6\r\n\u0000\u0001\u0002garbage garbage\r\n\r\n");
            return false;
        }); TestProxy proxy = TestProxy.to(backend.url())) {
            assertPlainError(RawHttp.exchange(proxy.port(), GET), 502, backend.port());
        }
    }

    @Test
    void backendWithInvalidStatusLineKeptOpenGives502() throws Exception {
        // RFC 9110 15.6.3: 502 = "received an invalid response from an inbound server". The backend keeps the
        // connection open, so only parsing the status line can end this request.
        try (HostileBackend backend = new HostileBackend((head, in, out, b) -> {
            write(out, "HTTP/1.1 2x0 OK\r\nContent-Length: 2\r\n\r\nok");
            b.hang();
            return false;
        }); TestProxy proxy = TestProxy.to(backend.url())) {
            assertPlainError(RawHttp.exchange(proxy.port(), GET), 502, backend.port());
        }
    }

    @Test
    void backendWithNonHttpStatusLineKeptOpenGives502() throws Exception {
        try (HostileBackend backend = new HostileBackend((head, in, out, b) -> {
            write(out, "ICY 200 OK\r\nContent-Length: 2\r\n\r\nok");
            b.hang();
            return false;
        }); TestProxy proxy = TestProxy.to(backend.url())) {
            assertPlainError(RawHttp.exchange(proxy.port(), GET), 502, backend.port());
        }
    }

    @Test
    void backendClosingMidBodyClosesTheClientConnectionAndTheProxyKeepsServing() throws Exception {
        try (HostileBackend backend = new HostileBackend((head, in, out, b) -> {
            write(out, "HTTP/1.1 200 OK\r\nContent-Length: 100000\r\nContent-Type: text/plain\r\n\r\nonly-this");
            return false;
        }); TestProxy proxy = TestProxy.to(backend.url())) {
            try (Socket socket = new Socket("127.0.0.1", proxy.port())) {
                socket.setSoTimeout(30_000);
                socket.getOutputStream().write(GET.getBytes(StandardCharsets.ISO_8859_1));
                InputStream in = socket.getInputStream();
                String head = HostileBackend.readHead(in);
                assertThat(head).startsWith("HTTP/1.1 200");
                // docs/services.md: "Once the response has started, a failure can only close the client connection."
                byte[] rest = readUntilEof(in);
                assertThat(rest.length).as("the client must see the connection close, short of 100000 bytes")
                        .isLessThan(100_000);
            }
            backend.script(HostilePeersAdversarialTest::ok);
            for (int i = 0; i < 5; i++) {
                assertThat(RawHttp.exchange(proxy.port(), GET).status()).isEqualTo(200);
            }
        }
    }

    @Test
    void backendAnsweringWithOneMegabyteOfHeadersNeitherHangsNorBreaksTheProxy() throws Exception {
        String big = "X-Big: " + "a".repeat(8000) + "\r\n";
        try (HostileBackend backend = new HostileBackend((head, in, out, b) -> {
            write(out, "HTTP/1.1 200 OK\r\n" + big.repeat(128) + "Content-Length: 2\r\n\r\nok");
            return false;
        }); TestProxy proxy = TestProxy.to(backend.url())) {
            // Doc silent on a response head limit: forwarding it (Go allows 10 MB) or 502 are both acceptable.
            RawHttp.Response response = RawHttp.exchange(proxy.port(), GET);
            assertThat(response.status()).isIn(200, 502);
            if (response.status() == 502) {
                assertPlainError(response, 502, backend.port());
            } else {
                assertThat(response.body()).isEqualTo("ok");
            }
            backend.script(HostilePeersAdversarialTest::ok);
            assertThat(RawHttp.exchange(proxy.port(), GET).status()).isEqualTo(200);
        }
    }

    @Test
    void backendSendingChunkedAndContentLengthNeverReachesTheClientAsBoth() throws Exception {
        // RFC 9112 6.3: Transfer-Encoding overrides Content-Length; an intermediary MUST remove Content-Length
        // (or treat the response as an error) before forwarding.
        try (HostileBackend backend = new HostileBackend((head, in, out, b) -> {
            write(out, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "3\r\nabc\r\n3\r\ndef\r\n0\r\n\r\n");
            return true;
        }); TestProxy proxy = TestProxy.to(backend.url());
             Socket socket = new Socket("127.0.0.1", proxy.port())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            write(out, GET);
            RawHttp.Response response = RawHttp.read(socket.getInputStream());
            if (response.status() == 502) {
                assertPlainError(response, 502, backend.port());
                return;
            }
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.header("content-length") != null && response.header("transfer-encoding") != null)
                    .as("response forwarded with both Content-Length and Transfer-Encoding: %s", response.headers())
                    .isFalse();
            assertThat(response.body()).isEqualTo("abcdef");
            // The client connection must still be in sync: a second request gets a well-formed answer.
            backend.script(HostilePeersAdversarialTest::ok);
            try {
                write(out, GET);
                assertThat(RawHttp.read(socket.getInputStream()).status()).isEqualTo(200);
            } catch (IOException closedByProxy) {
                // closing the connection is also a safe way out
            }
        }
    }

    @Test
    void backendThatNeverAnswersGives504WithResponseHeaderTimeout() throws Exception {
        try (HostileBackend backend = new HostileBackend((head, in, out, b) -> {
            b.hang();
            return false;
        }); TestProxy proxy = TestProxy.to(List.of(backend.url()), withTimeouts(
                new ForwardingTimeouts(null, Duration.ofMillis(500), null)))) {
            assertPlainError(RawHttp.exchange(proxy.port(), GET), 504, backend.port());
        }
    }

    @Test
    void oneNanosecondResponseHeaderTimeoutIsNotRoundedToNoLimit() throws Exception {
        // docs/services.md: "Zero means no limit". 1ns is not zero: it must still bound the wait (504), not hang.
        try (HostileBackend backend = new HostileBackend((head, in, out, b) -> {
            b.hang();
            return false;
        }); TestProxy proxy = TestProxy.to(List.of(backend.url()), withTimeouts(
                new ForwardingTimeouts(null, Duration.ofNanos(1), null)))) {
            assertPlainError(RawHttp.exchange(proxy.port(), GET), 504, backend.port());
        }
    }

    @Test
    void backendStallingAfterTheStatusLineGives504() throws Exception {
        // docs/services.md: responseHeaderTimeout bounds "from the request fully sent ... to the response headers";
        // a status line alone is not the headers.
        try (HostileBackend backend = new HostileBackend((head, in, out, b) -> {
            write(out, "HTTP/1.1 200 OK\r\nX-Partial: yes\r\n");
            b.hang();
            return false;
        }); TestProxy proxy = TestProxy.to(List.of(backend.url()), withTimeouts(
                new ForwardingTimeouts(null, Duration.ofMillis(500), null)))) {
            assertPlainError(RawHttp.exchange(proxy.port(), GET), 504, backend.port());
        }
    }

    @Test
    void hungPostTimesOutWith504AndIsSentOnlyOnce() throws Exception {
        // docs/services.md: "a POST is never sent twice"
        try (HostileBackend backend = new HostileBackend((head, in, out, b) -> {
            HostileBackend.drainBody(head, in);
            b.hang();
            return false;
        }); TestProxy proxy = new TestProxy(io.gatehouse.core.config.LoadBalancerConfig.of(List.of(
                io.gatehouse.core.config.ServerConfig.of(backend.url()),
                io.gatehouse.core.config.ServerConfig.of(backend.url()))),
                withTimeouts(new ForwardingTimeouts(null, Duration.ofMillis(500), null)),
                io.gatehouse.core.config.ForwardedHeadersConfig.NONE_TRUSTED)) {
            assertPlainError(RawHttp.exchange(proxy.port(),
                    "POST /pay HTTP/1.1\r\nHost: example.com\r\nContent-Length: 3\r\n\r\nabc"), 504, backend.port());
            assertThat(backend.heads()).filteredOn(h -> h.startsWith("POST /pay")).hasSize(1);
        }
    }

    @Test
    void backendWithNegativeContentLengthGives502() throws Exception {
        // RFC 9112 6.3: an invalid Content-Length in a response: the proxy MUST close the server connection,
        // discard the response and send 502.
        assertInvalidResponseGives502("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\nok");
    }

    @Test
    void backendWithNonNumericContentLengthGives502() throws Exception {
        assertInvalidResponseGives502("HTTP/1.1 200 OK\r\nContent-Length: 2x\r\n\r\nok");
    }

    @Test
    void backendWithDifferingDuplicateContentLengthGives502() throws Exception {
        assertInvalidResponseGives502("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 40\r\n\r\nok");
    }

    @Test
    void backendResponseObsFoldIsNeverRelayedAsIs() throws Exception {
        // RFC 9112 5.2: a proxy MUST either replace a response's obs-fold with SP or answer 502.
        try (HostileBackend backend = new HostileBackend((head, in, out, b) -> {
            write(out, "HTTP/1.1 200 OK\r\nX-Folded: first\r\n second\r\nContent-Length: 2\r\n\r\nok");
            return false;
        }); TestProxy proxy = TestProxy.to(backend.url());
             Socket socket = new Socket("127.0.0.1", proxy.port())) {
            socket.setSoTimeout(30_000);
            write(socket.getOutputStream(), GET);
            String head = HostileBackend.readHead(socket.getInputStream());
            assertThat(head).isNotNull();
            assertThat(head).startsWith("HTTP/1.1 ");
            for (String line : head.split("\r\n")) {
                assertThat(line).as("relayed header line").doesNotStartWith(" ").doesNotStartWith("\t");
            }
        }
    }

    private static void assertInvalidResponseGives502(String response) throws Exception {
        try (HostileBackend backend = new HostileBackend((head, in, out, b) -> {
            write(out, response);
            b.hang();
            return false;
        }); TestProxy proxy = TestProxy.to(backend.url());
             Socket socket = new Socket("127.0.0.1", proxy.port())) {
            socket.setSoTimeout(30_000);
            write(socket.getOutputStream(), GET);
            // read the head raw: what the client got may itself be malformed
            String head = HostileBackend.readHead(socket.getInputStream());
            assertThat(head).as("response head relayed to the client").isNotNull().startsWith("HTTP/1.1 502 ");
            assertThat(head.toLowerCase(java.util.Locale.ROOT)).contains("content-type: text/plain");
        }
    }

    @Test
    void backendThatRefusesConnectionsGives502() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        try (TestProxy proxy = TestProxy.to("http://127.0.0.1:" + port)) {
            assertPlainError(RawHttp.exchange(proxy.port(), GET), 502, port);
        }
    }

    @Test
    void serviceWithoutServersGives503() throws Exception {
        try (TestProxy proxy = TestProxy.to()) {
            RawHttp.Response response = RawHttp.exchange(proxy.port(), GET);
            assertThat(response.status()).isEqualTo(503);
            assertThat(response.header("content-type")).startsWith("text/plain");
            assertThat(response.body()).hasSizeLessThan(200).doesNotContain("Exception");
        }
    }

    @Test
    void backendClosingBeforeAnyByteOnAPostIsNotRetried() throws Exception {
        // docs/services.md: "a POST is never sent twice".
        try (HostileBackend backend = new HostileBackend((head, in, out, b) -> {
            HostileBackend.drainBody(head, in);
            return false;
        }); TestProxy proxy = TestProxy.to(backend.url(), backend.url())) {
            RawHttp.Response response = RawHttp.exchange(proxy.port(),
                    "POST /pay HTTP/1.1\r\nHost: example.com\r\nContent-Length: 3\r\n\r\nabc");
            assertPlainError(response, 502, backend.port());
            assertThat(backend.heads()).filteredOn(h -> h.startsWith("POST /pay")).hasSize(1);
        }
    }

    // ---------------------------------------------------------------- hostile clients: request smuggling

    @Test
    void contentLengthPlusChunkedNeverForwardsASecondRequest() throws Exception {
        // RFC 9112 6.1: a request with both "MUST" be treated per Transfer-Encoding and the connection closed after
        // the response, or refused; the bytes after the chunked body must never become a request.
        assertNoSmuggling("POST / HTTP/1.1\r\nHost: example.com\r\nContent-Length: 6\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: example.com\r\n\r\n");
    }

    @Test
    void chunkedPlusContentLengthReversedOrderNeverForwardsASecondRequest() throws Exception {
        assertNoSmuggling("POST / HTTP/1.1\r\nHost: example.com\r\nTransfer-Encoding: chunked\r\n"
                + "Content-Length: 48\r\n\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: example.com\r\n\r\n");
    }

    @Test
    void transferEncodingWithObsFoldNeverForwardsASecondRequest() throws Exception {
        // RFC 9112 5.2: obs-fold in a request: reject with 400 or replace by SP; never a second request.
        assertNoSmuggling("POST / HTTP/1.1\r\nHost: example.com\r\nContent-Length: 5\r\nTransfer-Encoding:\r\n"
                + " chunked\r\n\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: example.com\r\n\r\n");
    }

    @Test
    void duplicateDifferingContentLengthIsRefused() throws Exception {
        // RFC 9112 6.3: differing Content-Length values are unrecoverable: 400 and close.
        assertNoSmuggling("POST / HTTP/1.1\r\nHost: example.com\r\nContent-Length: 0\r\nContent-Length: 43\r\n\r\n"
                + "GET /smuggled HTTP/1.1\r\nHost: example.com\r\n\r\n");
    }

    @Test
    void commaSeparatedContentLengthNeverForwardsASecondRequest() throws Exception {
        assertNoSmuggling("POST / HTTP/1.1\r\nHost: example.com\r\nContent-Length: 0, 43\r\n\r\n"
                + "GET /smuggled HTTP/1.1\r\nHost: example.com\r\n\r\n");
    }

    @Test
    void transferEncodingNotEndingInChunkedNeverForwardsASecondRequest() throws Exception {
        // RFC 9112 6.3: a request whose Transfer-Encoding does not end in chunked: 400 and close.
        assertNoSmuggling("POST / HTTP/1.1\r\nHost: example.com\r\nTransfer-Encoding: chunked, identity\r\n"
                + "Content-Length: 5\r\n\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: example.com\r\n\r\n");
    }

    @Test
    void obfuscatedTransferEncodingNeverForwardsASecondRequest() throws Exception {
        assertNoSmuggling("POST / HTTP/1.1\r\nHost: example.com\r\nContent-Length: 5\r\nTransfer-Encoding: xchunked\r\n"
                + "\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: example.com\r\n\r\n");
    }

    @Test
    void whitespaceBeforeColonNeverForwardsASecondRequest() throws Exception {
        // RFC 9112 5.1: whitespace between a field name and the colon MUST be rejected with 400.
        assertNoSmuggling("POST / HTTP/1.1\r\nHost: example.com\r\nContent-Length: 5\r\nTransfer-Encoding : chunked\r\n"
                + "\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: example.com\r\n\r\n");
    }

    @Test
    void invalidChunkSizeNeverForwardsASecondRequest() throws Exception {
        assertNoSmuggling("POST / HTTP/1.1\r\nHost: example.com\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "zz\r\nabc\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: example.com\r\n\r\n", 200, 400, 502);
    }

    @Test
    void overflowingChunkSizeNeverForwardsASecondRequest() throws Exception {
        assertNoSmuggling("POST / HTTP/1.1\r\nHost: example.com\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "10000000000000003\r\nabc\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: example.com\r\n\r\n",
                200, 400, 502);
    }

    @Test
    void clientDisconnectingMidUploadLeaksNoBackendConnection() throws Exception {
        try (HostileBackend backend = new HostileBackend((head, in, out, b) -> {
            HostileBackend.drainBody(head, in);
            write(out, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
            return true;
        }); TestProxy proxy = TestProxy.to(backend.url())) {
            byte[] chunk = new byte[16 * 1024];
            for (int i = 0; i < 20; i++) {
                try (Socket socket = new Socket("127.0.0.1", proxy.port())) {
                    OutputStream out = socket.getOutputStream();
                    write(out, "POST /upload HTTP/1.1\r\nHost: example.com\r\nContent-Length: 10000000\r\n\r\n");
                    for (int k = 0; k < 4; k++) {
                        out.write(chunk);
                    }
                    out.flush();
                    socket.setSoLinger(true, 0); // reset, as a client that crashes
                }
            }
            // A backend connection carrying half a request body can never be reused: it must be closed.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (backend.open() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(backend.open()).as("backend connections left open after %d aborted uploads (%d accepted)",
                    20, backend.accepted()).isZero();
            for (int i = 0; i < 10; i++) {
                assertThat(RawHttp.exchange(proxy.port(), GET).status()).isEqualTo(200);
            }
        }
    }

    @Test
    void clientDisconnectingMidUploadToARealUndertowBackendKeepsTheProxyServing() throws Exception {
        Queue<String> seen = new ConcurrentLinkedQueue<>();
        try (TestServer backend = TestServer.http(exchange -> exchange.getRequestReceiver().receiveFullBytes(
                (done, body) -> {
                    seen.add(done.getRequestURI());
                    done.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
                    done.getResponseSender().send("ok");
                },
                (failed, error) -> failed.endExchange())); TestProxy proxy = TestProxy.to(backend.url())) {
            for (int i = 0; i < 20; i++) {
                try (Socket socket = new Socket("127.0.0.1", proxy.port())) {
                    OutputStream out = socket.getOutputStream();
                    write(out, "PUT /upload HTTP/1.1\r\nHost: example.com\r\nContent-Length: 5000000\r\n\r\n");
                    out.write(new byte[32 * 1024]);
                    out.flush();
                    socket.setSoLinger(true, 0);
                }
            }
            for (int i = 0; i < 10; i++) {
                assertThat(RawHttp.exchange(proxy.port(), GET).status()).isEqualTo(200);
            }
            assertThat(seen).contains("/x");
        }
    }

    // ---------------------------------------------------------------- helpers

    private static boolean ok(String head, InputStream in, OutputStream out, HostileBackend backend) throws IOException {
        HostileBackend.drainBody(head, in);
        write(out, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok");
        return true;
    }

    private static ServersTransportConfig withTimeouts(ForwardingTimeouts timeouts) {
        return new ServersTransportConfig(null, false, List.of(), List.of(), 200, timeouts, false);
    }

    /** Sends the attack; the backend must never see /smuggled, and the client at most one response. */
    private static void assertNoSmuggling(String attack) throws Exception {
        assertNoSmuggling(attack, 200, 400);
    }

    private static void assertNoSmuggling(String attack, Integer... allowedFirstStatus) throws Exception {
        try (HostileBackend backend = new HostileBackend(HostilePeersAdversarialTest::ok);
             TestProxy proxy = TestProxy.to(backend.url());
             Socket socket = new Socket("127.0.0.1", proxy.port())) {
            socket.setSoTimeout(5_000);
            write(socket.getOutputStream(), attack);
            InputStream in = socket.getInputStream();
            String second = "";
            try {
                RawHttp.Response first = RawHttp.read(in);
                assertThat(first.status()).as("first response").isIn((Object[]) allowedFirstStatus);
                second = readWhatFollows(in);
            } catch (IOException closedWithoutAnswer) {
                // refusing by closing is safe too
            }
            assertThat(second).as("a second response on the client connection").doesNotContain("HTTP/1.1");
            // a fresh request, answered, proves the proxy is done with the attack connection's bytes
            assertThat(RawHttp.exchange(proxy.port(), "GET /after HTTP/1.1\r\nHost: example.com\r\n\r\n").status())
                    .isEqualTo(200);
            assertThat(backend.heads()).as("requests the backend received")
                    .noneSatisfy(h -> assertThat(h).contains("/smuggled"));
            assertThat(backend.heads()).filteredOn(h -> !h.startsWith("GET /after")).hasSizeLessThanOrEqualTo(1);
        }
    }

    /** What the proxy writes after the first response until it closes the connection (or goes quiet). */
    private static String readWhatFollows(InputStream in) throws IOException {
        ByteArrayOutputStream rest = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        try {
            for (int n = in.read(buffer); n != -1; n = in.read(buffer)) {
                rest.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException | SocketException quietOrReset) {
            // no more bytes
        }
        return rest.toString(StandardCharsets.ISO_8859_1);
    }

    private static byte[] readUntilEof(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n = in.read(buffer); n != -1; n = in.read(buffer)) {
                all.write(buffer, 0, n);
            }
        } catch (SocketException reset) {
            // a reset also ends the response
        }
        return all.toByteArray();
    }

    static void assertPlainError(RawHttp.Response response, int status, int backendPort) {
        assertThat(response.status()).isEqualTo(status);
        assertThat(response.header("content-type")).as("content type").startsWith("text/plain");
        assertThat(response.body()).as("error body").hasSizeLessThan(200)
                .doesNotContain("127.0.0.1")
                .doesNotContain(":" + backendPort)
                .doesNotContain(String.valueOf(backendPort))
                .doesNotContainIgnoringCase("exception")
                .doesNotContain("\tat ")
                .doesNotContainIgnoringCase("localhost");
    }
}
