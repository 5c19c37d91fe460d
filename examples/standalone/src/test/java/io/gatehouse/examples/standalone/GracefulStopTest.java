package io.gatehouse.examples.standalone;

import io.undertow.Undertow;
import io.undertow.server.handlers.BlockingHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The proxy as a separate process: SIGTERM (what {@link Process#destroy()} sends on Linux) while a
 * slow request is in flight lets it finish, then the process exits 0. Logs come out as configured.
 */
@Timeout(120)
class GracefulStopTest {

    static final String JAR_PROPERTY = "gatehouse.jar";

    private static final Pattern LISTENING = Pattern.compile("entry point 'web' listening on port (\\d+)");

    @TempDir
    Path dir;

    Process process;
    final List<String> stdout = new CopyOnWriteArrayList<>();
    final List<String> stderr = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    /** How the proxy is started: Main in a child JVM on this test's class path (the shaded jar's contents). */
    List<String> proxyCommand() {
        return List.of(java(), "-cp", System.getProperty("java.class.path"), Main.class.getName());
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    void startProxy(String... args) throws IOException {
        List<String> command = new ArrayList<>(proxyCommand());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(k -> k.startsWith("GATEHOUSE_") || k.startsWith("TRAEFIK_"));
        process = builder.start();
        pump(process.getInputStream(), stdout);
        pump(process.getErrorStream(), stderr);
    }

    private static void pump(java.io.InputStream in, List<String> lines) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the process ended
            }
        });
        t.setDaemon(true);
        t.start();
    }

    /** The port the child logged for entry point 'web'. */
    private int awaitPort() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            assertThat(System.nanoTime() < deadline).as("no 'listening on port' line; stdout: %s", stdout).isTrue();
            for (String line : stdout) {
                Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    return Integer.parseInt(m.group(1));
                }
            }
            assertThat(process.isAlive()).as("proxy exited early; stderr: %s", stderr).isTrue();
            Thread.sleep(50);
        }
    }

    private int startSlowBackend(CountDownLatch received, CountDownLatch release) {
        Undertow backend = Undertow.builder().addHttpListener(0, "127.0.0.1", new BlockingHandler(exchange -> {
            received.countDown();
            release.await();
            exchange.getResponseSender().send("slow and complete");
        })).build();
        backend.start();
        open.add(backend::stop);
        return ((InetSocketAddress) backend.getListenerInfo().get(0).getAddress()).getPort();
    }

    @Test
    void sigtermDrainsTheRequestInFlightAndExitsZero() throws Exception {
        CountDownLatch received = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        open.add(release::countDown);
        int backend = startSlowBackend(received, release);
        Undertow fast = Undertow.builder().addHttpListener(0, "127.0.0.1",
                exchange -> exchange.getResponseSender().send("ready")).build();
        fast.start();
        open.add(fast::stop);
        int fastPort = ((InetSocketAddress) fast.getListenerInfo().get(0).getAddress()).getPort();
        Path dynamic = Files.writeString(dir.resolve("dynamic.yml"), """
                http:
                  routers:
                    slow:
                      rule: "PathPrefix(`/slow`)"
                      service: slow
                    ready:
                      rule: "Path(`/ready`)"
                      service: fast
                  services:
                    slow:
                      loadBalancer:
                        servers:
                          - url: "http://127.0.0.1:%d"
                    fast:
                      loadBalancer:
                        servers:
                          - url: "http://127.0.0.1:%d"
                """.formatted(backend, fastPort));
        Path config = Files.writeString(dir.resolve("traefik.yml"), """
                entryPoints:
                  web:
                    address: "127.0.0.1:0"
                    transport:
                      lifeCycle:
                        graceTimeOut: 60s
                providers:
                  file:
                    filename: "%s"
                log:
                  level: INFO
                  format: json
                """.formatted(dynamic));
        startProxy("--configFile=" + config);
        int port = awaitPort();
        awaitReady(port);

        CompletableFuture<HttpResponse<String>> inFlight = HttpClient.newHttpClient().sendAsync(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/slow")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(received.await(60, TimeUnit.SECONDS)).isTrue();

        process.destroy(); // SIGTERM
        // Draining has begun once the listener refuses new connections.
        while (accepts(port)) {
            Thread.sleep(50);
        }
        assertThat(process.isAlive()).as("still draining the slow request").isTrue();
        release.countDown();

        HttpResponse<String> response = inFlight.get(60, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("slow and complete");
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("stderr: %s", stderr).isZero();

        // log.format json: every line on stdout is one JSON object.
        assertThat(stdout).isNotEmpty().allSatisfy(line -> assertThat(line).startsWith("{").endsWith("}"));
        assertThat(stdout).anySatisfy(line -> assertThat(line).contains("\"level\":\"INFO\"")
                .contains("listening on port"));
    }

    @Test
    void commonLogFormatAndPing() throws Exception {
        startProxy("--entryPoints.web.address=127.0.0.1:0", "--ping.entryPoint=web", "--log.level=INFO");
        int port = awaitPort();
        HttpResponse<String> ping = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ping")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ping.statusCode()).isEqualTo(200);
        assertThat(ping.body()).isEqualTo("OK");
        process.destroy();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        assertThat(stdout).anySatisfy(line -> assertThat(line)
                .matches("\\d{4}-\\d\\d-\\d\\dT\\S+ INFO +\\S+ - entry point 'web' listening on port \\d+"));
    }

    @Test
    void theDefaultLevelErrorKeepsStdoutQuietAndAPortInUseExitsOne() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            startProxy("--entryPoints.web.address=127.0.0.1:" + taken.getLocalPort());
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isEqualTo(1);
            assertThat(String.join("\n", stderr)).contains("entry point 'web' cannot listen on 127.0.0.1:"
                    + taken.getLocalPort());
            assertThat(stdout).isEmpty();
        }
    }

    @Test
    void demoPrintsTheUrlAndServesIt() throws Exception {
        startProxy("--demo", "--port=0");
        Pattern url = Pattern.compile("behind (http://127\\.0\\.0\\.1:\\d+/)");
        String base = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (base == null) {
            assertThat(System.nanoTime() < deadline).as("no URL printed; stdout: %s", stdout).isTrue();
            for (String line : stdout) {
                Matcher m = url.matcher(line);
                if (m.find()) {
                    base = m.group(1);
                }
            }
            Thread.sleep(50);
        }
        HttpResponse<String> hello = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(base + "hello")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(hello.statusCode()).isEqualTo(200);
        assertThat(hello.body()).startsWith("Hello from backend-");
        process.destroy();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
    }

    /** The file's routes are served (a provider may apply its configuration after the listeners start). */
    private static void awaitReady(int port) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ready")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode() != 200) {
            assertThat(System.nanoTime() < deadline).as("the file's routes were never served").isTrue();
            Thread.sleep(50);
        }
    }

    private static boolean accepts(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (ConnectException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }
}
