package io.gatehouse.middleware.retry;

import io.gatehouse.core.middleware.Middleware;
import io.gatehouse.middleware.compress.Compress;
import io.gatehouse.middleware.headers.Headers;
import io.gatehouse.middleware.headers.HeadersConfig;
import io.gatehouse.middleware.testing.ProxyFixture;
import io.gatehouse.middleware.testing.TrafficTestProxy;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.BlockingHandler;
import io.undertow.util.HttpString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** retry.status through a real Gatehouse in front of real Undertow servers. */
@Timeout(60)
class RetryStatusTest {

    private final AtomicInteger hits = new AtomicInteger();
    private final List<byte[]> bodies = new CopyOnWriteArrayList<>();
    private final List<Undertow> servers = new ArrayList<>();

    @AfterEach
    void stop() {
        servers.forEach(Undertow::stop);
    }

    /** Answers 503 to the first {@code failures} requests (with the try's number), then 200; keeps every body. */
    private HttpHandler failingFirst(int failures) {
        return blocking(exchange -> {
            int hit = hits.incrementAndGet();
            byte[] body = exchange.getInputStream().readAllBytes();
            bodies.add(body);
            int status = hit <= failures ? 503 : 200;
            exchange.setStatusCode(status);
            exchange.getResponseHeaders().put(new HttpString("X-Try"), hit);
            exchange.getResponseHeaders().put(new HttpString("Content-Type"), "text/plain");
            exchange.getOutputStream().write((status + " try " + hit + " got " + body.length + " bytes\n"
                    + "x".repeat(2000)).getBytes(StandardCharsets.UTF_8));
        });
    }

    private static HttpHandler blocking(HttpHandler handler) {
        return new BlockingHandler(handler);
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        new Random(n).nextBytes(bytes);
        return bytes;
    }

