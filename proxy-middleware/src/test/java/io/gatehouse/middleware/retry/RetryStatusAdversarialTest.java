package io.gatehouse.middleware.retry;

import io.gatehouse.core.testing.RawHttp;
import io.gatehouse.middleware.testing.HostileConfig;
import io.gatehouse.middleware.testing.ProxiedMiddleware;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile configuration and traffic for {@code retry} with {@code status}, written from docs/middlewares/retry.md
 * and Traefik's retry reference only.
 */
@Timeout(60)
class RetryStatusAdversarialTest {

    // ---------------------------------------------------------------- configuration

    @Test
    void malformedStatusEntriesAreRejectedNamingTheEntry() {
        List<String> accepted = new java.util.ArrayList<>();
        for (String bad : List.of("abc", "600-700", "599-500", "", "99", "600", "500-", "-500", "500-599-600", "5e2",
                "0x1f4", "99999999999999999999", "500 - 599", "５０３", "503\r\nX-Injected: 1", "500,503")) {
            try {
                String message = HostileConfig.assertRejected("retry", "status",
                        "attempts: 3\nstatus: [" + HostileConfig.quoted(bad) + "]");
                assertThat(message).as("error for %s", bad).contains("status[0]");
            } catch (AssertionError e) {
                accepted.add(HostileConfig.quoted(bad) + ": " + e.getMessage().lines().findFirst().orElse(""));
            }
        }
        assertThat(accepted).as("status entries not rejected as documented").isEmpty();
    }

    @Test
    void theBadEntryIsNamedByItsIndexInALongList() {
        String list = IntStream.range(0, 5000).mapToObj(i -> "\"503\"").collect(Collectors.joining(", "));
        String message = HostileConfig.assertRejected("retry", "status",
                "attempts: 3\nstatus: [" + list + ", \"599-500\"]");
        assertThat(message).contains("status[5000]").contains("599-500");
    }

    @Test
    void nullAndNonStringStatusEntriesAreRejected() {
        HostileConfig.assertRejected("retry", "status", "attempts: 3\nstatus: [~]");
        HostileConfig.assertRejected("retry", "status", "attempts: 3\nstatus: [{a: b}]");
        HostileConfig.assertRejected("retry", "status", "attempts: 3\nstatus: [[500]]");
        HostileConfig.assertRejected("retry", "status", "attempts: 3\nstatus: {a: 500}");
    }

    @Test
    void attemptsOutOfRangeAreRejected() {
        for (String bad : List.of("0", "-1", "abc", "2147483648", "99999999999999999999", "1.5", "~", "\"\"", "[3]")) {
            HostileConfig.assertRejected("retry", "attempts", "attempts: " + bad + "\nstatus: [\"503\"]");
        }
    }

    @Test
    void badDurationsAndBodyLimitsAreRejected() {
        HostileConfig.assertRejected("retry", "initialInterval", "attempts: 3\ninitialInterval: -1ms\nstatus: [\"503\"]");
        HostileConfig.assertRejected("retry", "initialInterval", "attempts: 3\ninitialInterval: soon\nstatus: [\"503\"]");
        HostileConfig.assertRejected("retry", "timeout", "attempts: 3\ntimeout: -5s\nstatus: [\"503\"]");
        HostileConfig.assertRejected("retry", "timeout", "attempts: 3\ntimeout: 99999999999999999999h\nstatus: [\"503\"]");
        HostileConfig.assertRejected("retry", "maxRequestBodyBytes", "attempts: 3\nmaxRequestBodyBytes: lots\nstatus: [\"503\"]");
        HostileConfig.assertRejected("retry", "maxRequestBodyBytes",
                "attempts: 3\nmaxRequestBodyBytes: 99999999999999999999\nstatus: [\"503\"]");
        HostileConfig.assertRejected("retry", "retryNonIdempotentMethod",
                "attempts: 3\nretryNonIdempotentMethod: perhaps\nstatus: [\"503\"]");
    }

    @Test
    void disablingNetworkRetriesWithoutStatusIsRejected() {
        HostileConfig.assertRejected("retry", "", "attempts: 3\ndisableRetryOnNetworkError: true");
        HostileConfig.assertRejected("retry", "", "attempts: 3\ndisableRetryOnNetworkError: true\nstatus: []");
    }

