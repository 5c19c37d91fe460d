package io.gatehouse.core.service;

import io.gatehouse.core.config.ForwardingTimeouts;
import io.gatehouse.core.config.ServersTransportConfig;
import io.gatehouse.core.testing.EchoHandler;
import io.gatehouse.core.testing.TestProxy;
import io.gatehouse.core.testing.TestServer;
import io.undertow.server.handlers.BlockingHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class ProxyFailuresTest {

    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    static HttpResponse<String> send(String url, String method) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(url)).method(method,
                method.equals("GET") ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString("data")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static ServersTransportConfig timeouts(Duration dial, Duration responseHeader) {
        return new ServersTransportConfig(null, false, List.of(), List.of(), 200,
                new ForwardingTimeouts(dial, responseHeader, Duration.ofSeconds(90)), false);
    }

    static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void refusedConnectionIs502WithoutTheServersAddress() throws Exception {
        int port = closedPort();
        try (TestProxy proxy = TestProxy.to("http://127.0.0.1:" + port)) {
            for (String method : List.of("GET", "POST")) {
                HttpResponse<String> response = send(proxy.url("/"), method);
                assertThat(response.statusCode()).isEqualTo(502);
                assertThat(response.body()).isEqualTo("Bad Gateway\n").doesNotContain(String.valueOf(port));
                assertThat(response.headers().firstValue("content-type")).hasValue("text/plain; charset=utf-8");
            }
        }
    }

    @Test
    void aDownServerIsRetriedOnTheOtherOne() throws Exception {
        try (TestServer up = TestServer.http(new EchoHandler("up"));
             TestProxy proxy = TestProxy.to("http://127.0.0.1:" + closedPort(), up.url())) {
            for (int i = 0; i < 4; i++) {
                HttpResponse<String> response = send(proxy.url("/"), "GET");
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(EchoHandler.field(response.body(), "server")).isEqualTo("up");
            }
        }
    }

    @Test
    void resetAfterTheRequestIs502AndTheOnlyServerIsNotTriedTwice() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> resetEveryRequest(server, requests));
            acceptor.setDaemon(true);
            acceptor.start();
            try (TestProxy proxy = TestProxy.to("http://127.0.0.1:" + server.getLocalPort())) {
                HttpResponse<String> get = send(proxy.url("/"), "GET");
                assertThat(get.statusCode()).isEqualTo(502);
                assertThat(get.body()).isEqualTo("Bad Gateway\n");
                assertThat(requests.getAndSet(0)).isEqualTo(1); // a retry never goes back to the same server

                HttpResponse<String> post = send(proxy.url("/"), "POST");
                assertThat(post.statusCode()).isEqualTo(502);
                assertThat(requests.get()).isEqualTo(1);
            }
        }
    }

    private static void resetEveryRequest(ServerSocket server, AtomicInteger requests) {
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                InputStream in = socket.getInputStream();
                int matched = 0;
                while (matched < 4) { // read up to the end of the request head
                    int c = in.read();
                    if (c == -1) {
                        break;
                    }
                    matched = (c == '\r' || c == '\n') ? matched + 1 : 0;
                }
                if (matched == 4) {
                    requests.incrementAndGet();
                }
                socket.setSoLinger(true, 0); // RST
            } catch (IOException e) {
                return;
            }
        }
    }

    @Test
    void slowResponseHeadersAre504() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger seen = new AtomicInteger();
        TestServer slow = TestServer.http(new BlockingHandler(exchange -> {
            seen.incrementAndGet();
            release.await(30, TimeUnit.SECONDS);
            exchange.getResponseSender().send("late");
        }));
        try (slow; TestProxy proxy = TestProxy.to(List.of(slow.url()), timeouts(Duration.ofSeconds(5), Duration.ofMillis(300)))) {
            try {
                HttpResponse<String> response = send(proxy.url("/"), "POST");
                assertThat(response.statusCode()).isEqualTo(504);
                assertThat(response.body()).isEqualTo("Gateway Time-out\n");
                assertThat(seen.get()).isEqualTo(1);
            } finally {
                release.countDown(); // before the servers stop, which waits for the blocked handler
            }
        }
    }

    @Test
    void responseHeaderTimeoutStartsWhenTheRequestBodyHasBeenSent() throws Exception {
        // The client uploads slowly (a pause of three timeouts mid-body); the server answers once it has the body.
        TestServer echoBody = TestServer.http(exchange -> exchange.getRequestReceiver().receiveFullString(
                (ex, body) -> ex.getResponseSender().send("got:" + body)));
        try (echoBody; TestProxy proxy = TestProxy.to(List.of(echoBody.url()), timeouts(Duration.ofSeconds(5), Duration.ofMillis(300)));
             Socket socket = new Socket("127.0.0.1", proxy.port())) {
            socket.setSoTimeout(20_000);
            java.io.OutputStream out = socket.getOutputStream();
            out.write("POST /slow HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nhello".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            out.flush();
            Thread.sleep(900);
            out.write("world".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            out.flush();
            io.gatehouse.core.testing.RawHttp.Response response = io.gatehouse.core.testing.RawHttp.read(socket.getInputStream());
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("got:helloworld");
        }
    }

    @Test
    void responseHeaderTimeoutDoesNotCutALongBody() throws Exception {
        // headers at once, then the body slowly: the timeout is about the headers only
        CountDownLatch release = new CountDownLatch(1);
        TestServer streaming = TestServer.http(new BlockingHandler(exchange -> {
            exchange.getResponseHeaders().put(io.undertow.util.Headers.CONTENT_TYPE, "text/plain");
            exchange.getOutputStream().write("first,".getBytes());
            exchange.getOutputStream().flush();
            release.await(30, TimeUnit.SECONDS);
            exchange.getOutputStream().write("second".getBytes());
        }));
        try (streaming; TestProxy proxy = TestProxy.to(List.of(streaming.url()), timeouts(Duration.ofSeconds(5), Duration.ofMillis(200)))) {
            HttpResponse<InputStream> response = CLIENT.send(HttpRequest.newBuilder(URI.create(proxy.url("/"))).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).isEqualTo(200);
            InputStream body = response.body();
            assertThat(new String(body.readNBytes(6))).isEqualTo("first,");
            // the body is in flight well past the 200ms header timeout; wait for the next server read cycle
            Thread.sleep(600);
            release.countDown();
            assertThat(new String(body.readAllBytes())).isEqualTo("second");
        }
    }

    @Test
    void dialTimeoutIs504() throws Exception {
        // A local listener whose accept queue is full drops further SYNs: connecting hangs, never leaving the machine.
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Socket> fillers = new ArrayList<>();
            boolean saturated = false;
            for (int i = 0; i < 20 && !saturated; i++) {
                Socket socket = new Socket();
                try {
                    socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), full.getLocalPort()), 300);
                    fillers.add(socket);
                } catch (SocketTimeoutException e) {
                    saturated = true;
                    socket.close();
                }
            }
            assertThat(saturated).as("the accept queue filled up").isTrue();
            try (TestProxy proxy = TestProxy.to(List.of("http://127.0.0.1:" + full.getLocalPort()),
                    timeouts(Duration.ofMillis(300), Duration.ZERO))) {
                HttpResponse<String> response = send(proxy.url("/"), "GET");
                assertThat(response.statusCode()).isEqualTo(504);
                assertThat(response.body()).isEqualTo("Gateway Time-out\n");
            } finally {
                for (Socket socket : fillers) {
                    socket.close();
                }
            }
        }
    }
}
