package io.gatehouse.core.service;

import io.gatehouse.core.testing.RawHttp;
import io.gatehouse.core.testing.TestProxy;
import io.gatehouse.core.testing.TestServer;
import io.undertow.Handlers;
import io.undertow.server.handlers.BlockingHandler;
import io.undertow.server.handlers.HttpContinueAcceptingHandler;
import io.undertow.util.Headers;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedTextMessage;
import io.undertow.websockets.core.CloseMessage;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class StreamingTest {

    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** Echoes text frames; "close" makes it close with 4001 "server-bye"; records the close the client sent. */
    static TestServer webSocketBackend(AtomicReference<String> closeReceived, CountDownLatch closed) {
        return TestServer.http(Handlers.websocket((exchange, channel) -> {
            channel.getReceiveSetter().set(new AbstractReceiveListener() {
                @Override
                protected void onFullTextMessage(WebSocketChannel channel, BufferedTextMessage message) {
                    String text = message.getData();
                    if (text.equals("close")) {
                        WebSockets.sendClose(4001, "server-bye", channel, null);
                    } else {
                        WebSockets.sendText("echo:" + text + ":" + exchange.getRequestHeader("X-Forwarded-Proto"), channel, null);
                    }
                }

                @Override
                protected void onCloseMessage(CloseMessage message, WebSocketChannel channel) {
                    closeReceived.set(message.getCode() + " " + message.getReason());
                    closed.countDown();
                }
            });
            channel.resumeReceives();
        }));
    }

    static final class Recorder implements WebSocket.Listener {
        final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
        final CompletableFuture<String> close = new CompletableFuture<>();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            texts.add(data.toString());
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            close.complete(statusCode + " " + reason);
            return null;
        }
    }

    @Test
    void webSocketEchoAndServerCloseCodeAndReason() throws Exception {
        try (TestServer backend = webSocketBackend(new AtomicReference<>(), new CountDownLatch(1));
             TestProxy proxy = TestProxy.to(backend.url())) {
            Recorder recorder = new Recorder();
            WebSocket ws = CLIENT.newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + proxy.port() + "/ws"), recorder).get(20, TimeUnit.SECONDS);
            ws.sendText("hello", true).get(20, TimeUnit.SECONDS);
            assertThat(recorder.texts.poll(20, TimeUnit.SECONDS)).isEqualTo("echo:hello:ws");
            ws.sendText("close", true).get(20, TimeUnit.SECONDS);
            assertThat(recorder.close.get(20, TimeUnit.SECONDS)).isEqualTo("4001 server-bye");
        }
    }

    @Test
    void webSocketClientCloseCodeAndReasonReachTheServer() throws Exception {
        AtomicReference<String> received = new AtomicReference<>();
        CountDownLatch closed = new CountDownLatch(1);
        try (TestServer backend = webSocketBackend(received, closed);
             TestProxy proxy = TestProxy.to(backend.url())) {
            Recorder recorder = new Recorder();
            WebSocket ws = CLIENT.newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + proxy.port() + "/ws"), recorder).get(20, TimeUnit.SECONDS);
            ws.sendText("ping", true).get(20, TimeUnit.SECONDS);
            assertThat(recorder.texts.poll(20, TimeUnit.SECONDS)).isEqualTo("echo:ping:ws");
            ws.sendClose(4002, "client-bye").get(20, TimeUnit.SECONDS);
            assertThat(closed.await(20, TimeUnit.SECONDS)).isTrue();
            assertThat(received.get()).isEqualTo("4002 client-bye");
        }
    }

    @Test
    void aWebSocketOutlivesTheClosingOfItsService() throws Exception {
        // a configuration reload closes the old service: WebSockets opened through it keep working
        try (TestServer backend = webSocketBackend(new AtomicReference<>(), new CountDownLatch(1));
             TestProxy proxy = TestProxy.to(backend.url())) {
            Recorder recorder = new Recorder();
            WebSocket ws = CLIENT.newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + proxy.port() + "/ws"), recorder).get(20, TimeUnit.SECONDS);
            ws.sendText("before", true).get(20, TimeUnit.SECONDS);
            assertThat(recorder.texts.poll(20, TimeUnit.SECONDS)).isEqualTo("echo:before:ws");
            proxy.service().close();
            // closing idle connections happens on the IO threads; a round trip after it proves the socket survived
            for (int i = 0; i < 3; i++) {
                ws.sendText("after" + i, true).get(20, TimeUnit.SECONDS);
                assertThat(recorder.texts.poll(20, TimeUnit.SECONDS)).isEqualTo("echo:after" + i + ":ws");
            }
            assertThat(recorder.close).isNotDone();
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(20, TimeUnit.SECONDS);
            assertThat(recorder.close.get(20, TimeUnit.SECONDS)).isEqualTo("1000 done");
            // once the WebSocket is over, its connection is forgotten
            Server server = proxy.service().servers().get(0);
            while (server.backend().openConnections() != 0) { // bounded by @Timeout
                Thread.sleep(20);
            }
        }
    }

    @Test
    void serverSentEventsArriveOneByOne() throws Exception {
        CountDownLatch firstSeenByClient = new CountDownLatch(1);
        AtomicBoolean releasedByClient = new AtomicBoolean();
        TestServer sse = TestServer.http(new BlockingHandler(exchange -> {
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/event-stream");
            OutputStream out = exchange.getOutputStream();
            out.write("data: one\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            // event 2 is only written once the client has received event 1 (or after a generous bound)
            releasedByClient.set(firstSeenByClient.await(20, TimeUnit.SECONDS));
            out.write("data: two\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
        }));
        try (sse; TestProxy proxy = TestProxy.to(sse.url())) {
            HttpResponse<InputStream> response = CLIENT.send(HttpRequest.newBuilder(URI.create(proxy.url("/events"))).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
            assertThat(lines.readLine()).isEqualTo("data: one");
            assertThat(lines.readLine()).isEmpty();
            firstSeenByClient.countDown();
            assertThat(lines.readLine()).isEqualTo("data: two");
            assertThat(releasedByClient).isTrue();
        }
    }

    @Test
    void expectContinueIsRelayed() throws Exception {
        TestServer backend = TestServer.http(new HttpContinueAcceptingHandler(exchange -> exchange.getRequestReceiver()
                .receiveFullString((ex, body) -> ex.getResponseSender().send("got:" + body))));
        try (backend; TestProxy proxy = TestProxy.to(backend.url());
             Socket socket = new Socket("127.0.0.1", proxy.port())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /upload HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            RawHttp.Response interim = RawHttp.read(in);
            assertThat(interim.status()).isEqualTo(100);
            out.write("hello".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            RawHttp.Response response = RawHttp.read(in);
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("got:hello");
        }
    }

    @Test
    void webSocketThroughAnHttp2CapableHttpsServerUsesHttp11() throws Exception {
        // covered by the upgrade pool: an https server that offers h2 still gets WebSocket over HTTP/1.1
        io.gatehouse.core.testing.TestCertificates.Ca ca = io.gatehouse.core.testing.TestCertificates.ca("ws-ca");
        var cert = ca.issue("backend", List.of(), List.of("127.0.0.1"), io.gatehouse.core.testing.TestCertificates.KeyType.EC);
        AtomicReference<String> received = new AtomicReference<>();
        CountDownLatch closed = new CountDownLatch(1);
        TestServer backend = TestServer.https(Handlers.websocket((exchange, channel) -> {
            channel.getReceiveSetter().set(new AbstractReceiveListener() {
                @Override
                protected void onFullTextMessage(WebSocketChannel channel, BufferedTextMessage message) {
                    WebSockets.sendText("tls:" + message.getData(), channel, null);
                }
            });
            channel.resumeReceives();
        }), cert.sslContext(null), true, false);
        try (backend; TestProxy proxy = TestProxy.to(List.of(backend.url()), new io.gatehouse.core.config.ServersTransportConfig(
                null, true, List.of(), List.of(), 200, null, false))) {
            Recorder recorder = new Recorder();
            WebSocket ws = CLIENT.newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + proxy.port() + "/ws"), recorder).get(20, TimeUnit.SECONDS);
            ws.sendText("x", true).get(20, TimeUnit.SECONDS);
            assertThat(recorder.texts.poll(20, TimeUnit.SECONDS)).isEqualTo("tls:x");
            ws.abort();
        }
    }
}
