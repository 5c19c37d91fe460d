package io.gatehouse.core.service;

import io.gatehouse.core.config.ForwardingTimeouts;
import io.gatehouse.core.config.ServersTransportConfig;
import io.gatehouse.core.testing.EchoHandler;
import io.gatehouse.core.testing.TestProxy;
import io.gatehouse.core.testing.TestServer;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.BlockingHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.gatehouse.core.testing.EchoHandler.field;
import static org.assertj.core.api.Assertions.assertThat;

/** Retries inside the service: another server each time, never the same one twice, never a hung request twice. */
@Timeout(120)
class ServiceRetriesTest {

    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    static HttpResponse<String> send(String url, String method) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(url)).method(method,
                method.equals("GET") ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString("data")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static ServersTransportConfig responseHeaderTimeout(Duration timeout) {
        return new ServersTransportConfig(null, false, List.of(), List.of(), 200,
                new ForwardingTimeouts(Duration.ofSeconds(5), timeout, Duration.ofSeconds(90)), false);
    }

    static HttpHandler counting(String name, AtomicInteger seen) {
        EchoHandler echo = new EchoHandler(name);
        return exchange -> {
            seen.incrementAndGet();
            echo.handleRequest(exchange);
        };
    }

    @Test
    void killingOneOfThreeBackendsUnderSteadyLoadFailsNoIdempotentRequest() throws Exception {
        AtomicInteger seenA = new AtomicInteger();
        AtomicInteger seenB = new AtomicInteger();
        AtomicInteger seenC = new AtomicInteger();
        TestServer a = TestServer.http(counting("a", seenA));
        TestServer b = TestServer.http(counting("b", seenB));
        TestServer c = TestServer.http(counting("c", seenC));
        try (a; c; TestProxy proxy = TestProxy.to(a.url(), b.url(), c.url())) {
            AtomicInteger ok = new AtomicInteger();
            Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
            AtomicInteger sent = new AtomicInteger();
            int total = 3000;
            List<Thread> clients = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                Thread client = new Thread(() -> {
                    while (sent.getAndIncrement() < total) {
                        try {
                            HttpResponse<String> response = send(proxy.url("/load"), "GET");
                            if (response.statusCode() == 200) {
                                ok.incrementAndGet();
                            } else {
                                failures.computeIfAbsent("status " + response.statusCode(), k -> new AtomicInteger()).incrementAndGet();
                            }
                        } catch (Exception e) {
                            failures.computeIfAbsent(e.toString(), k -> new AtomicInteger()).incrementAndGet();
                        }
                    }
                });
                clients.add(client);
                client.start();
            }
            while (sent.get() < total / 3) {
                Thread.sleep(5);
            }
            b.close(); // mid-run, with requests in flight and pooled connections to it
            int bAtStop = seenB.get();
            for (Thread client : clients) {
                client.join();
            }
            assertThat(failures).isEmpty();
            assertThat(ok.get()).isEqualTo(total);
            assertThat(bAtStop).isPositive();
            assertThat(seenB.get()).isEqualTo(bAtStop); // nothing reached it after it stopped
            assertThat(seenA.get() + seenC.get()).isGreaterThan(total - bAtStop - 1);
        }
    }

    @Test
    void aGetThatWasResetGoesToAnotherServer() throws Exception {
        AtomicInteger seen = new AtomicInteger();
        try (ResettingBackend resetting = new ResettingBackend(); TestServer good = TestServer.http(counting("good", seen));
             TestProxy proxy = TestProxy.to(resetting.url(), good.url())) {
            HttpResponse<String> response = send(proxy.url("/"), "GET"); // round robin starts with the first server
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(field(response.body(), "server")).isEqualTo("good");
            assertThat(resetting.requests()).isEqualTo(1);
            assertThat(seen.get()).isEqualTo(1);
        }
    }

    @Test
    void aPostThatReachedTheServerIsNeverSentAgain() throws Exception {
        AtomicInteger seen = new AtomicInteger();
        try (ResettingBackend resetting = new ResettingBackend(); TestServer good = TestServer.http(counting("good", seen));
             TestProxy proxy = TestProxy.to(resetting.url(), good.url())) {
            HttpResponse<String> response = send(proxy.url("/"), "POST");
            assertThat(response.statusCode()).isEqualTo(502);
            assertThat(response.body()).isEqualTo("Bad Gateway\n");
            assertThat(resetting.requests()).isEqualTo(1);
            assertThat(seen.get()).isZero();
        }
    }

    @Test
    void aPostWhoseConnectFailedGoesToAnotherServer() throws Exception {
        TestServer echoBody = TestServer.http(exchange -> exchange.getRequestReceiver().receiveFullString(
                (ex, body) -> ex.getResponseSender().send("got:" + body)));
        try (echoBody; TestProxy proxy = TestProxy.to("http://127.0.0.1:" + closedPort(), echoBody.url())) {
            HttpResponse<String> response = send(proxy.url("/"), "POST");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("got:data");
        }
    }

    @Test
    void everyServerIsTriedOnceAndOnlyOnce() throws Exception {
        try (ResettingBackend one = new ResettingBackend(); ResettingBackend two = new ResettingBackend();
             ResettingBackend three = new ResettingBackend(); TestProxy proxy = TestProxy.to(one.url(), two.url(), three.url())) {
            HttpResponse<String> response = send(proxy.url("/"), "GET");
            assertThat(response.statusCode()).isEqualTo(502);
            assertThat(List.of(one.requests(), two.requests(), three.requests())).containsExactly(1, 1, 1);
        }
    }

    @Test
    void aGetWhoseServerAnsweredBadlyIsNotResent() throws Exception {
        AtomicInteger badSeen = new AtomicInteger();
        AtomicInteger goodSeen = new AtomicInteger();
        try (ServerSocket bad = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             TestServer good = TestServer.http(counting("good", goodSeen))) {
            Thread server = new Thread(() -> {
                while (!bad.isClosed()) {
                    try (java.net.Socket connection = bad.accept()) {
                        if (HostileBackend.readHead(connection.getInputStream()) != null) {
                            badSeen.incrementAndGet();
                            HostileBackend.write(connection.getOutputStream(),
                                    "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!");
                        }
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            server.setDaemon(true);
            server.start();
            try (TestProxy proxy = TestProxy.to("http://127.0.0.1:" + bad.getLocalPort(), good.url())) {
                HttpResponse<String> response = send(proxy.url("/"), "GET");
                assertThat(response.statusCode()).isEqualTo(502);
                assertThat(badSeen.get()).isEqualTo(1);
                assertThat(goodSeen.get()).isZero();
            }
        }
    }

    @Test
    void aGetToAHangingServerGets504AndIsNeverResent() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger hungSeen = new AtomicInteger();
        AtomicInteger goodSeen = new AtomicInteger();
        TestServer hanging = TestServer.http(new BlockingHandler(exchange -> {
            hungSeen.incrementAndGet();
            release.await(30, TimeUnit.SECONDS);
            exchange.getResponseSender().send("late");
        }));
        TestServer good = TestServer.http(counting("good", goodSeen));
        try (hanging; good; TestProxy proxy = TestProxy.to(List.of(hanging.url(), good.url()),
                responseHeaderTimeout(Duration.ofMillis(300)))) {
            try {
                HttpResponse<String> response = send(proxy.url("/"), "GET");
                assertThat(response.statusCode()).isEqualTo(504);
                assertThat(response.body()).isEqualTo("Gateway Time-out\n");
                assertThat(hungSeen.get()).isEqualTo(1);
                assertThat(goodSeen.get()).isZero();
            } finally {
                release.countDown();
            }
        }
    }

    @Test
    void aSingleHangingServerIsAskedOnce() throws Exception {
        // Undertow's ProxyHandler alone resends a GET once after the timeout: the client would wait twice.
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger seen = new AtomicInteger();
        TestServer hanging = TestServer.http(new BlockingHandler(exchange -> {
            seen.incrementAndGet();
            release.await(30, TimeUnit.SECONDS);
        }));
        try (hanging; TestProxy proxy = TestProxy.to(List.of(hanging.url()), responseHeaderTimeout(Duration.ofMillis(300)))) {
            try {
                assertThat(send(proxy.url("/"), "GET").statusCode()).isEqualTo(504);
                assertThat(seen.get()).isEqualTo(1);
            } finally {
                release.countDown();
            }
        }
    }
}