    @Test
    void unknownOptionsAreRejected() {
        HostileConfig.assertRejected("retry", "statuses", "attempts: 3\nstatuses: [\"503\"]");
    }

    @Test
    void theCodeApiRejectsABadRangeWithACheckedOrArgumentError() {
        // the javadoc of RetryConfig documents IllegalArgumentException for bad values given in code
        for (String bad : List.of("599-500", "abc", "")) {
            try {
                Retry.of(RetryConfig.of(2).withStatus(bad));
                throw new AssertionError("accepted status " + bad);
            } catch (IllegalArgumentException expected) {
                assertThat(expected.getMessage()).contains(bad.isEmpty() ? "status" : bad);
            }
        }
    }

    // ---------------------------------------------------------------- traffic

    /** A backend answering 503 until the given try, then 200; every try's body and method recorded. */
    private static final class Counting implements HttpHandler {
        final AtomicInteger hits = new AtomicInteger();
        final Queue<byte[]> bodies = new ConcurrentLinkedQueue<>();
        final IntFunction<Integer> statusForTry;

        Counting(IntFunction<Integer> statusForTry) {
            this.statusForTry = statusForTry;
        }

        @Override
        public void handleRequest(HttpServerExchange exchange) throws Exception {
            if (exchange.isInIoThread()) {
                exchange.dispatch(this);
                return;
            }
            exchange.startBlocking();
            bodies.add(exchange.getInputStream().readAllBytes());
            int n = hits.incrementAndGet();
            exchange.setStatusCode(statusForTry.apply(n));
            exchange.getResponseSender().send("try " + n);
        }
    }

    private static Retry retry(int attempts, String... status) {
        return Retry.of(RetryConfig.of(attempts).withStatus(status));
    }

