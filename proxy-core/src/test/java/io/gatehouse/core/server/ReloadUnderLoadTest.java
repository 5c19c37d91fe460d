package io.gatehouse.core.server;

import io.gatehouse.core.provider.FileProvider;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedTextMessage;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Steady load through the proxy while its configuration file is rewritten 200 times: routes and
 * servers added, removed and changed. Requests to routes present in every configuration never fail,
 * and a WebSocket on an unchanged route stays open; one on a removed route is closed.
 */
@Timeout(300)
class ReloadUnderLoadTest {

    private static final int REWRITES = 200;
    private static final int LOAD_THREADS = 4;

    @TempDir
    Path dir;

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private String backend(HttpHandler handler) {
        Undertow server = Undertow.builder().setIoThreads(1).addHttpListener(0, "127.0.0.1", handler).build();
        server.start();
        toClose.add(server::stop);
        return "http://127.0.0.1:" + ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    private String textBackend(String name) {
        return backend(exchange -> exchange.getResponseSender().send(name));
    }

    private String webSocketBackend() {
        return backend(Handlers.websocket((exchange, channel) -> {
            channel.getReceiveSetter().set(new AbstractReceiveListener() {
                @Override
                protected void onFullTextMessage(WebSocketChannel channel, BufferedTextMessage message) {
                    WebSockets.sendText("echo:" + message.getData(), channel, null);
                }
            });
            channel.resumeReceives();
        }));
    }

    static final class Recorder implements WebSocket.Listener {
        final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
        final CompletableFuture<String> ended = new CompletableFuture<>();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            texts.add(data.toString());
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            ended.complete("closed " + statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            ended.complete("error " + error);
        }
    }

    private WebSocket openWebSocket(int port, String path, Recorder recorder) throws Exception {
        WebSocket ws = client.newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + port + path), recorder).get(20, TimeUnit.SECONDS);
        ws.sendText("hello", true).get(20, TimeUnit.SECONDS);
        assertThat(recorder.texts.poll(20, TimeUnit.SECONDS)).isEqualTo("echo:hello");
        return ws;
    }

    /** Configuration number {@code generation}: fixed routes, plus routes and servers that come and go. */
    private static String configuration(int generation, String stable, List<String> pool, String ws, boolean withTempWs) {
        StringBuilder yaml = new StringBuilder("http:\n  routers:\n");
        yaml.append("    stable:\n      rule: \"PathPrefix(`/stable`)\"\n      service: stable\n");
        yaml.append("    changing:\n      rule: \"PathPrefix(`/changing`)\"\n      service: changing\n");
        yaml.append("    ws:\n      rule: \"PathPrefix(`/ws`)\"\n      service: ws\n");
        yaml.append("    gen:\n      rule: \"Path(`/gen/").append(generation).append("`)\"\n      service: stable\n");
        if (withTempWs) {
            yaml.append("    temp-ws:\n      rule: \"PathPrefix(`/temp-ws`)\"\n      service: temp-ws\n");
        }
        int first = generation % 7;
        for (int k = first; k < first + 3; k++) {
            yaml.append("    extra").append(k).append(":\n      rule: \"PathPrefix(`/extra").append(k)
                    .append("`)\"\n      service: extra").append(k).append("\n");
        }
        yaml.append("  services:\n");
        service(yaml, "stable", List.of(stable));
        service(yaml, "ws", List.of(ws));
        if (withTempWs) {
            service(yaml, "temp-ws", List.of(ws));
        }
        // The servers of 'changing' change every time: one, two or three of the pool.
        List<String> servers = new ArrayList<>();
        for (int i = 0; i <= generation % 3; i++) {
            servers.add(pool.get((generation + i) % pool.size()));
        }
        service(yaml, "changing", servers);
        for (int k = first; k < first + 3; k++) {
            service(yaml, "extra" + k, List.of(pool.get(k % pool.size())));
        }
        return yaml.toString();
    }

    private static void service(StringBuilder yaml, String name, List<String> urls) {
        yaml.append("    ").append(name).append(":\n      loadBalancer:\n        servers:\n");
        urls.forEach(url -> yaml.append("          - url: \"").append(url).append("\"\n"));
    }

    @Test
    void routesPresentBeforeAndAfterNeverFailWhileTheFileIsRewritten() throws Exception {
        String stable = textBackend("stable");
        List<String> pool = List.of(textBackend("p0"), textBackend("p1"), textBackend("p2"), textBackend("p3"));
        String ws = webSocketBackend();
        Path file = dir.resolve("dynamic.yml");
        Files.writeString(file, configuration(0, stable, pool, ws, true));
        Gatehouse gatehouse = Gatehouse.builder().ioThreads(2).entryPoint("web", "127.0.0.1:0")
                .providersThrottleDuration(Duration.ZERO)
                .removedRouteGracePeriod(Duration.ZERO)
                .provider(FileProvider.watching(file).debounce(Duration.ofMillis(10)))
                .start();
        toClose.add(gatehouse);
        int port = gatehouse.port("web");
        Await.until("the first configuration", () -> status(port, "/gen/0") == 200);

        Recorder kept = new Recorder();
        WebSocket keptSocket = openWebSocket(port, "/ws", kept);
        Recorder removed = new Recorder();
        openWebSocket(port, "/temp-ws", removed);

        AtomicBoolean running = new AtomicBoolean(true);
        Map<String, AtomicLong> ok = new ConcurrentHashMap<>();
        Map<String, List<String>> failures = new ConcurrentHashMap<>();
        List<Thread> load = new ArrayList<>();
        for (int t = 0; t < LOAD_THREADS; t++) {
            int id = t;
            Thread thread = new Thread(() -> {
                int n = 0;
                while (running.get()) {
                    // Routes in every configuration; their results count. Extra routes come and go: load only.
                    String path = switch (n++ % 3) {
                        case 0 -> "/stable/" + id;
                        case 1 -> "/changing/" + id;
                        default -> "/extra" + (n % 10);
                    };
                    String route = path.substring(1, path.indexOf('/', 1) < 0 ? path.length() : path.indexOf('/', 1));
                    try {
                        int status = status(port, path);
                        if (status == 200) {
                            ok.computeIfAbsent(route, r -> new AtomicLong()).incrementAndGet();
                        } else if (!route.startsWith("extra")) {
                            failures.computeIfAbsent(route, r -> new ArrayList<>()).add("status " + status);
                        }
                    } catch (Exception e) {
                        if (!route.startsWith("extra")) {
                            failures.computeIfAbsent(route, r -> new ArrayList<>()).add(e.toString());
                        }
                    }
                }
            }, "load-" + t);
            thread.start();
            load.add(thread);
        }
        try {
            for (int generation = 1; generation <= REWRITES; generation++) {
                // Written to a temporary file and renamed over the configuration, as editors and tools do.
                Path temp = dir.resolve(".dynamic.yml.tmp");
                Files.writeString(temp, configuration(generation, stable, pool, ws, false));
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                int expected = generation;
                Await.until("configuration " + generation, () -> status(port, "/gen/" + expected) == 200);
            }
        } finally {
            running.set(false);
            for (Thread thread : load) {
                thread.join();
            }
        }

        assertThat(failures).isEmpty();
        assertThat(ok.get("stable")).isNotNull().satisfies(count -> assertThat(count.get()).isPositive());
        assertThat(ok.get("changing")).isNotNull().satisfies(count -> assertThat(count.get()).isPositive());
        // The WebSocket on the unchanged route lived through 200 reloads.
        assertThat(kept.ended).isNotDone();
        keptSocket.sendText("still there", true).get(20, TimeUnit.SECONDS);
        assertThat(kept.texts.poll(20, TimeUnit.SECONDS)).isEqualTo("echo:still there");
        // The one on the route removed by the first rewrite ended after the (zero) grace period.
        assertThat(removed.ended.get(30, TimeUnit.SECONDS)).isNotNull();
        assertThat(gatehouse.providerErrors()).isEmpty();
    }

    private int status(int port, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
