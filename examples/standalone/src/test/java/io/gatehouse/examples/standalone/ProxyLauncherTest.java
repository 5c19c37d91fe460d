package io.gatehouse.examples.standalone;

import io.gatehouse.core.config.decode.StaticConfigDecoder;
import io.gatehouse.core.config.decode.StaticDecodeResult;
import io.gatehouse.core.config.statics.StaticConfig;
import io.undertow.Undertow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The proxy a static configuration describes, started in-process on ephemeral ports. */
@Timeout(60)
class ProxyLauncherTest {

    @TempDir
    Path dir;

    private final HttpClient client = HttpClient.newHttpClient();
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private ProxyLauncher.Launched launch(String... flags) {
        StaticDecodeResult result = StaticConfigDecoder.create().flags(List.of(flags)).decode();
        assertThat(result.errors()).isEmpty();
        StaticConfig config = result.config();
        ProxyLauncher.Launched launched = ProxyLauncher.launch(config);
        open.add(launched);
        return launched;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)));
    }

    @Test
    void pingAnswersOkOnItsEntryPointOnly() throws Exception {
        ProxyLauncher.Launched proxy = launch("--entryPoints.web.address=127.0.0.1:0",
                "--entryPoints.admin.address=127.0.0.1:0", "--ping.entryPoint=admin");
        int admin = proxy.gatehouse().port("admin");
        HttpResponse<String> ping = get(admin, "/ping");
        assertThat(ping.statusCode()).isEqualTo(200);
        assertThat(ping.body()).isEqualTo("OK");
        assertThat(send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin + "/ping"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(200);
        assertThat(send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin + "/ping"))
                .POST(HttpRequest.BodyPublishers.ofString("x"))).statusCode()).isEqualTo(405);
        assertThat(get(proxy.gatehouse().port("web"), "/ping").statusCode()).isEqualTo(404);
    }

    @Test
    void manualRoutingLeavesRoutingToPingInternalToTheUser() throws Exception {
        Path dynamic = Files.writeString(dir.resolve("dynamic.yml"), """
                http:
                  routers:
                    health:
                      rule: "Path(`/healthz`)"
                      service: ping@internal
                """);
        ProxyLauncher.Launched proxy = launch("--entryPoints.web.address=127.0.0.1:0", "--ping.manualRouting=true",
                "--providers.file.filename=" + dynamic);
        int web = proxy.gatehouse().port("web");
        awaitStatus(web, "/healthz", 200);
        assertThat(get(web, "/healthz").body()).isEqualTo("OK");
        assertThat(get(web, "/ping").statusCode()).isEqualTo(404);
    }

    @Test
    void withoutPingThereIsNoPingRoute() throws Exception {
        ProxyLauncher.Launched proxy = launch("--entryPoints.web.address=127.0.0.1:0");
        assertThat(get(proxy.gatehouse().port("web"), "/ping").statusCode()).isEqualTo(404);
    }

    @Test
    void pingAnswersTheTerminatingStatusOnceStopping() {
        PingHandler ping = new PingHandler(418);
        ProxyLauncher.Launched proxy = launch("--entryPoints.web.address=127.0.0.1:0");
        new ProxyLauncher.Launched(proxy.gatehouse(), ping).close();
        Undertow server = Undertow.builder().addHttpListener(0, "127.0.0.1", ping).build();
        server.start();
        open.add(server::stop);
        int port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
        assertThat(catching(() -> get(port, "/ping").statusCode())).isEqualTo(418);
    }

    @Test
    void redirectionsSendEveryRequestToTheTargetEntryPoint() throws Exception {
        ProxyLauncher.Launched proxy = launch("--entryPoints.web.address=127.0.0.1:0",
                "--entryPoints.websecure.address=127.0.0.1:0",
                "--entryPoints.web.http.redirections.entryPoint.to=websecure");
        int web = proxy.gatehouse().port("web");
        int secure = proxy.gatehouse().port("websecure");
        String get = raw(web, "GET /a/b%2Fc?x=1&y HTTP/1.1", "example.com:" + web);
        assertThat(get).startsWith("HTTP/1.1 301 ")
                .contains("\r\nLocation: https://example.com:" + secure + "/a/b%2Fc?x=1&y\r\n");
        // An absolute-form request line keeps only its path.
        assertThat(raw(web, "GET http://example.com/abs?q HTTP/1.1", "example.com"))
                .contains("\r\nLocation: https://example.com:" + secure + "/abs?q\r\n");
        HttpResponse<String> post = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + web + "/form"))
                .POST(HttpRequest.BodyPublishers.ofString("a=1")));
        assertThat(post.statusCode()).isEqualTo(308);
        assertThat(post.headers().firstValue("Location")).hasValue("https://127.0.0.1:" + secure + "/form");
        // The target entry point itself is not redirected.
        assertThat(get(secure, "/").statusCode()).isEqualTo(404);
    }

    @Test
    void temporaryRedirectionsAndTheDefaultPortIsLeftOut() throws Exception {
        ProxyLauncher.Launched proxy = launch("--entryPoints.web.address=127.0.0.1:0",
                "--entryPoints.other.address=127.0.0.1:0",
                "--entryPoints.web.http.redirections.entryPoint.to=other",
                "--entryPoints.web.http.redirections.entryPoint.scheme=http",
                "--entryPoints.web.http.redirections.entryPoint.permanent=false");
        int web = proxy.gatehouse().port("web");
        int other = proxy.gatehouse().port("other");
        HttpResponse<String> get = get(web, "/x");
        assertThat(get.statusCode()).isEqualTo(302);
        assertThat(get.headers().firstValue("Location")).hasValue("http://127.0.0.1:" + other + "/x");
        assertThat(send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + web + "/x"))
                .PUT(HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(307);

        EntryPointRedirectHandler https443 = new EntryPointRedirectHandler("https", true, 443);
        Undertow server = Undertow.builder().addHttpListener(0, "127.0.0.1", https443).build();
        server.start();
        open.add(server::stop);
        int port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
        assertThat(raw(port, "GET /p HTTP/1.1", "[::1]:" + port)).contains("\r\nLocation: https://[::1]/p\r\n");
        assertThat(raw(port, "GET /p HTTP/1.1", "example.com")).contains("\r\nLocation: https://example.com/p\r\n");
    }

    @Test
    void redirectionToAPort() throws Exception {
        ProxyLauncher.Launched proxy = launch("--entryPoints.web.address=127.0.0.1:0",
                "--entryPoints.web.http.redirections.entryPoint.to=:8443");
        assertThat(raw(proxy.gatehouse().port("web"), "GET /x HTTP/1.1", "example.com"))
                .startsWith("HTTP/1.1 301 ").contains("\r\nLocation: https://example.com:8443/x\r\n");
    }

    @Test
    void aRouterWithHigherPriorityThanTheRedirectionWins() throws Exception {
        Undertow backend = Undertow.builder().addHttpListener(0, "127.0.0.1",
                exchange -> exchange.getResponseSender().send("backend")).build();
        backend.start();
        open.add(backend::stop);
        int backendPort = ((InetSocketAddress) backend.getListenerInfo().get(0).getAddress()).getPort();
        Path dynamic = Files.writeString(dir.resolve("dynamic.yml"), """
                http:
                  routers:
                    acme:
                      rule: "PathPrefix(`/.well-known/`)"
                      priority: 2147483647
                      entryPoints: [web]
                      service: backend
                    app:
                      rule: "PathPrefix(`/`)"
                      service: backend
                  services:
                    backend:
                      loadBalancer:
                        servers:
                          - url: "http://127.0.0.1:%d"
                """.formatted(backendPort));
        ProxyLauncher.Launched proxy = launch("--entryPoints.web.address=127.0.0.1:0",
                "--entryPoints.websecure.address=127.0.0.1:0",
                "--entryPoints.web.http.redirections.entryPoint.to=websecure",
                "--providers.file.filename=" + dynamic);
        int web = proxy.gatehouse().port("web");
        awaitStatus(web, "/.well-known/x", 200);
        assertThat(get(web, "/.well-known/x").body()).isEqualTo("backend");
        assertThat(get(web, "/app").statusCode()).isEqualTo(301);
        assertThat(get(proxy.gatehouse().port("websecure"), "/app").body()).isEqualTo("backend");
    }

    @Test
    void aBadDynamicFileLeavesTheProxyRunningWithoutIt() throws Exception {
        Path dynamic = Files.writeString(dir.resolve("dynamic.yml"), "http: [\n");
        ProxyLauncher.Launched proxy = launch("--entryPoints.web.address=127.0.0.1:0", "--ping.entryPoint=web",
                "--providers.file.filename=" + dynamic);
        assertThat(get(proxy.gatehouse().port("web"), "/ping").statusCode()).isEqualTo(200);
        assertThat(get(proxy.gatehouse().port("web"), "/").statusCode()).isEqualTo(404);
    }

    /** Polls until {@code path} answers {@code status}: a provider may apply its files after the listeners start. */
    private void awaitStatus(int port, String path, int status) throws Exception {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (get(port, path).statusCode() != status) {
            assertThat(System.nanoTime() < deadline).as(path + " never answered " + status).isTrue();
            Thread.sleep(50);
        }
    }

    /** One request over a raw socket, so that the Host header is ours; the whole response as text. */
    private static String raw(int port, String requestLine, String host) throws IOException {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write((requestLine + "\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
        }
    }

    private interface Call<T> {
        T call() throws Exception;
    }

    private static <T> T catching(Call<T> call) {
        try {
            return call.call();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