    private static HttpResponse<String> send(ProxiedMiddleware proxy, String method, byte[] body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxy.port() + "/r"))
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void alwaysFailingBackendIsTriedExactlyAttemptsTimesAndTheLastAnswerIsRelayed() throws Exception {
        Counting backend = new Counting(n -> 503);
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(retry(3, "503"), backend)) {
            HttpResponse<String> response = proxy.get("/r");
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.body()).isEqualTo("try 3");
            assertThat(backend.hits).hasValue(3);
        }
    }

    @Test
    void oneAttemptNeverRetries() throws Exception {
        Counting backend = new Counting(n -> 503);
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(retry(1, "500-599"), backend)) {
            assertThat(proxy.get("/r").statusCode()).isEqualTo(503);
            assertThat(backend.hits).hasValue(1);
        }
    }

    @Test
    void overlappingRangesRetryOnceEachTryNotOncePerMatchingRange() throws Exception {
        Counting backend = new Counting(n -> 503);
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(retry(2, "500-599", "503", "503", "502-504", "100-599"), backend)) {
            assertThat(proxy.get("/r").statusCode()).isEqualTo(503);
            assertThat(backend.hits).hasValue(2);
        }
    }

    @Test
    void hugeAttemptsStopAtTheFirstGoodAnswer() throws Exception {
        Counting backend = new Counting(n -> n < 4 ? 503 : 200);
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(retry(Integer.MAX_VALUE, "503"), backend)) {
            HttpResponse<String> response = proxy.get("/r");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("try 4");
            assertThat(backend.hits).hasValue(4);
        }
    }

    @Test
    void zeroTimeoutMeansNoLimit() throws Exception {
        Counting backend = new Counting(n -> 503);
        Retry retry = Retry.of(RetryConfig.of(3).withStatus("503").withTimeout(Duration.ZERO));
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(retry, backend)) {
            assertThat(proxy.get("/r").statusCode()).isEqualTo(503);
            assertThat(backend.hits).hasValue(3);
        }
    }

    @Test
    void aStatusNotListedIsRelayedAtOnce() throws Exception {
        Counting backend = new Counting(n -> 504);
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(retry(5, "500-503", "505-599"), backend)) {
            assertThat(proxy.get("/r").statusCode()).isEqualTo(504);
            assertThat(backend.hits).hasValue(1);
        }
    }

    @Test
    void a503WithAnEndless100MegabyteBodyIsAbandonedAndRetried() throws Exception {
        AtomicInteger hits = new AtomicInteger();
        AtomicLong streamed = new AtomicLong();
        CountDownLatch streamStopped = new CountDownLatch(1);
        HttpHandler backend = exchange -> {
            if (exchange.isInIoThread()) {
                exchange.dispatch(exchangeHandler(hits, streamed, streamStopped));
                return;
            }
        };
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(retry(2, "503"), backend)) {
            HttpResponse<String> response = proxy.get("/r");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("second");
            assertThat(hits).hasValue(2);
            // the first try's connection was closed: the stream broke off well before 100 MB
            assertThat(streamStopped.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(streamed.get()).isLessThan(100L * 1024 * 1024);
        }
    }

    private static HttpHandler exchangeHandler(AtomicInteger hits, AtomicLong streamed, CountDownLatch streamStopped) {
        return exchange -> {
            exchange.startBlocking();
            if (hits.incrementAndGet() == 1) {
                exchange.setStatusCode(503);
                exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, 100L * 1024 * 1024);
                byte[] chunk = new byte[64 * 1024];
                try (OutputStream out = exchange.getOutputStream()) {
                    for (long sent = 0; sent < 100L * 1024 * 1024; sent += chunk.length) {
                        out.write(chunk);
                        out.flush();
                        streamed.addAndGet(chunk.length);
                    }
                } catch (IOException broken) {
                    // expected: the proxy closed this connection
                } finally {
                    streamStopped.countDown();
                }
            } else {
                exchange.getResponseSender().send("second");
            }
        };
    }

    @Test
    void a503WhoseConnectionResetsMidBodyIsStillRetried() throws Exception {
        AtomicInteger hits = new AtomicInteger();
        HttpHandler backend = new HttpHandler() {
            @Override
            public void handleRequest(HttpServerExchange exchange) throws Exception {
                if (exchange.isInIoThread()) {
                    exchange.dispatch(this);
                    return;
                }
                exchange.startBlocking();
                if (hits.incrementAndGet() == 1) {
                    exchange.setStatusCode(503);
                    exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, 100_000);
                    exchange.getOutputStream().write(new byte[10]);
                    exchange.getOutputStream().flush();
                    exchange.getConnection().close();
                } else {
                    exchange.getResponseSender().send("ok");
                }
            }
        };
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(retry(2, "503"), backend)) {
            HttpResponse<String> response = proxy.get("/r");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("ok");
            assertThat(hits).hasValue(2);
        }
    }

    @Test
    void aBodyExactlyAtTheLimitIsReplayedWholeOnEveryTry() throws Exception {
        Counting backend = new Counting(n -> 503);
        byte[] body = pattern(1000);
        Retry retry = Retry.of(RetryConfig.of(3).withStatus("503").withMaxRequestBodyBytes(1000));
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(retry, backend)) {
            assertThat(send(proxy, "PUT", body).statusCode()).isEqualTo(503);
            assertThat(backend.hits).hasValue(3);
            assertThat(backend.bodies).hasSize(3).allSatisfy(b -> assertThat(b).isEqualTo(body));
        }
    }

    @Test
    void aBodyOneByteOverTheLimitIsForwardedOnceAndItsAnswerRelayed() throws Exception {
        Counting backend = new Counting(n -> 503);
        byte[] body = pattern(1001);
        Retry retry = Retry.of(RetryConfig.of(3).withStatus("503").withMaxRequestBodyBytes(1000));
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(retry, backend)) {
            HttpResponse<String> response = send(proxy, "PUT", body);
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.body()).isEqualTo("try 1");
            assertThat(backend.hits).hasValue(1);
            assertThat(backend.bodies.peek()).isEqualTo(body);
        }
    }

    @Test
    void aChunkedBodyThatOutgrowsTheLimitIsForwardedOnceAndWhole() throws Exception {
        Counting backend = new Counting(n -> 503);
        Retry retry = Retry.of(RetryConfig.of(3).withStatus("503").withMaxRequestBodyBytes(1000));
        String chunk = "x".repeat(999);
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(retry, backend)) {
            RawHttp.Response response = proxy.raw("PUT /r HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n"
                    + "Connection: close\r\n\r\n"
                    + "3e7\r\n" + chunk + "\r\n3e7\r\n" + chunk + "\r\n3e7\r\n" + chunk + "\r\n0\r\n\r\n");
            assertThat(response.status()).isEqualTo(503);
            assertThat(response.body()).isEqualTo("try 1");
            assertThat(backend.hits).hasValue(1);
            assertThat(new String(backend.bodies.peek(), StandardCharsets.UTF_8)).isEqualTo(chunk.repeat(3));
        }
    }

    @Test
    void aZeroByteLimitStillRetriesAnEmptyBody() throws Exception {
        Counting backend = new Counting(n -> n < 2 ? 503 : 200);
        Retry retry = Retry.of(RetryConfig.of(3).withStatus("503").withMaxRequestBodyBytes(0));
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(retry, backend)) {
            assertThat(proxy.get("/r").statusCode()).isEqualTo(200);
            assertThat(backend.hits).hasValue(2);
        }
    }

    @Test
    void aChunkedBodyWithTrailersIsReplayedWhole() throws Exception {
        Counting backend = new Counting(n -> n < 3 ? 503 : 200);
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(retry(3, "503"), backend)) {
            RawHttp.Response response = proxy.raw("PUT /r HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n"
                    + "Trailer: X-Checksum\r\nConnection: close\r\n\r\n"
                    + "5\r\nhello\r\n6\r\n world\r\n0\r\nX-Checksum: 42\r\n\r\n");
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("try 3");
            assertThat(backend.bodies).hasSize(3)
                    .allSatisfy(b -> assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo("hello world"));
        }
    }

    @Test
    void expectContinueBodiesAreReplayed() throws Exception {
        Counting backend = new Counting(n -> n < 2 ? 503 : 200);
        byte[] body = pattern(5000);
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(retry(3, "503"), backend)) {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxy.port() + "/r"))
                    .expectContinue(true).PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                    .send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(backend.hits).hasValue(2);
            assertThat(backend.bodies).allSatisfy(b -> assertThat(b).isEqualTo(body));
        }
    }

    @Test
    void aClientWaitingFor100ContinueIsAnswered() throws Exception {
        Counting backend = new Counting(n -> n < 2 ? 503 : 200);
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(retry(3, "503"), backend);
             Socket socket = new Socket("127.0.0.1", proxy.port())) {
            // RFC 9110 10.1.1: the server sends 100 (Continue) or a final status; a client like the JDK's waits for it
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(("PUT /r HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\n"
                    + "Content-Length: 11\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            byte[] first = new byte[12];
            int read = socket.getInputStream().readNBytes(first, 0, 12);
            assertThat(new String(first, 0, read, StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 1");
            socket.getOutputStream().write("hello world".getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            String rest = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(rest).contains("HTTP/1.1 200");
            assertThat(backend.bodies).allSatisfy(b -> assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo("hello world"));
        }
    }

    @Test
    void aClientWaitingFor100ContinueIsAnsweredWhenOnlyNetworkErrorsAreRetried() throws Exception {
        Counting backend = new Counting(n -> 200);
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(Retry.of(3), backend);
             Socket socket = new Socket("127.0.0.1", proxy.port())) {
            // the same without status: no body is held for retries
            // RFC 9110 10.1.1: the server sends 100 (Continue) or a final status; a client like the JDK's waits for it
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(("PUT /r HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\n"
                    + "Content-Length: 11\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            byte[] first = new byte[12];
            int read = socket.getInputStream().readNBytes(first, 0, 12);
            assertThat(new String(first, 0, read, StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 1");
            socket.getOutputStream().write("hello world".getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            String rest = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(rest).contains("HTTP/1.1 200");
            assertThat(backend.bodies).allSatisfy(b -> assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo("hello world"));
        }
    }

    @Test
    void anExpectContinueBodySentWithoutWaitingIsReplayed() throws Exception {
        Counting backend = new Counting(n -> n < 2 ? 503 : 200);
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(retry(3, "503"), backend)) {
            // RFC 9110 10.1.1: a client may send the body without waiting for 100 Continue
            String all;
            try (Socket socket = new Socket("127.0.0.1", proxy.port())) {
                socket.setSoTimeout(30_000);
                socket.getOutputStream().write(("PUT /r HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\n"
                        + "Content-Length: 11\r\nConnection: close\r\n\r\nhello world").getBytes(StandardCharsets.ISO_8859_1));
                socket.getOutputStream().flush();
                all = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            }
            // an optional 100 Continue, then the final answer
            assertThat(all.replaceFirst("^HTTP/1.1 100 Continue\r\n(?:[^\r]*\r\n)*?\r\n", "")).startsWith("HTTP/1.1 200");
            assertThat(backend.hits).hasValue(2);
            assertThat(backend.bodies).allSatisfy(b -> assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo("hello world"));
        }
    }

    @Test
    void headIsRetriedAndRelayedWithoutABody() throws Exception {
        Counting backend = new Counting(n -> 503);
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(retry(3, "503"), backend)) {
            HttpResponse<String> response = proxy.send("HEAD", "/r");
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.body()).isEmpty();
            assertThat(backend.hits).hasValue(3);
        }
    }

    @Test
    void postIsNotRetriedOnStatusWithoutRetryNonIdempotentMethod() throws Exception {
        for (String method : List.of("POST", "PATCH", "LOCK")) {
            Counting backend = new Counting(n -> 503);
            try (ProxiedMiddleware proxy = ProxiedMiddleware.start(retry(3, "503"), backend)) {
                assertThat(send(proxy, method, pattern(10)).statusCode()).isEqualTo(503);
                assertThat(backend.hits).as(method).hasValue(1);
            }
        }
    }

    @Test
    void webSocketUpgradesAreNeverRetriedOnStatus() throws Exception {
        Counting backend = new Counting(n -> 503);
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(retry(3, "503"), backend)) {
            RawHttp.Response response = proxy.raw("GET /ws HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
            assertThat(response.status()).isEqualTo(503);
            assertThat(backend.hits).hasValue(1);
        }
    }

    @Test
    void aClientThatLeavesDuringTheRetryWaitStopsTheRetries() throws Exception {
        Counting backend = new Counting(n -> 503);
        Retry retry = Retry.of(RetryConfig.of(6).withStatus("503").withInitialInterval(Duration.ofMillis(500)));
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(retry, backend)) {
            try (Socket socket = new Socket("127.0.0.1", proxy.port())) {
                socket.getOutputStream().write("GET /r HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                socket.getOutputStream().flush();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (backend.hits.get() < 1 && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                assertThat(backend.hits).hasValue(1);
            } // the client is gone, during the first wait (>= 250 ms)
            // all five waits would be over within 5 s (each at most 1.5 x twice the initial interval)
            Thread.sleep(6000);
            // Traefik's retry stops once the request's context is cancelled; at most the try already started runs
            assertThat(backend.hits.get()).isLessThanOrEqualTo(2);
            // and the proxy still serves
            assertThat(proxy.get("/r").statusCode()).isEqualTo(503);
        }
    }

    @Test
    void manyConcurrentRetriedRequestsAllComplete() throws Exception {
        java.util.Map<String, AtomicInteger> perPath = new java.util.concurrent.ConcurrentHashMap<>();
        Queue<byte[]> bodies = new ConcurrentLinkedQueue<>();
        HttpHandler backend = new HttpHandler() {
            @Override
            public void handleRequest(HttpServerExchange exchange) throws Exception {
                if (exchange.isInIoThread()) {
                    exchange.dispatch(this);
                    return;
                }
                exchange.startBlocking();
                bodies.add(exchange.getInputStream().readAllBytes());
                int n = perPath.computeIfAbsent(exchange.getRequestPath(), k -> new AtomicInteger()).incrementAndGet();
                exchange.setStatusCode(n == 1 ? 503 : 200);
                exchange.getResponseSender().send("try " + n);
            }
        };
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(retry(10, "503"), backend)) {
            HttpClient client = HttpClient.newHttpClient();
            List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> all = IntStream.range(0, 40)
                    .mapToObj(i -> client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxy.port() + "/r" + i))
                            .PUT(HttpRequest.BodyPublishers.ofByteArray(pattern(3000))).build(), HttpResponse.BodyHandlers.ofString()))
                    .toList();
            for (var f : all) {
                HttpResponse<String> response = f.get(30, TimeUnit.SECONDS);
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body()).isEqualTo("try 2");
            }
            assertThat(bodies).hasSize(80).allSatisfy(b -> assertThat(b).isEqualTo(pattern(3000)));
        }
    }

    static byte[] pattern(int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        return b;
    }

}
