package io.gatehouse.core.service.composite;

import io.gatehouse.core.testing.TestServer;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static io.gatehouse.core.service.composite.AdversarialGatehouse.appToW;
import static io.gatehouse.core.service.composite.AdversarialGatehouse.server;
import static io.gatehouse.core.service.composite.AdversarialGatehouse.stickyValue;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile traffic through composite services on a real Gatehouse: forged sticky cookies, mirrors that are stuck,
 * reset or answer forever, big bodies with mirroring, failover flapping under concurrent load.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class CompositeTrafficAdversarialTest {

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private <T extends AutoCloseable> T closing(T resource) {
        toClose.add(resource);
        return resource;
    }

    static final String STICKY = appToW("""
                w:
                  weighted:
                    sticky:
                      cookie:
                        name: pin
                    services:
                      - name: a
                      - name: b
            """);

    /** The value of cookie {@code name} set by the response, or null. */
    static String setCookie(HttpResponse<String> response, String name) {
        for (String header : response.headers().allValues("set-cookie")) {
            if (header.startsWith(name + "=")) {
                return header.substring(name.length() + 1).split(";", 2)[0];
            }
        }
        return null;
    }

    @Test
    void randomForgedCookiesGetAFreshPickAndAValidCookie() throws Exception {
        AdversarialGatehouse gh = closing(new AdversarialGatehouse(STICKY));
        String valueA = stickyValue("a@file");
        String valueB = stickyValue("b@file");
        Random random = new Random(42);
        for (int i = 0; i < 20; i++) {
            byte[] bytes = new byte[1 + random.nextInt(40)];
            random.nextBytes(bytes);
            String forged = HexFormat.of().formatHex(bytes);
            HttpResponse<String> response = gh.get("/app", "Cookie", "pin=" + forged);
            assertThat(response.statusCode()).isEqualTo(200);
            String set = setCookie(response, "pin");
            assertThat(set).as("a forged cookie is ignored and set again").isIn(valueA, valueB);
            assertThat(server(response)).isEqualTo(set.equals(valueA) ? "a" : "b");
        }
    }

    @Test
    void aHundredKilobyteCookieIsIgnored() throws Exception {
        AdversarialGatehouse gh = closing(new AdversarialGatehouse(STICKY));
        HttpResponse<String> response = gh.get("/app", "Cookie", "pin=" + "f".repeat(100 * 1024));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(setCookie(response, "pin")).isIn(stickyValue("a@file"), stickyValue("b@file"));
        assertThat(gh.get("/ok").statusCode()).isEqualTo(200);
    }

    @Test
    void manyCookiesWithTheStickyNameFollowTheFirstAsTraefik() throws Exception {
        // docs silent; Traefik reads the first cookie of that name (Go's Request.Cookie)
        AdversarialGatehouse gh = closing(new AdversarialGatehouse(STICKY));
        StringBuilder cookies = new StringBuilder("pin=" + stickyValue("b@file"));
        for (int i = 0; i < 200; i++) {
            cookies.append("; pin=").append(i % 2 == 0 ? stickyValue("a@file") : "garbage" + i);
        }
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> response = gh.get("/app", "Cookie", cookies.toString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(server(response)).isEqualTo("b");
        }
    }

    @Test
    void twoCookiesWithTheStickyNameFollowTheFirstAsTraefik() throws Exception {
        // docs silent; Traefik reads the first cookie of that name (Go's Request.Cookie)
        AdversarialGatehouse gh = closing(new AdversarialGatehouse(STICKY));
        String cookies = "pin=" + stickyValue("b@file") + "; pin=" + stickyValue("a@file");
        for (int i = 0; i < 6; i++) {
            HttpResponse<String> response = gh.get("/app", "Cookie", cookies);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(server(response)).isEqualTo("b");
        }
    }

    @Test
    void aCookieOfAChildRemovedByAReloadGetsAFreshPick() throws Exception {
        AdversarialGatehouse gh = closing(new AdversarialGatehouse(STICKY));
        String cookieB = "pin=" + stickyValue("b@file");
        for (int i = 0; i < 4; i++) {
            assertThat(server(gh.get("/app", "Cookie", cookieB))).isEqualTo("b");
        }
        String onlyA = STICKY.replace("          - name: b\n", "").replace("""
                    b:
                      loadBalancer:
                        servers:
                          - url: "${B}"
                """, "");
        assertThat(onlyA).doesNotContain("${B}");
        gh.reload(onlyA, () -> {
            try {
                return "a".equals(server(gh.get("/app", "Cookie", cookieB)));
            } catch (Exception e) {
                return false;
            }
        });
        assertThat(gh.fileErrors()).isEmpty();
        HttpResponse<String> response = gh.get("/app", "Cookie", cookieB);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(server(response)).isEqualTo("a");
        assertThat(setCookie(response, "pin")).isEqualTo(stickyValue("a@file"));
    }

    @Test
    void aCookieNamingAWeightZeroChildIsIgnored() throws Exception {
        // docs: "A cookie naming a child that is gone, weight 0, or down (with healthCheck: {}) is ignored"
        AdversarialGatehouse gh = closing(new AdversarialGatehouse(
                STICKY.replace("          - name: b\n", "          - name: b\n            weight: 0\n")));
        assertThat(gh.fileErrors()).isEmpty();
        for (int i = 0; i < 6; i++) {
            HttpResponse<String> response = gh.get("/app", "Cookie", "pin=" + stickyValue("b@file"));
            assertThat(server(response)).isEqualTo("a");
            assertThat(setCookie(response, "pin")).isEqualTo(stickyValue("a@file"));
        }
    }

    @Test
    void aCookieNamingADownChildIsIgnoredWithHealthCheck() throws Exception {
        String yaml = STICKY.replace("""
                    b:
                      loadBalancer:
                        servers:
                          - url: "${B}"
                """, """
                    b:
                      loadBalancer:
                        servers: []
                """).replace("      weighted:\n", "      weighted:\n        healthCheck: {}\n");
        AdversarialGatehouse gh = closing(new AdversarialGatehouse(yaml));
        assertThat(gh.fileErrors()).isEmpty();
        for (int i = 0; i < 6; i++) {
            HttpResponse<String> response = gh.get("/app", "Cookie", "pin=" + stickyValue("b@file"));
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(server(response)).isEqualTo("a");
            assertThat(setCookie(response, "pin")).isEqualTo(stickyValue("a@file"));
        }
    }

    @Test
    void theDefaultCookieNameIsTraefiks() throws Exception {
        AdversarialGatehouse gh = closing(new AdversarialGatehouse(STICKY.replace("          cookie:\n            name: pin\n", "          cookie: {}\n")));
        assertThat(gh.fileErrors()).isEmpty();
        HttpResponse<String> response = gh.get("/app");
        String name = AdversarialGatehouse.defaultStickyName("w@file");
        assertThat(setCookie(response, name)).isIn(stickyValue("a@file"), stickyValue("b@file"));
    }

    @Test
    void aNegativeMaxAgeExpiresTheCookieAtOnceAsTraefik() throws Exception {
        // docs silent on negative maxAge; Traefik: "When set to a negative number, the cookie expires immediately"
        AdversarialGatehouse gh = closing(new AdversarialGatehouse(STICKY.replace("name: pin", "name: pin\n            maxAge: -1")));
        assertThat(gh.fileErrors()).isEmpty();
        HttpResponse<String> response = gh.get("/app");
        assertThat(response.statusCode()).isEqualTo(200);
        String header = response.headers().allValues("set-cookie").stream().filter(h -> h.startsWith("pin="))
                .findFirst().orElseThrow();
        // Max-Age=0 (what Go writes) or an Expires in the past: either expires it at once
        assertThat(header.contains("Max-Age=0") || header.contains("Expires=Thu, 01-Jan-1970"))
                .as("Set-Cookie %s expires at once", header).isTrue();
    }

    @Test
    void aCookieNameWithCrLfNeverInjectsAHeader() throws Exception {
        AdversarialGatehouse gh = closing(new AdversarialGatehouse(
                STICKY.replace("name: pin", "name: \"pin\\r\\nX-Injected: 1\"")));
        // refused (the config test expects that) or, if accepted, the response carries no injected header
        HttpResponse<String> response = gh.get("/app");
        assertThat(response.headers().firstValue("x-injected")).isEmpty();
        assertThat(gh.get("/ok").statusCode()).isEqualTo(200);
    }

    // ---------------------------------------------------------------- mirroring

    static String mirroring(String mirrorUrl, String options) {
        return """
                http:
                  routers:
                    r:
                      rule: "PathPrefix(`/app`)"
                      service: w
                  services:
                    a:
                      loadBalancer:
                        servers:
                          - url: "${A}"
                    m:
                      loadBalancer:
                        servers:
                          - url: "%s"
                    w:
                      mirroring:
                        service: a
                %s
                        mirrors:
                          - name: m
                            percent: 100
                """.formatted(mirrorUrl, options);
    }

    /** A mirror that accepts connections, reads, and never answers. Counts connections. */
    static final class StuckMirror implements AutoCloseable {
        final ServerSocket socket = new ServerSocket(0, 1000, InetAddress.getLoopbackAddress());
        final AtomicInteger connections = new AtomicInteger();
        final List<Socket> open = new CopyOnWriteArrayList<>();
        final boolean reset;

        StuckMirror(boolean reset) throws IOException {
            this.reset = reset;
            Thread acceptor = new Thread(this::accept, "stuck-mirror");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        void accept() {
            while (!socket.isClosed()) {
                try {
                    Socket s = socket.accept();
                    connections.incrementAndGet();
                    if (reset) {
                        s.getInputStream().read(new byte[512]);
                        s.setSoLinger(true, 0);
                        s.close();
                    } else {
                        open.add(s);
                    }
                } catch (IOException e) {
                    // closed
                }
            }
        }

        String url() {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            socket.close();
            for (Socket s : open) {
                s.close();
            }
        }
    }

    @Test
    void aStuckMirrorNeverDelaysTheMainResponseAndHoldsABoundedNumberOfCopies() throws Exception {
        StuckMirror mirror = closing(new StuckMirror(false));
        AdversarialGatehouse gh = closing(new AdversarialGatehouse(mirroring(mirror.url(), "")));
        assertThat(gh.fileErrors()).isEmpty();
        int requests = 400;
        for (int i = 0; i < requests; i++) {
            HttpResponse<String> response = gh.get("/app/" + i);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(server(response)).isEqualTo("a");
        }
        // docs: "copies in flight per mirror: 128; further copies are dropped"
        assertThat(mirror.connections.get()).isGreaterThan(0).isLessThanOrEqualTo(MirroringService.DEFAULT_MAX_IN_FLIGHT);
    }

    @Test
    void aMirrorThatResetsEveryConnectionChangesNothingForTheClient() throws Exception {
        StuckMirror mirror = closing(new StuckMirror(true));
        AdversarialGatehouse gh = closing(new AdversarialGatehouse(mirroring(mirror.url(), "")));
        for (int i = 0; i < 100; i++) {
            HttpResponse<String> response = gh.post("/app/" + i, ("body " + i).getBytes(StandardCharsets.UTF_8));
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(server(response)).isEqualTo("a");
        }
        AdversarialGatehouse.waitFor(() -> mirror.connections.get() > 0);
    }

    @Test
    void aMirrorAnsweringAGigabyteSlowlyChangesNothingForTheClient() throws Exception {
        AtomicLong mirrorBytesSent = new AtomicLong();
        AtomicInteger mirrorRequests = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        HttpHandler endless = exchange -> {
            if (exchange.isInIoThread()) {
                exchange.dispatch(ex -> {
                    mirrorRequests.incrementAndGet();
                    ex.startBlocking();
                    ex.getResponseHeaders().put(Headers.CONTENT_LENGTH, String.valueOf(1L << 30));
                    byte[] chunk = new byte[64 * 1024];
                    try (OutputStream out = ex.getOutputStream()) {
                        for (long sent = 0; sent < (1L << 30) && !stop.get(); sent += chunk.length) {
                            out.write(chunk);
                            out.flush();
                            mirrorBytesSent.addAndGet(chunk.length);
                            Thread.sleep(5);
                        }
                    } catch (IOException | InterruptedException e) {
                        // the proxy gave up on it
                    }
                });
            }
        };
        TestServer mirror = closing(TestServer.http(endless));
        toClose.add(() -> stop.set(true));
        AdversarialGatehouse gh = closing(new AdversarialGatehouse(mirroring(mirror.url(), "")));
        for (int i = 0; i < 30; i++) {
            HttpResponse<String> response = gh.get("/app/" + i);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(server(response)).isEqualTo("a");
        }
        AdversarialGatehouse.waitFor(() -> mirrorRequests.get() > 0);
        assertThat(mirrorRequests.get()).isLessThanOrEqualTo(30);
    }

    /** A backend that answers "server: name" and the SHA-256 of the body it read; records paths and digests. */
    static final class DigestBackend implements HttpHandler {
        final String name;
        final Map<String, String> digests = new ConcurrentHashMap<>();
        final Set<String> paths = ConcurrentHashMap.newKeySet();

        DigestBackend(String name) {
            this.name = name;
        }

        @Override
        public void handleRequest(HttpServerExchange exchange) throws Exception {
            if (exchange.isInIoThread()) {
                exchange.dispatch(this);
                return;
            }
            exchange.startBlocking();
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = exchange.getInputStream()) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    sha.update(buffer, 0, n);
                }
            }
            String digest = HexFormat.of().formatHex(sha.digest());
            digests.put(exchange.getRequestPath(), digest);
            paths.add(exchange.getRequestPath());
            exchange.getResponseSender().send("server: " + name + "\nsha: " + digest + "\n");
        }
    }

    static byte[] randomBody(int size) {
        byte[] body = new byte[size];
        new Random(size).nextBytes(body);
        return body;
    }

    static String sha(byte[] body) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    }

    static String mirroringTo(TestServer main, TestServer mirror, String options, String percents) {
        return """
                http:
                  routers:
                    r:
                      rule: "PathPrefix(`/app`)"
                      service: w
                  services:
                    main:
                      loadBalancer:
                        servers:
                          - url: "%s"
                    m:
                      loadBalancer:
                        servers:
                          - url: "%s"
                    w:
                      mirroring:
                        service: main
                %s
                        mirrors:
                %s
                """.formatted(main.url(), mirror.url(), options, percents);
    }

    @Test
    void aBodyOverMaxBodySizeReachesTheMainServiceWholeAndIsNotMirrored() throws Exception {
        DigestBackend mainBackend = new DigestBackend("main");
        DigestBackend mirrorBackend = new DigestBackend("mirror");
        TestServer main = closing(TestServer.http(mainBackend));
        TestServer mirror = closing(TestServer.http(mirrorBackend));
        AdversarialGatehouse gh = closing(new AdversarialGatehouse(mirroringTo(main, mirror,
                "        maxBodySize: 1048576", "          - name: m\n            percent: 100")));
        assertThat(gh.fileErrors()).isEmpty();
        byte[] big = randomBody(12 * 1024 * 1024);
        HttpResponse<String> response = gh.post("/app/big", big);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("server: main").contains("sha: " + sha(big));
        byte[] small = randomBody(1000);
        assertThat(gh.post("/app/small", small).statusCode()).isEqualTo(200);
        AdversarialGatehouse.waitFor(() -> mirrorBackend.paths.contains("/app/small"));
        assertThat(mirrorBackend.digests.get("/app/small")).isEqualTo(sha(small));
        // docs: "Larger bodies are not mirrored at all"
        assertThat(mirrorBackend.paths).doesNotContain("/app/big");
    }

    @Test
    void aLargeBodyWithoutLimitReachesMainAndMirrorByteExact() throws Exception {
        DigestBackend mainBackend = new DigestBackend("main");
        DigestBackend mirrorBackend = new DigestBackend("mirror");
        TestServer main = closing(TestServer.http(mainBackend));
        TestServer mirror = closing(TestServer.http(mirrorBackend));
        AdversarialGatehouse gh = closing(new AdversarialGatehouse(mirroringTo(main, mirror,
                "        maxBodySize: -1", "          - name: m\n            percent: 100")));
        byte[] body = randomBody(8 * 1024 * 1024 + 17);
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> response = gh.post("/app/" + i, body);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("server: main").contains("sha: " + sha(body));
        }
        AdversarialGatehouse.waitFor(() -> mirrorBackend.digests.keySet().containsAll(List.of("/app/0", "/app/1", "/app/2")));
        for (int i = 0; i < 3; i++) {
            assertThat(mirrorBackend.digests.get("/app/" + i)).isEqualTo(sha(body));
        }
    }

    @Test
    void mirrorsWhosePercentsAddUpToMoreThanAHundredEachCountExactly() throws Exception {
        DigestBackend mainBackend = new DigestBackend("main");
        AtomicInteger m1 = new AtomicInteger();
        AtomicInteger m2 = new AtomicInteger();
        TestServer main = closing(TestServer.http(mainBackend));
        TestServer mirror1 = closing(TestServer.http(ex -> {
            m1.incrementAndGet();
            ex.getResponseSender().send("m1");
        }));
        TestServer mirror2 = closing(TestServer.http(ex -> {
            m2.incrementAndGet();
            ex.getResponseSender().send("m2");
        }));
        String yaml = mirroringTo(main, mirror1, "", """
                          - name: m
                            percent: 60
                          - name: m2
                            percent: 60
                """).replace("    w:\n", """
                    m2:
                      loadBalancer:
                        servers:
                          - url: "%s"
                    w:
                """.formatted(mirror2.url()));
        AdversarialGatehouse gh = closing(new AdversarialGatehouse(yaml));
        assertThat(gh.fileErrors()).isEmpty();
        // the harness's start-up probe was request 1 of w; nine more make ten
        for (int i = 0; i < 9; i++) {
            assertThat(gh.get("/app/" + i).statusCode()).isEqualTo(200);
        }
        // docs: "the n-th request goes to a mirror when fewer than n × percent / 100 requests went there before"
        AdversarialGatehouse.waitFor(() -> m1.get() >= 6 && m2.get() >= 6);
        assertThat(m1.get()).isEqualTo(6);
        assertThat(m2.get()).isEqualTo(6);
    }

    // ---------------------------------------------------------------- failover

    @Test
    void failoverWhileTheMainServiceFlapsUnderConcurrentLoadAnswersEveryRequest() throws Exception {
        AtomicBoolean mainHealthy = new AtomicBoolean(true);
        TestServer main = closing(TestServer.http(ex -> {
            if (!ex.getRequestPath().startsWith("/app")) {
                ex.setStatusCode(mainHealthy.get() ? 200 : 503);
                ex.getResponseSender().send("health");
            } else {
                ex.getResponseSender().send("server: main\n");
            }
        }));
        TestServer standby = closing(TestServer.http(ex -> ex.getResponseSender().send("server: standby\n")));
        String yaml = """
                http:
                  routers:
                    r:
                      rule: "PathPrefix(`/app`)"
                      service: w
                  services:
                    main:
                      loadBalancer:
                        healthCheck:
                          path: /health
                          interval: 50ms
                          timeout: 2s
                        servers:
                          - url: "%s"
                    standby:
                      loadBalancer:
                        servers:
                          - url: "%s"
                    w:
                      failover:
                        healthCheck: {}
                        service: main
                        fallback: standby
                """.formatted(main.url(), standby.url());
        AdversarialGatehouse gh = closing(new AdversarialGatehouse(yaml));
        assertThat(gh.fileErrors()).isEmpty();

        AtomicBoolean done = new AtomicBoolean();
        Map<String, AtomicInteger> answers = new ConcurrentHashMap<>();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(5);
        try {
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                clients.add(pool.submit(() -> {
                    while (!done.get()) {
                        try {
                            HttpResponse<String> response = gh.get("/app");
                            String key = response.statusCode() + " " + server(response);
                            answers.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
                        } catch (Exception e) {
                            failures.add(e);
                        }
                    }
                }));
            }
            // flip the main service's health until both have served many requests under load
            int flips = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline && (flips < 10 || count(answers, "200 main") < 50
                    || count(answers, "200 standby") < 50)) {
                Thread.sleep(200);
                mainHealthy.set(!mainHealthy.get());
                flips++;
            }
            done.set(true);
            for (Future<?> client : clients) {
                client.get(60, TimeUnit.SECONDS);
            }
        } finally {
            done.set(true);
            pool.shutdownNow();
        }
        assertThat(failures).as("every request gets an answer").isEmpty();
        // the main server always answers: whichever child is picked, the client gets 200
        assertThat(answers.keySet()).as("answers %s", answers).containsOnly("200 main", "200 standby");
        assertThat(count(answers, "200 main")).isGreaterThanOrEqualTo(50);
        assertThat(count(answers, "200 standby")).isGreaterThanOrEqualTo(50);
    }

    @Test
    void failoverSendsToTheFallbackWhileTheMainServiceFailsItsHealthCheck() throws Exception {
        // docs: "Requests go to service while it is up, else to fallback"; up = "a loadBalancer with an available server"
        TestServer main = closing(TestServer.http(ex -> {
            if (!ex.getRequestPath().startsWith("/app")) {
                ex.setStatusCode(503);
                ex.getResponseSender().send("down");
            } else {
                ex.getResponseSender().send("server: main\n");
            }
        }));
        TestServer standby = closing(TestServer.http(ex -> ex.getResponseSender().send("server: standby\n")));
        AdversarialGatehouse gh = closing(new AdversarialGatehouse("""
                http:
                  routers:
                    r:
                      rule: "PathPrefix(`/app`)"
                      service: w
                  services:
                    main:
                      loadBalancer:
                        healthCheck:
                          path: /health
                          interval: 1s
                          timeout: 2s
                        servers:
                          - url: "%s"
                    standby:
                      loadBalancer:
                        servers:
                          - url: "%s"
                    w:
                      failover:
                        service: main
                        fallback: standby
                """.formatted(main.url(), standby.url())));
        assertThat(gh.fileErrors()).isEmpty();
        AdversarialGatehouse.waitFor(() -> {
            try {
                return "standby".equals(server(gh.get("/app")));
            } catch (Exception e) {
                return false;
            }
        });
        for (int i = 0; i < 10; i++) {
            assertThat(server(gh.get("/app"))).isEqualTo("standby");
        }
    }

    @Test
    void theMainServicesHealthCheckProbesItsServer() throws Exception {
        // why failover above cannot move: a loadBalancer's healthCheck must probe its server (Traefik's interval)
        AtomicInteger probes = new AtomicInteger();
        TestServer main = closing(TestServer.http(ex -> {
            if (!ex.getRequestPath().startsWith("/app")) {
                probes.incrementAndGet();
            }
            ex.getResponseSender().send("server: main\n");
        }));
        AdversarialGatehouse gh = closing(new AdversarialGatehouse("""
                http:
                  routers:
                    r:
                      rule: "PathPrefix(`/app`)"
                      service: w
                  services:
                    main:
                      loadBalancer:
                        healthCheck:
                          path: /health
                          interval: 1s
                        servers:
                          - url: "%s"
                    w:
                      failover:
                        service: main
                        fallback: main
                """.formatted(main.url())));
        assertThat(gh.fileErrors()).isEmpty();
        assertThat(server(gh.get("/app"))).isEqualTo("main");
        AdversarialGatehouse.waitFor(() -> probes.get() >= 2);
    }

    @Test
    void failoverToTheFallbackWhenTheMainServiceHasNoServer() throws Exception {
        TestServer standby = closing(TestServer.http(ex -> ex.getResponseSender().send("server: standby\n")));
        AdversarialGatehouse gh = closing(new AdversarialGatehouse(flipping(null, standby.url())));
        assertThat(gh.fileErrors()).isEmpty();
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> response = gh.get("/app");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(server(response)).isEqualTo("standby");
        }
    }

    static String flipping(String mainUrl, String standbyUrl) {
        String servers = mainUrl == null ? "servers: []" : "servers:\n          - url: \"" + mainUrl + "\"";
        return """
                http:
                  routers:
                    r:
                      rule: "PathPrefix(`/app`)"
                      service: w
                  services:
                    main:
                      loadBalancer:
                        %s
                    standby:
                      loadBalancer:
                        servers:
                          - url: "%s"
                    w:
                      failover:
                        healthCheck: {}
                        service: main
                        fallback: standby
                """.formatted(servers, standbyUrl);
    }

    @Test
    void failoverWhileReloadsTakeTheMainServiceUpAndDownUnderConcurrentLoadAnswersEveryRequest() throws Exception {
        TestServer main = closing(TestServer.http(ex -> ex.getResponseSender().send("server: main\n")));
        TestServer standby = closing(TestServer.http(ex -> ex.getResponseSender().send("server: standby\n")));
        AdversarialGatehouse gh = closing(new AdversarialGatehouse(flipping(main.url(), standby.url())));
        assertThat(gh.fileErrors()).isEmpty();
        AtomicBoolean done = new AtomicBoolean();
        Map<String, AtomicInteger> answers = new ConcurrentHashMap<>();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                clients.add(pool.submit(() -> {
                    while (!done.get()) {
                        try {
                            HttpResponse<String> response = gh.get("/app");
                            answers.computeIfAbsent(response.statusCode() + " " + server(response),
                                    k -> new AtomicInteger()).incrementAndGet();
                        } catch (Exception e) {
                            failures.add(e);
                        }
                    }
                }));
            }
            for (int flip = 0; flip < 10; flip++) {
                boolean up = flip % 2 == 1;
                String expected = up ? "main" : "standby";
                gh.reload(flipping(up ? main.url() : null, standby.url()), () -> {
                    try {
                        return expected.equals(server(gh.get("/app")));
                    } catch (Exception e) {
                        return false;
                    }
                });
            }
            done.set(true);
            for (Future<?> client : clients) {
                client.get(60, TimeUnit.SECONDS);
            }
        } finally {
            done.set(true);
            pool.shutdownNow();
        }
        assertThat(failures).as("every request gets an answer").isEmpty();
        assertThat(gh.fileErrors()).isEmpty();
        assertThat(answers.keySet()).as("answers %s", answers).containsOnly("200 main", "200 standby");
    }

    static int count(Map<String, AtomicInteger> answers, String key) {
        AtomicInteger n = answers.get(key);
        return n == null ? 0 : n.get();
    }

    @Test
    void failoverWithBothChildrenDownAnswers503() throws Exception {
        // docs: "503 when both are down"
        String yaml = """
                http:
                  routers:
                    r:
                      rule: "PathPrefix(`/app`)"
                      service: w
                  services:
                    main:
                      loadBalancer:
                        servers: []
                    standby:
                      loadBalancer:
                        servers: []
                    w:
                      failover:
                        service: main
                        fallback: standby
                """;
        AdversarialGatehouse gh = closing(new AdversarialGatehouse(yaml));
        if (gh.fileErrors().isEmpty()) {
            for (int i = 0; i < 5; i++) {
                assertThat(gh.get("/app").statusCode()).isEqualTo(503);
            }
        }
        assertThat(gh.get("/ok").statusCode()).isEqualTo(200);
    }

    // ---------------------------------------------------------------- highestRandomWeight

    @Test
    void highestRandomWeightKeepsOneClientOnOneChildAndIgnoresForgedForwardedFor() throws Exception {
        // the key is the connection's peer (Traefik's RemoteAddr), not X-Forwarded-For a client can forge
        AdversarialGatehouse gh = closing(new AdversarialGatehouse(appToW("""
                    w:
                      highestRandomWeight:
                        services:
                          - name: a
                          - name: b
                """)));
        String first = server(gh.get("/app"));
        Random random = new Random(7);
        for (int i = 0; i < 40; i++) {
            String forged = random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256) + ".1";
            HttpResponse<String> response = gh.get("/app", "X-Forwarded-For", forged, "X-Real-Ip", forged);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(server(response)).isEqualTo(first);
        }
    }
}
