package io.gatehouse.middleware.retry;

import io.gatehouse.core.testing.RawHttp;
import io.gatehouse.middleware.testing.ProxiedMiddleware;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The check for a client that left between tries must not eat a pipelined request that is already there. */
@Timeout(60)
class RetryPipeliningTest {

    @Test
    void aPipelinedRequestWaitingBehindARetriedOneIsServed() throws Exception {
        AtomicInteger hits = new AtomicInteger();
        HttpHandler backend = new HttpHandler() {
            @Override
            public void handleRequest(HttpServerExchange exchange) {
                int n = hits.incrementAndGet();
                exchange.setStatusCode(n == 1 ? 503 : 200);
                exchange.getResponseSender().send(exchange.getRequestPath() + " try " + n);
            }
        };
        Retry retry = Retry.of(RetryConfig.of(3).withStatus("503").withInitialInterval(Duration.ofMillis(500)));
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(retry, backend);
             Socket socket = new Socket("127.0.0.1", proxy.port())) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write("GET /a HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            while (hits.get() < 1) {
                Thread.sleep(5);
            }
            // sent during the wait before the second try (at least 250 ms), so the check finds it on the socket
            socket.getOutputStream().write("GET /b HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            RawHttp.Response first = RawHttp.read(socket.getInputStream());
            RawHttp.Response second = RawHttp.read(socket.getInputStream());
            assertThat(first.status()).isEqualTo(200);
            assertThat(first.body()).isEqualTo("/a try 2");
            assertThat(second.status()).isEqualTo(200);
            assertThat(second.body()).isEqualTo("/b try 3");
        }
    }
}