    private static HttpResponse<String> send(TrafficTestProxy proxy, String method, byte[] body) throws Exception {
        return proxy.client().send(HttpRequest.newBuilder(proxy.uri("/")).method(method,
                HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aGetAnswered503TwiceThen200GetsThe200() throws Exception {
        try (TrafficTestProxy proxy = TrafficTestProxy.start(Retry.of(RetryConfig.of(3).withStatus("500-599")), failingFirst(2))) {
            HttpResponse<String> response = proxy.get("/");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("X-Try")).hasValue("3");
            assertThat(response.body()).startsWith("200 try 3");
            assertThat(hits.get()).isEqualTo(3);
        }
    }

    @Test
    void aPostBodyIsReplayedByteExactWithRetryNonIdempotentMethod() throws Exception {
        byte[] body = randomBytes(300_000);
        Retry retry = Retry.of(RetryConfig.of(3).withStatus("503").withRetryNonIdempotentMethod(true)
                .withInitialInterval(Duration.ofMillis(5)));
        try (TrafficTestProxy proxy = TrafficTestProxy.start(retry, failingFirst(2))) {
            HttpResponse<String> response = send(proxy, "POST", body);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).startsWith("200 try 3 got 300000 bytes");
            assertThat(bodies).hasSize(3).allSatisfy(received -> assertThat(received).isEqualTo(body));
        }
    }

    @Test
    void aPutBodyIsReplayedByDefault() throws Exception {
        byte[] body = "idempotent update".getBytes(StandardCharsets.UTF_8);
        try (TrafficTestProxy proxy = TrafficTestProxy.start(Retry.of(RetryConfig.of(4).withStatus("502-504")), failingFirst(3))) {
            HttpResponse<String> response = send(proxy, "PUT", body);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(bodies).hasSize(4).allSatisfy(received -> assertThat(received).isEqualTo(body));
        }
    }

    @Test
    void aPostIsNotRetriedOnStatusWithoutRetryNonIdempotentMethod() throws Exception {
        try (TrafficTestProxy proxy = TrafficTestProxy.start(Retry.of(RetryConfig.of(3).withStatus("500-599")), failingFirst(2))) {
            HttpResponse<String> response = send(proxy, "POST", "once".getBytes(StandardCharsets.UTF_8));
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(hits.get()).isEqualTo(1);
        }
    }

    @Test
    void aBodyLargerThanMaxRequestBodyBytesIsForwardedOnceAndItsResponseRelayed() throws Exception {
        byte[] body = randomBytes(200_000);
        Retry retry = Retry.of(RetryConfig.of(3).withStatus("500-599").withMaxRequestBodyBytes(100_000));
        try (TrafficTestProxy proxy = TrafficTestProxy.start(retry, failingFirst(2))) {
            HttpResponse<String> response = send(proxy, "PUT", body);
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(hits.get()).isEqualTo(1);
            assertThat(bodies.get(0)).isEqualTo(body);
            // a chunked body (no Content-Length) found too large while reading streams on just the same
            HttpResponse<String> chunked = proxy.client().send(HttpRequest.newBuilder(proxy.uri("/")).PUT(
                    HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(chunked.statusCode()).isEqualTo(503);
            assertThat(hits.get()).isEqualTo(2);
            assertThat(bodies.get(1)).isEqualTo(body);
        }
    }

    @Test
    void aBodyWithinTheLimitIsReplayed() throws Exception {
        byte[] body = randomBytes(100_000);
        Retry retry = Retry.of(RetryConfig.of(3).withStatus("500-599").withMaxRequestBodyBytes(100_000));
        try (TrafficTestProxy proxy = TrafficTestProxy.start(retry, failingFirst(1))) {
            HttpResponse<String> chunked = proxy.client().send(HttpRequest.newBuilder(proxy.uri("/")).PUT(
                    HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(chunked.statusCode()).isEqualTo(200);
            assertThat(bodies).hasSize(2).allSatisfy(received -> assertThat(received).isEqualTo(body));
        }
    }

    @Test
    void whenEveryTryFailsTheLastResponseIsRelayedIntact() throws Exception {
        try (TrafficTestProxy proxy = TrafficTestProxy.start(Retry.of(RetryConfig.of(3).withStatus("503")), failingFirst(100))) {
            HttpResponse<String> response = proxy.get("/");
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.headers().firstValue("X-Try")).hasValue("3");
            assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain");
            assertThat(response.body()).isEqualTo("503 try 3 got 0 bytes\n" + "x".repeat(2000));
            assertThat(hits.get()).isEqualTo(3);
        }
    }

    @Test
    void otherStatusesAreRelayedAtOnce() throws Exception {
        try (TrafficTestProxy proxy = TrafficTestProxy.start(Retry.of(RetryConfig.of(3).withStatus("500", "502-504")),
                exchange -> {
                    hits.incrementAndGet();
                    exchange.setStatusCode(501);
                    exchange.getResponseSender().send("not implemented");
                })) {
            HttpResponse<String> response = proxy.get("/");
            assertThat(response.statusCode()).isEqualTo(501);
            assertThat(response.body()).isEqualTo("not implemented");
            assertThat(hits.get()).isEqualTo(1);
        }
    }

    @Test
    void connectionsOfDiscardedResponsesAreNotReusedBroken() throws Exception {
        // every other request fails once; the discarded responses carry bodies the proxy never read
        AtomicInteger served = new AtomicInteger();
        HttpHandler flaky = blocking(exchange -> {
            int n = served.incrementAndGet();
            exchange.getInputStream().readAllBytes();
            boolean fail = n % 2 == 1;
            exchange.setStatusCode(fail ? 500 : 200);
            exchange.getOutputStream().write((fail ? "broken " : "ok " + exchange.getQueryString() + " ")
                    .concat("y".repeat(50_000)).getBytes(StandardCharsets.UTF_8));
        });
        try (TrafficTestProxy proxy = TrafficTestProxy.start(Retry.of(RetryConfig.of(2).withStatus("500")), flaky)) {
            for (int i = 0; i < 20; i++) {
                HttpResponse<String> response = proxy.get("/?n=" + i);
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body()).isEqualTo("ok n=" + i + " " + "y".repeat(50_000));
            }
            assertThat(served.get()).isEqualTo(40);
            byte[] body = randomBytes(20_000);
            for (int i = 0; i < 5; i++) {
                HttpResponse<String> response = send(proxy, "PUT", body);
                assertThat(response.statusCode()).isEqualTo(200);
            }
        }
    }

    @Test
    void aSlowStreamingVetoedResponseDoesNotStallTheRetry() throws Exception {
        AtomicInteger served = new AtomicInteger();
        HttpHandler slow = blocking(exchange -> {
            if (served.incrementAndGet() == 1) {
                exchange.setStatusCode(503);
                OutputStream out = exchange.getOutputStream();
                for (int i = 0; i < 600; i++) { // a minute of chunks, unless the proxy hangs up
                    out.write("still failing\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    Thread.sleep(100);
                }
                return;
            }
            exchange.getResponseSender().send("recovered");
        });
        try (TrafficTestProxy proxy = TrafficTestProxy.start(Retry.of(RetryConfig.of(2).withStatus("503")), slow)) {
            assertTimeoutPreemptively(() -> {
                HttpResponse<String> response = proxy.get("/");
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body()).isEqualTo("recovered");
            });
        }
    }

    private static void assertTimeoutPreemptively(org.junit.jupiter.api.function.Executable check) {
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(30), check,
                "the retry waited for the discarded response's body");
    }

    @Test
    void statusRetriesAndNetworkRetriesShareTheAttempts() throws Exception {
        Undertow live = Undertow.builder().setIoThreads(1).setWorkerThreads(2)
                .addHttpListener(0, "127.0.0.1", failingFirst(1)).build();
        live.start();
        servers.add(live);
        String liveUrl = "http://127.0.0.1:" + ((InetSocketAddress) live.getListenerInfo().get(0).getAddress()).getPort();
        try (TrafficTestProxy proxy = TrafficTestProxy.startWithServers(
                Retry.of(RetryConfig.of(6).withStatus("503")), dead(), dead(), liveUrl)) {
            for (int i = 0; i < 6; i++) {
                assertThat(proxy.get("/").statusCode()).isEqualTo(200);
            }
        }
    }

    @Test
    void disableRetryOnNetworkErrorLeavesUnreachableServersFailing() throws Exception {
        try (TrafficTestProxy proxy = TrafficTestProxy.startWithServers(
                Retry.of(RetryConfig.of(3).withStatus("503").withDisableRetryOnNetworkError(true)), dead(), dead())) {
            assertThat(proxy.get("/").statusCode()).isEqualTo(502);
        }
    }

    @Test
    void statusRetriesStopAtTheTimeout() throws Exception {
        Retry retry = Retry.of(RetryConfig.of(1_000_000).withStatus("503").withInitialInterval(Duration.ofMillis(20))
                .withTimeout(Duration.ofMillis(300)));
        try (TrafficTestProxy proxy = TrafficTestProxy.start(retry, failingFirst(Integer.MAX_VALUE))) {
            HttpResponse<String> response = proxy.get("/");
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(hits.get()).isGreaterThan(1).isLessThan(1_000_000);
        }
    }

    @Test
    void worksInAChainWithCompressAndHeaders() throws Exception {
        Compress compress = Compress.of();
        Headers headers = Headers.of(HeadersConfig.builder().customResponseHeader("X-Chain", "yes").build());
        Retry retry = Retry.of(RetryConfig.of(3).withStatus("503"));
        for (Middleware chain : List.<Middleware>of(
                next -> headers.wrap(compress.wrap(retry.wrap(next))),
                next -> retry.wrap(compress.wrap(headers.wrap(next))))) {
            hits.set(0);
            try (TrafficTestProxy proxy = TrafficTestProxy.start(chain, failingFirst(2))) {
                HttpResponse<InputStream> response = proxy.client().send(HttpRequest.newBuilder(proxy.uri("/"))
                        .header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofInputStream());
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.headers().allValues("X-Chain")).containsExactly("yes");
                assertThat(response.headers().allValues("Content-Encoding")).containsExactly("gzip");
                ByteArrayOutputStream plain = new ByteArrayOutputStream();
                try (InputStream in = new GZIPInputStream(response.body())) {
                    in.transferTo(plain);
                }
                assertThat(plain.toString(StandardCharsets.UTF_8)).isEqualTo("200 try 3 got 0 bytes\n" + "x".repeat(2000));
            }
        }
    }

    @Test
    void overHttp2OnlyTheVetoedStreamIsDropped() throws Exception {
        AtomicInteger served = new AtomicInteger();
        HttpHandler flaky = blocking(exchange -> {
            int n = served.incrementAndGet();
            byte[] body = exchange.getInputStream().readAllBytes();
            boolean fail = n % 2 == 1;
            exchange.setStatusCode(fail ? 503 : 200);
            exchange.getOutputStream().write(((fail ? "broken " : "ok ") + body.length + " " + "z".repeat(30_000))
                    .getBytes(StandardCharsets.UTF_8));
        });
        byte[] body = randomBytes(40_000);
        try (ProxyFixture proxy = ProxyFixture.startH2c(Retry.of(RetryConfig.of(2).withStatus("503")), flaky)) {
            for (int i = 0; i < 10; i++) {
                HttpResponse<String> response = proxy.send(proxy.request("/").PUT(HttpRequest.BodyPublishers.ofByteArray(body)));
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body()).isEqualTo("ok 40000 " + "z".repeat(30_000));
            }
            assertThat(served.get()).isEqualTo(20);
        }
    }

    private static String dead() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }
    }
}
