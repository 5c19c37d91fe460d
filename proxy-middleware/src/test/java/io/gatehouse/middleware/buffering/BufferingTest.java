package io.gatehouse.middleware.buffering;

import io.gatehouse.core.config.ConfigException;
import io.gatehouse.core.middleware.Middleware;
import io.gatehouse.core.testing.RawHttp;
import io.gatehouse.middleware.testing.TrafficTestProxy;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(60)
class BufferingTest {

    private final List<Undertow> servers = new ArrayList<>();

    @AfterEach
    void stop() {
        servers.forEach(Undertow::stop);
    }

    /** Answers with the request body's length and its first and last characters. */
    private static final HttpHandler ECHO_BODY = exchange -> exchange.getRequestReceiver().receiveFullBytes((ex, body) ->
            ex.getResponseSender().send(body.length + (body.length == 0 ? "" : " " + (char) body[0] + (char) body[body.length - 1])));

    /** Answers with {@code ?n=} bytes, with a Content-Length unless {@code ?chunked}. */
    private static final HttpHandler SIZED = new HttpHandler() {
        @Override
        public void handleRequest(HttpServerExchange exchange) throws Exception {
            if (exchange.isInIoThread()) {
                exchange.dispatch(this);
                return;
            }
            int n = Integer.parseInt(exchange.getQueryParameters().get("n").getFirst());
            byte[] body = "z".repeat(n).getBytes(StandardCharsets.US_ASCII);
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
            exchange.getResponseHeaders().put(io.undertow.util.HttpString.tryFromString("X-Backend"), "yes");
            exchange.startBlocking();
            OutputStream out = exchange.getOutputStream();
            if (exchange.getQueryParameters().containsKey("chunked")) {
                for (int i = 0; i < n; i += 100) {
                    out.write(body, i, Math.min(100, n - i));
                    out.flush();
                }
            } else {
                exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, n);
                out.write(body);
            }
            out.close();
        }
    };

    private static HttpResponse<String> post(TrafficTestProxy proxy, byte[] body, boolean chunked) throws Exception {
        HttpRequest.BodyPublisher publisher = chunked
                ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))
                : HttpRequest.BodyPublishers.ofByteArray(body);
        return proxy.client().send(HttpRequest.newBuilder(proxy.uri("/")).POST(publisher).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] body(int n) {
        byte[] b = "b".repeat(n).getBytes(StandardCharsets.US_ASCII);
        b[0] = 'a';
        b[n - 1] = 'c';
        return b;
    }

    @Test
    void requestBodiesOverTheMaximumGet413() throws Exception {
        try (TrafficTestProxy proxy = TrafficTestProxy.start(Buffering.maxRequestBody(100), ECHO_BODY)) {
            assertThat(post(proxy, body(100), false).body()).isEqualTo("100 ac");
            assertThat(post(proxy, body(100), true).body()).isEqualTo("100 ac");
            HttpResponse<String> declared = post(proxy, body(101), false);
            assertThat(declared.statusCode()).isEqualTo(413);
            assertThat(declared.body()).isEqualTo("Request Entity Too Large\n");
            assertThat(post(proxy, body(5000), true).statusCode()).isEqualTo(413);
            assertThat(proxy.get("/").body()).isEqualTo("0");
        }
    }

    @Test
    void bodiesOverTheMemoryLimitStreamOnIntact() throws Exception {
        Buffering buffering = Buffering.of(BufferingConfig.DEFAULTS.withMemBytes(1024, 1024));
        try (TrafficTestProxy proxy = TrafficTestProxy.start(buffering, ECHO_BODY)) {
            assertThat(post(proxy, body(300_000), false).body()).isEqualTo("300000 ac");
            assertThat(post(proxy, body(300_000), true).body()).isEqualTo("300000 ac");
        }
    }

    @Test
    void aClientWaitingFor100ContinueIsAnsweredAndABodyRefusedUnreadIsNot() throws Exception {
        try (TrafficTestProxy proxy = TrafficTestProxy.start(Buffering.maxRequestBody(100), ECHO_BODY)) {
            try (Socket socket = new Socket("127.0.0.1", proxy.port())) {
                socket.setSoTimeout(20_000);
                OutputStream out = socket.getOutputStream();
                out.write("PUT / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 10\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                // RFC 9110 10.1.1: a client that waits for 100 Continue gets it once the body is wanted
                RawHttp.Response interim = RawHttp.read(socket.getInputStream());
                assertThat(interim.status()).isEqualTo(100);
                out.write("abcdefghij".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                RawHttp.Response response = RawHttp.read(socket.getInputStream());
                assertThat(response.status()).isEqualTo(200);
                assertThat(response.body()).isEqualTo("10 aj");
            }
            // over maxRequestBodyBytes by its Content-Length: 413 at once, no 100 Continue
            RawHttp.Response refused = RawHttp.exchange(proxy.port(), "PUT / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
                    + "Content-Length: 1000\r\n\r\n");
            assertThat(refused.status()).isEqualTo(413);
        }
    }

    @Test
    void aSlowBodyDoesNotHoldTheOnlyIoThread() throws Exception {
        try (TrafficTestProxy proxy = TrafficTestProxy.start(Buffering.maxRequestBody(1000), ECHO_BODY);
             Socket slow = new Socket("127.0.0.1", proxy.port())) {
            OutputStream out = slow.getOutputStream();
            out.write("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabcde".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // the proxy has one IO thread: another client is served while this body is incomplete
            assertThat(proxy.get("/").statusCode()).isEqualTo(200);
            out.write("fghij".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            RawHttp.Response response = RawHttp.read(slow.getInputStream());
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("10 aj");
        }
    }

    @Test
    void responsesOverTheMaximumBecome500() throws Exception {
        Buffering buffering = Buffering.of(BufferingConfig.DEFAULTS.withMaxResponseBodyBytes(1000));
        try (TrafficTestProxy proxy = TrafficTestProxy.start(buffering, SIZED)) {
            HttpResponse<String> fits = proxy.get("/?n=1000");
            assertThat(fits.statusCode()).isEqualTo(200);
            assertThat(fits.body()).hasSize(1000);
            assertThat(proxy.get("/?n=1000&chunked").body()).hasSize(1000);
            HttpResponse<String> tooLarge = proxy.get("/?n=1001");
            assertThat(tooLarge.statusCode()).isEqualTo(500);
            assertThat(tooLarge.body()).isEqualTo("Internal Server Error\n");
            assertThat(tooLarge.headers().firstValue("X-Backend")).isEmpty();
            // without a Content-Length the status cannot change any more: the response is cut off
            assertThatThrownBy(() -> proxy.get("/?n=5000&chunked")).isInstanceOf(java.io.IOException.class);
            assertThat(proxy.get("/?n=10").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void responsesAreHeldUntilCompleteOrStreamPastTheMemoryLimit() throws Exception {
        Buffering buffering = Buffering.of(BufferingConfig.DEFAULTS.withMemBytes(1024, 1024));
        try (TrafficTestProxy proxy = TrafficTestProxy.start(buffering, SIZED)) {
            HttpResponse<String> small = proxy.get("/?n=500&chunked");
            assertThat(small.body()).hasSize(500);
            assertThat(proxy.get("/?n=200000&chunked").body()).hasSize(200_000);
            assertThat(proxy.get("/?n=200000").body()).hasSize(200_000);
        }
    }

    @Test
    void retryExpressionRetriesUnreachableServers() throws Exception {
        Undertow live = Undertow.builder().setIoThreads(1).addHttpListener(0, "127.0.0.1", ECHO_BODY).build();
        live.start();
        servers.add(live);
        String liveUrl = "http://127.0.0.1:" + ((InetSocketAddress) live.getListenerInfo().get(0).getAddress()).getPort();
        Buffering buffering = Buffering.of(BufferingConfig.DEFAULTS.withRetryExpression("IsNetworkError() && Attempts() <= 2"));
        try (TrafficTestProxy proxy = TrafficTestProxy.startWithServers(buffering, dead(), dead(), liveUrl)) {
            for (int i = 0; i < 6; i++) {
                HttpResponse<String> response = post(proxy, body(50), false);
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body()).isEqualTo("50 ac");
            }
        }
        // the service itself moves a refused request to each of its other servers once (docs/services.md#retries),
        // so only when no server answers does a request that the expression does not retry get 502
        Buffering never = Buffering.of(BufferingConfig.DEFAULTS.withRetryExpression("Attempts() > 5"));
        try (TrafficTestProxy proxy = TrafficTestProxy.startWithServers(never, dead(), dead())) {
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                statuses.add(proxy.get("/").statusCode());
            }
            assertThat(statuses).contains(502);
        }
    }

    private static String dead() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }
    }

    @Test
    void bindsEveryOption() throws Exception {
        Middleware m = TrafficTestProxy.middlewareFromYaml("""
                http:
                  middlewares:
                    m:
                      buffering:
                        maxRequestBodyBytes: 2000000
                        memRequestBodyBytes: 2100000
                        maxResponseBodyBytes: 2000000
                        memResponseBodyBytes: 2100000
                        retryExpression: "IsNetworkError() && Attempts() < 2"
                """, "m");
        assertThat(((Buffering) m).config()).isEqualTo(new BufferingConfig(2_000_000, 2_100_000, 2_000_000, 2_100_000,
                "IsNetworkError() && Attempts() < 2"));
        Middleware defaults = TrafficTestProxy.middlewareFromYaml("http:\n  middlewares:\n    m:\n      buffering: {}\n", "m");
        assertThat(((Buffering) defaults).config()).isEqualTo(BufferingConfig.DEFAULTS);
    }

    @Test
    void badOptionsAreClearErrors() {
        assertBad("maxRequestBodyBytes: -1", "maxRequestBodyBytes must be 0 or more");
        assertBad("memResponseBodyBytes: -10", "memResponseBodyBytes must be 0 or more");
        assertBad("memRequestBodyBytes: 99999999999", "memRequestBodyBytes must be at most");
        assertBad("retryExpression: \"IsNetworkError() &&\"", "retryExpression: expected a function call or a number at position 20");
        assertBad("retryExpression: \"Attempts() <= two\"", "retryExpression: unknown function 'two' at position 15");
        assertBad("retryExpression: \"IsNetworkError() > 1\"", "retryExpression: expected && or ||");
        assertBad("retryExpression: \"Retries() < 2\"", "unknown function 'Retries' at position 1");
        assertThatThrownBy(() -> TrafficTestProxy.middlewareFromYaml(
                "http:\n  middlewares:\n    m:\n      buffering:\n        maxRequestBodyBytes: lots\n", "m"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("http.middlewares.m.buffering.maxRequestBodyBytes");
    }

    private static void assertBad(String options, String message) {
        String doc = "http:\n  middlewares:\n    m:\n      buffering:\n        " + options + "\n";
        assertThatThrownBy(() -> TrafficTestProxy.middlewareFromYaml(doc, "m"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("http.middlewares.m.buffering:")
                .hasMessageContaining(message);
    }
}
