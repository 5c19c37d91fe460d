package io.gatehouse.core.service;

import io.gatehouse.core.config.ForwardedHeadersConfig;
import io.gatehouse.core.config.LoadBalancerConfig;
import io.gatehouse.core.config.ServersTransportConfig;
import io.gatehouse.core.config.decode.ConfigDecoder;
import io.gatehouse.core.config.decode.DecodeResult;
import io.gatehouse.core.config.decode.Format;
import io.gatehouse.core.service.sticky.StickyCookie;
import io.gatehouse.core.testing.EchoHandler;
import io.gatehouse.core.testing.RawHttp;
import io.gatehouse.core.testing.TestProxy;
import io.gatehouse.core.testing.TestServer;
import io.undertow.server.HttpHandler;
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
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile traffic against load-balanced services: forged sticky cookies, spoofed client addresses, hostile health
 * endpoints, dead backends and retries. Behaviour is what docs/services.md (and Traefik where it is silent) says.
 */
@Timeout(120)
class LoadBalancerRuntimeAdversarialTest {

    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void closeAll() {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception ignored) {
                // best effort
            }
        }
    }

    private <T extends AutoCloseable> T track(T resource) {
        resources.add(resource);
        return resource;
    }

    /** A backend named {@code name} counting its requests in {@code hits}. */
    private TestServer backend(String name, Map<String, AtomicInteger> hits) {
        EchoHandler echo = new EchoHandler(name);
        return track(TestServer.http(exchange -> {
            hits.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
            echo.handleRequest(exchange);
        }));
    }

    private static LoadBalancerConfig lb(String yamlUnderLoadBalancer) {
        StringBuilder yaml = new StringBuilder("http:\n  services:\n    api:\n      loadBalancer:\n");
        for (String line : yamlUnderLoadBalancer.split("\n")) {
            yaml.append("        ").append(line).append('\n');
        }
        DecodeResult result = ConfigDecoder.create().decode(yaml.toString(), Format.YAML, "test.yml");
        assertThat(result.errors()).as("decode errors").isEmpty();
        return result.config().http().services().get("api").loadBalancer();
    }

    private static String servers(String... urls) {
        StringBuilder out = new StringBuilder("servers:\n");
        for (String url : urls) {
            out.append("  - url: ").append(url).append('\n');
        }
        return out.toString();
    }

    private TestProxy proxy(LoadBalancerConfig config) throws Exception {
        return track(new TestProxy(config, ServersTransportConfig.DEFAULT, ForwardedHeadersConfig.NONE_TRUSTED));
    }

    private static RawHttp.Response get(int port, String extraHeaders) throws IOException {
        return RawHttp.exchange(port, "GET /x HTTP/1.1\r\nHost: app\r\nConnection: close\r\n" + extraHeaders + "\r\n");
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        while (!condition.getAsBoolean()) {
            Thread.sleep(20);
        }
    }

    /** A TCP server that accepts, reads the request head (and what follows in the same read), then resets. */
    private static final class Resetter implements AutoCloseable {
        final ServerSocket socket;
        final AtomicInteger accepted = new AtomicInteger();
        final Thread thread;

        Resetter() throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            thread = new Thread(this::run, "resetter");
            thread.setDaemon(true);
            thread.start();
        }

        String url() {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }

        private void run() {
            while (!socket.isClosed()) {
                try (Socket s = socket.accept()) {
                    accepted.incrementAndGet();
                    s.setSoTimeout(5_000);
                    InputStream in = s.getInputStream();
                    byte[] buf = new byte[8192];
                    StringBuilder seen = new StringBuilder();
                    while (!seen.toString().contains("\r\n\r\n")) {
                        int n = in.read(buf);
                        if (n < 0) {
                            break;
                        }
                        seen.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
                    }
                    s.setSoLinger(true, 0);
                } catch (IOException ignored) {
                    // next connection
                }
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    // ---- strategies

    @Test
    void hrwIgnoresSpoofedXForwardedForEvenFromATrustedPeer() throws Exception {
        Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            urls.add(backend("b" + i, hits).url());
        }
        LoadBalancerConfig config = lb("strategy: hrw\n" + servers(urls.toArray(String[]::new)));
        TestProxy proxy = track(new TestProxy(config, ServersTransportConfig.DEFAULT,
                new ForwardedHeadersConfig(true, List.of())));
        Set<String> picked = new HashSet<>();
        for (int i = 0; i < 40; i++) {
            RawHttp.Response r = get(proxy.port(), "X-Forwarded-For: 10." + i + "." + (i * 7 % 256) + ".1\r\n"
                    + "X-Real-Ip: 192.168." + i + ".9\r\nForwarded: for=172.16." + i + ".3\r\n");
            assertThat(r.status()).isEqualTo(200);
            picked.add(EchoHandler.field(r.body(), "server"));
        }
        assertThat(picked).as("servers picked for one peer with 40 spoofed addresses").hasSize(1);
    }

    @Test
    void maximalWeightsStillShareEqually() throws Exception {
        Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
        String a = backend("a", hits).url(), b = backend("b", hits).url(), c = backend("c", hits).url();
        TestProxy proxy = proxy(lb("servers:\n  - url: " + a + "\n    weight: 2147483647\n  - url: " + b
                + "\n    weight: 2147483647\n  - url: " + c + "\n    weight: 2147483647\n"));
        for (int i = 0; i < 30; i++) {
            assertThat(get(proxy.port(), "").status()).isEqualTo(200);
        }
        assertThat(hits.get("a")).hasValue(10);
        assertThat(hits.get("b")).hasValue(10);
        assertThat(hits.get("c")).hasValue(10);
    }

    @Test
    void hugeUnequalWeightsKeepTheirProportion() throws Exception {
        Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
        String a = backend("a", hits).url(), b = backend("b", hits).url();
        // 2,000,000,000 : 1,000,000,000 is 2 : 1 (gcd), whatever the scaling
        TestProxy proxy = proxy(lb("servers:\n  - url: " + a + "\n    weight: 2000000000\n  - url: " + b
                + "\n    weight: 1000000000\n"));
        for (int i = 0; i < 30; i++) {
            assertThat(get(proxy.port(), "").status()).isEqualTo(200);
        }
        assertThat(hits.get("a")).hasValue(20);
        assertThat(hits.get("b")).hasValue(10);
    }

    @Test
    void allServersDrainedGives503ForEveryStrategy() throws Exception {
        Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
        String a = backend("a", hits).url(), b = backend("b", hits).url();
        for (String strategy : List.of("wrr", "p2c", "hrw", "leasttime")) {
            TestProxy proxy = proxy(lb("strategy: " + strategy + "\nservers:\n  - url: " + a + "\n    weight: 0\n"
                    + "  - url: " + b + "\n    weight: 0\n"));
            for (int i = 0; i < 5; i++) {
                assertThat(get(proxy.port(), "").status()).as(strategy).isEqualTo(503);
            }
        }
        assertThat(hits).isEmpty();
    }

    // ---- sticky

    private static String cookieName(RawHttp.Response r) {
        String setCookie = r.header("set-cookie");
        assertThat(setCookie).isNotNull();
        return setCookie.substring(0, setCookie.indexOf('='));
    }

    private static String cookieValue(RawHttp.Response r) {
        String setCookie = r.header("set-cookie");
        int eq = setCookie.indexOf('=');
        int semi = setCookie.indexOf(';');
        return setCookie.substring(eq + 1, semi < 0 ? setCookie.length() : semi);
    }

    @Test
    void forgedStickyCookiesGetAFreshPickAndANewCookie() throws Exception {
        Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
        String a = backend("a", hits).url(), b = backend("b", hits).url();
        TestProxy proxy = proxy(lb("sticky:\n  cookie:\n    name: pin\n" + servers(a, b)));
        RawHttp.Response first = get(proxy.port(), "");
        String valueA = cookieValue(first);
        String removed = StickyCookie.hash("http://127.0.0.1:" + closedPort());
        List<String> forged = List.of("pin=0123456789abcdef", "pin=" + removed, "pin=", "pin=\"\"",
                "pin=" + "f".repeat(100_000).substring(0, 7000), "pin=%00%0d%0a", "pin=http://169.254.169.254/");
        for (String cookie : forged) {
            RawHttp.Response r = get(proxy.port(), "Cookie: " + cookie + "\r\n");
            assertThat(r.status()).as(cookie).isEqualTo(200);
            assertThat(r.header("set-cookie")).as("new cookie for " + cookie).startsWith("pin=");
            assertThat(cookieValue(r)).isIn(valueA, StickyCookie.hash(a), StickyCookie.hash(b));
        }
    }

    @Test
    void aStickyCookieForADrainedServerIsReplaced() throws Exception {
        Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
        String a = backend("a", hits).url(), b = backend("b", hits).url();
        TestProxy proxy = proxy(lb("sticky:\n  cookie:\n    name: pin\nservers:\n  - url: " + a + "\n  - url: " + b
                + "\n    weight: 0\n"));
        for (int i = 0; i < 5; i++) {
            RawHttp.Response r = get(proxy.port(), "Cookie: pin=" + StickyCookie.hash(b) + "\r\n");
            assertThat(EchoHandler.field(r.body(), "server")).isEqualTo("a");
            assertThat(cookieValue(r)).isEqualTo(StickyCookie.hash(a));
        }
        assertThat(hits.get("b")).isNull();
    }

    @Test
    void duplicateStickyCookiesFollowTheFirstAsGo() throws Exception {
        Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
        String a = backend("a", hits).url(), b = backend("b", hits).url();
        TestProxy proxy = proxy(lb("sticky:\n  cookie:\n    name: pin\n" + servers(a, b)));
        for (int i = 0; i < 6; i++) {
            RawHttp.Response r = get(proxy.port(), "Cookie: pin=" + StickyCookie.hash(b) + "; pin="
                    + StickyCookie.hash(a) + "\r\n");
            assertThat(EchoHandler.field(r.body(), "server")).isEqualTo("b");
        }
    }

    @Test
    void aHundredKilobyteCookieIsNeverAServerError() throws Exception {
        Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
        String a = backend("a", hits).url(), b = backend("b", hits).url();
        TestProxy proxy = proxy(lb("sticky:\n  cookie:\n    name: pin\n" + servers(a, b)));
        int status;
        try {
            status = get(proxy.port(), "Cookie: pin=" + "a".repeat(100 * 1024) + "\r\n").status();
        } catch (IOException closed) {
            status = 400; // refusing an oversized head by closing is acceptable
        }
        assertThat(status).isNotIn(500, 502, 503, 504);
        assertThat(get(proxy.port(), "").status()).isEqualTo(200);
    }

    @Test
    void fiveHundredCookiesStillReachAServer() throws Exception {
        Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
        String a = backend("a", hits).url(), b = backend("b", hits).url();
        TestProxy proxy = proxy(lb("sticky:\n  cookie:\n    name: pin\n" + servers(a, b)));
        StringBuilder cookies = new StringBuilder("Cookie: ");
        for (int i = 0; i < 500; i++) {
            cookies.append("c").append(i).append("=v").append(i).append("; ");
        }
        cookies.append("pin=").append(StickyCookie.hash(b)).append("\r\n");
        RawHttp.Response r = get(proxy.port(), cookies.toString());
        // Go's net/http (Traefik) reads any number of cookies: the sticky one after 500 others still counts
        assertThat(r.status()).isEqualTo(200);
        assertThat(EchoHandler.field(r.body(), "server")).isEqualTo("b");
    }

    @Test
    void malformedCookieHeadersGetAFreshPick() throws Exception {
        Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
        String a = backend("a", hits).url(), b = backend("b", hits).url();
        TestProxy proxy = proxy(lb("sticky:\n  cookie:\n    name: pin\n" + servers(a, b)));
        for (String header : List.of(";;;", "=;==;=", "pin", "pin;", "=pin", "pin==x", "\"pin\"=x", "pin=\"unterminated",
                "pin=a=b=c", " ; pin ; ", "pin=\u00ff\u00fe")) {
            RawHttp.Response r = get(proxy.port(), "Cookie: " + header + "\r\n");
            assertThat(r.status()).as(header).isEqualTo(200);
            assertThat(r.header("set-cookie")).as(header).startsWith("pin=");
        }
    }

    @Test
    void hostileCookieNamesAreSanitisedToATokenAndStillStick() throws Exception {
        Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
        String a = backend("a", hits).url(), b = backend("b", hits).url();
        for (String name : List.of("a;b", "a=b", "a b", "a\\r\\nSet-Cookie: evil=1", "kéks", "x".repeat(10_240))) {
            TestProxy proxy = proxy(lb("sticky:\n  cookie:\n    name: \"" + name + "\"\n" + servers(a, b)));
            RawHttp.Response first = get(proxy.port(), "");
            assertThat(first.status()).as(name).isEqualTo(200);
            String cookie = cookieName(first);
            assertThat(cookie).as(name).matches("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+");
            assertThat(first.headers()).doesNotContainKey("evil");
            String server = EchoHandler.field(first.body(), "server");
            for (int i = 0; i < 4; i++) {
                RawHttp.Response next = get(proxy.port(), "Cookie: " + cookie + "=" + cookieValue(first) + "\r\n");
                assertThat(EchoHandler.field(next.body(), "server")).as(name).isEqualTo(server);
                assertThat(next.header("set-cookie")).as("no new cookie while valid").isNull();
            }
        }
    }

    @Test
    void negativeMaxAgeGivesMaxAgeZero() throws Exception {
        Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
        String a = backend("a", hits).url();
        TestProxy proxy = proxy(lb("sticky:\n  cookie:\n    name: pin\n    maxAge: -2147483648\n" + servers(a)));
        assertThat(get(proxy.port(), "").header("set-cookie")).contains("Max-Age=0");
    }

    @Test
    void hugeMaxAgeIsWrittenAsIs() throws Exception {
        Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
        String a = backend("a", hits).url();
        TestProxy proxy = proxy(lb("sticky:\n  cookie:\n    name: pin\n    maxAge: 2147483647\n" + servers(a)));
        assertThat(get(proxy.port(), "").header("set-cookie")).contains("Max-Age=2147483647");
    }

    // ---- health

    private static final String FAST = "  interval: 50ms\n  timeout: 300ms\n";

    @Test
    void allServersDownGives503AndRecovers() throws Exception {
        Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
        AtomicBoolean healthy = new AtomicBoolean(true);
        HttpHandler health = exchange -> exchange.setStatusCode(healthy.get() ? 200 : 500).endExchange();
        TestServer a = track(TestServer.http(exchange -> {
            if (exchange.getRequestPath().equals("/health")) {
                health.handleRequest(exchange);
            } else {
                hits.computeIfAbsent("a", k -> new AtomicInteger()).incrementAndGet();
                new EchoHandler("a").handleRequest(exchange);
            }
        }));
        TestProxy proxy = proxy(lb("healthCheck:\n  path: /health\n" + FAST + servers(a.url())));
        LoadBalancedService service = proxy.service();
        assertThat(get(proxy.port(), "").status()).isEqualTo(200);
        healthy.set(false);
        await(() -> !service.isUp());
        int before = hits.get("a").get();
        for (int i = 0; i < 5; i++) {
            assertThat(get(proxy.port(), "").status()).isEqualTo(503);
        }
        assertThat(hits.get("a")).hasValue(before);
        healthy.set(true);
        await(service::isUp);
        assertThat(get(proxy.port(), "").status()).isEqualTo(200);
    }

    @Test
    void aHangingHealthEndpointTakesTheServerOutWithoutBlockingOthers() throws Exception {
        Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
        TestServer hanging = track(TestServer.http(exchange -> {
            if (exchange.getRequestPath().equals("/health")) {
                exchange.dispatch(() -> { }); // never answers
                return;
            }
            new EchoHandler("hang").handleRequest(exchange);
        }));
        String ok = backend("ok", hits).url();
        TestProxy proxy = proxy(lb("healthCheck:\n  path: /health\n  interval: 50ms\n  timeout: 200ms\n"
                + "servers:\n  - url: " + hanging.url() + "\n  - url: " + ok + "\n    weight: 1\n"));
        Server hung = proxy.service().servers().get(0);
        await(() -> !hung.available());
        for (int i = 0; i < 10; i++) {
            RawHttp.Response r = get(proxy.port(), "");
            assertThat(r.status()).isEqualTo(200);
            assertThat(EchoHandler.field(r.body(), "server")).isEqualTo("ok");
        }
    }

    @Test
    void aHealthEndpointThatResetsTakesTheServerOut() throws Exception {
        Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
        Resetter resetter = track(new Resetter());
        String a = backend("a", hits).url();
        String b = backend("b", hits).url();
        // the check of a goes to the resetter's port
        TestProxy proxy = proxy(lb("healthCheck:\n  path: /health\n  port: " + resetter.socket.getLocalPort() + "\n"
                + FAST + servers(a, b)));
        await(() -> resetter.accepted.get() >= 2 && !proxy.service().servers().get(0).available()
                && !proxy.service().servers().get(1).available());
        assertThat(get(proxy.port(), "").status()).isEqualTo(503);
    }

    @Test
    void aHealthEndpointStreamingAGigabyteDoesNotStopChecks() throws Exception {
        Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
        AtomicInteger checks = new AtomicInteger();
        TestServer huge = track(TestServer.http(exchange -> {
            if (!exchange.getRequestPath().equals("/health")) {
                hits.computeIfAbsent("huge", k -> new AtomicInteger()).incrementAndGet();
                new EchoHandler("huge").handleRequest(exchange);
                return;
            }
            checks.incrementAndGet();
            exchange.dispatch(() -> {
                exchange.startBlocking();
                exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, 1L << 30);
                byte[] chunk = new byte[64 * 1024];
                try (OutputStream out = exchange.getOutputStream()) {
                    for (long sent = 0; sent < (1L << 30); sent += chunk.length) {
                        out.write(chunk);
                    }
                } catch (IOException closedByTheChecker) {
                    // expected: the checker only needs the status
                }
            });
        }));
        TestProxy proxy = proxy(lb("healthCheck:\n  path: /health\n  interval: 50ms\n  timeout: 2s\n"
                + servers(huge.url())));
        await(() -> checks.get() >= 4);
        assertThat(proxy.service().servers().get(0).available()).isTrue();
        assertThat(get(proxy.port(), "").status()).isEqualTo(200);
    }

    @Test
    void aRedirectLoopFailsTheCheck() throws Exception {
        AtomicInteger redirects = new AtomicInteger();
        TestServer loop = track(TestServer.http(exchange -> {
            if (exchange.getRequestPath().startsWith("/health")) {
                redirects.incrementAndGet();
                exchange.setStatusCode(302);
                exchange.getResponseHeaders().put(Headers.LOCATION, "/health");
                exchange.endExchange();
                return;
            }
            new EchoHandler("loop").handleRequest(exchange);
        }));
        TestProxy proxy = proxy(lb("healthCheck:\n  path: /health\n  interval: 200ms\n  timeout: 5s\n"
                + servers(loop.url())));
        Server server = proxy.service().servers().get(0);
        await(() -> !server.available());
        assertThat(get(proxy.port(), "").status()).isEqualTo(503);
    }

    @Test
    void aRedirectToAnotherHostIsJudgedByThatHostsAnswer() throws Exception {
        TestServer other = track(TestServer.http(exchange -> exchange.setStatusCode(503).endExchange()));
        TestServer redirecting = track(TestServer.http(exchange -> {
            if (exchange.getRequestPath().equals("/health")) {
                exchange.setStatusCode(301);
                exchange.getResponseHeaders().put(Headers.LOCATION, other.url() + "/elsewhere");
                exchange.endExchange();
                return;
            }
            new EchoHandler("r").handleRequest(exchange);
        }));
        TestProxy proxy = proxy(lb("healthCheck:\n  path: /health\n" + FAST + servers(redirecting.url())));
        Server server = proxy.service().servers().get(0);
        await(() -> !server.available());
    }

    @Test
    void aFlappingBackendOnlyEverGives200Or503() throws Exception {
        AtomicInteger checks = new AtomicInteger();
        TestServer flapping = track(TestServer.http(exchange -> {
            if (exchange.getRequestPath().equals("/health")) {
                exchange.setStatusCode(checks.incrementAndGet() % 2 == 0 ? 200 : 500).endExchange();
                return;
            }
            new EchoHandler("f").handleRequest(exchange);
        }));
        TestProxy proxy = proxy(lb("healthCheck:\n  path: /health\n  interval: 20ms\n  timeout: 1s\n"
                + servers(flapping.url())));
        Map<Integer, Integer> statuses = new HashMap<>();
        while (checks.get() < 20) {
            statuses.merge(get(proxy.port(), "").status(), 1, Integer::sum);
        }
        assertThat(statuses.keySet()).isSubsetOf(200, 503);
    }

    // ---- retries

    @Test
    void anIdempotentRequestIsNeverSentTwiceToTheSameServer() throws Exception {
        Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
        Resetter r1 = track(new Resetter());
        Resetter r2 = track(new Resetter());
        String ok = backend("ok", hits).url();
        for (String strategy : List.of("wrr", "p2c", "hrw", "leasttime")) {
            hits.clear();
            int before1 = r1.accepted.get(), before2 = r2.accepted.get();
            TestProxy proxy = proxy(lb("strategy: " + strategy + "\n" + servers(r1.url(), r2.url(), ok)));
            int n = 12;
            for (int i = 0; i < n; i++) {
                RawHttp.Response r = get(proxy.port(), "");
                assertThat(r.status()).as(strategy).isEqualTo(200);
            }
            assertThat(hits.get("ok")).as(strategy).hasValue(n);
            assertThat(r1.accepted.get() - before1).as(strategy + " resets at r1").isLessThanOrEqualTo(n);
            assertThat(r2.accepted.get() - before2).as(strategy + " resets at r2").isLessThanOrEqualTo(n);
        }
    }

    @Test
    void aPostIsNeverRetriedAfterItsBytesWereSent() throws Exception {
        Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
        Resetter resetter = track(new Resetter());
        String ok = backend("ok", hits).url();
        TestProxy proxy = proxy(lb(servers(resetter.url(), ok)));
        int bad = 0;
        int n = 10;
        for (int i = 0; i < n; i++) {
            RawHttp.Response r = RawHttp.exchange(proxy.port(), "POST /order HTTP/1.1\r\nHost: app\r\nConnection: close\r\n"
                    + "Content-Length: 5\r\n\r\nhello");
            assertThat(r.status()).isIn(200, 502);
            if (r.status() == 502) {
                bad++;
            }
        }
        int okHits = hits.containsKey("ok") ? hits.get("ok").get() : 0;
        assertThat(bad).as("POSTs that reached the resetter").isEqualTo(resetter.accepted.get());
        assertThat(okHits + resetter.accepted.get()).as("each POST reached exactly one server").isEqualTo(n);
        assertThat(bad).as("round robin sent some to the resetter").isPositive();
    }

    @Test
    void everyBackendDeadGivesAClearErrorAfterOneAttemptEach() throws Exception {
        Resetter r1 = track(new Resetter());
        Resetter r2 = track(new Resetter());
        Resetter r3 = track(new Resetter());
        TestProxy proxy = proxy(lb(servers(r1.url(), r2.url(), r3.url())));
        int n = 6;
        for (int i = 0; i < n; i++) {
            RawHttp.Response r = get(proxy.port(), "");
            assertThat(r.status()).isIn(502, 503);
            assertThat(r.body()).doesNotContain("127.0.0.1").doesNotContain("Exception");
        }
        assertThat(r1.accepted.get() + r2.accepted.get() + r3.accepted.get()).isLessThanOrEqualTo(3 * n);
        assertThat(r1.accepted.get()).isLessThanOrEqualTo(n);
        assertThat(r2.accepted.get()).isLessThanOrEqualTo(n);
        assertThat(r3.accepted.get()).isLessThanOrEqualTo(n);
    }

    @Test
    void everyBackendRefusingGives502() throws Exception {
        TestProxy proxy = proxy(lb(servers("http://127.0.0.1:" + closedPort(), "http://127.0.0.1:" + closedPort(),
                "http://127.0.0.1:" + closedPort())));
        for (int i = 0; i < 5; i++) {
            RawHttp.Response r = get(proxy.port(), "");
            assertThat(r.status()).isEqualTo(502);
        }
    }

    @Test
    void passiveEjectionSendsNothingMoreToAResettingServer() throws Exception {
        Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
        Resetter resetter = track(new Resetter());
        String ok = backend("ok", hits).url();
        TestProxy proxy = proxy(lb("passiveHealthCheck:\n  failureWindow: 1h\n  maxFailedAttempts: 1\n"
                + servers(resetter.url(), ok)));
        for (int i = 0; i < 20; i++) {
            assertThat(get(proxy.port(), "").status()).isEqualTo(200);
        }
        assertThat(resetter.accepted.get()).as("one failure ejects for an hour").isEqualTo(1);
    }

    @Test
    void aStickyServerThatRefusesIsRetriedElsewhereAndTheCookieReSet() throws Exception {
        Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
        String dead = "http://127.0.0.1:" + closedPort();
        String ok = backend("ok", hits).url();
        TestProxy proxy = proxy(lb("sticky:\n  cookie:\n    name: pin\n" + servers(dead, ok)));
        for (int i = 0; i < 4; i++) {
            RawHttp.Response r = get(proxy.port(), "Cookie: pin=" + StickyCookie.hash(dead) + "\r\n");
            assertThat(r.status()).isEqualTo(200);
            assertThat(cookieValue(r)).isEqualTo(StickyCookie.hash(ok));
        }
    }

    @Test
    void aPostRefusedByItsFirstServerIsRetried() throws Exception {
        Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
        String dead = "http://127.0.0.1:" + closedPort();
        String ok = backend("ok", hits).url();
        TestProxy proxy = proxy(lb(servers(dead, ok)));
        for (int i = 0; i < 6; i++) {
            RawHttp.Response r = RawHttp.exchange(proxy.port(), "POST /order HTTP/1.1\r\nHost: app\r\nConnection: close\r\n"
                    + "Content-Length: 5\r\n\r\nhello");
            assertThat(r.status()).as("docs: connection refused, nothing was sent: retried").isEqualTo(200);
        }
        assertThat(hits.get("ok")).hasValue(6);
    }

    @Test
    void aResponseHeaderTimeoutIsNeverRetried() throws Exception {
        Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
        AtomicInteger hungHits = new AtomicInteger();
        TestServer hung = track(TestServer.http(exchange -> {
            hungHits.incrementAndGet();
            exchange.dispatch(() -> { });
        }));
        String ok = backend("ok", hits).url();
        DecodeResult transport = ConfigDecoder.create().decode("http:\n  serversTransports:\n    t:\n"
                + "      forwardingTimeouts:\n        responseHeaderTimeout: 300ms\n", Format.YAML, "t.yml");
        assertThat(transport.errors()).isEmpty();
        TestProxy proxy = track(new TestProxy(lb(servers(hung.url(), ok)),
                transport.config().http().serversTransports().get("t"), ForwardedHeadersConfig.NONE_TRUSTED));
        int timeouts = 0;
        int n = 6;
        for (int i = 0; i < n; i++) {
            RawHttp.Response r = get(proxy.port(), "");
            assertThat(r.status()).isIn(200, 504);
            if (r.status() == 504) {
                timeouts++;
            }
        }
        int okHits = hits.containsKey("ok") ? hits.get("ok").get() : 0;
        assertThat(hungHits.get()).as("each timed-out GET reached the hung server once").isEqualTo(timeouts);
        assertThat(okHits).as("a timed-out GET is not resent to the other server").isEqualTo(n - timeouts);
        assertThat(timeouts).isPositive();
    }

    @Test
    void aRelativeHealthPathHostnameAndHeadersReachTheServerAsConfigured() throws Exception {
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        TestServer server = track(TestServer.http(exchange -> {
            if (exchange.getRequestPath().contains("health")) {
                seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + "?" + exchange.getQueryString()
                        + " host=" + exchange.getRequestHeaders().getFirst(Headers.HOST)
                        + " token=" + exchange.getRequestHeaders().getFirst("X-Health-Token"));
                exchange.setStatusCode(204).endExchange();
                return;
            }
            new EchoHandler("s").handleRequest(exchange);
        }));
        proxy(lb("healthCheck:\n  path: \"health?deep=1\"\n  method: HEAD\n  hostname: health.internal\n"
                + "  headers:\n    X-Health-Token: s3cret\n" + FAST + "servers:\n  - url: " + server.url() + "/base/\n"));
        await(() -> !seen.isEmpty());
        assertThat(seen.get(0)).isEqualTo("HEAD /base/health?deep=1 host=health.internal token=s3cret");
    }

    @Test
    void stickyCookieAttributesComeInGosOrder() throws Exception {
        Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
        String a = backend("a", hits).url();
        TestProxy proxy = proxy(lb("sticky:\n  cookie:\n    name: shop_server\n    secure: true\n    httpOnly: true\n"
                + "    sameSite: lax\n    maxAge: 3600\n    path: /\n    domain: example.com\n" + servers(a)));
        assertThat(get(proxy.port(), "").header("set-cookie")).isEqualTo("shop_server=" + StickyCookie.hash(a)
                + "; Path=/; Domain=example.com; Max-Age=3600; HttpOnly; Secure; SameSite=Lax");
    }

    @Test
    void everyServerEjectedGives503WithoutTouchingIt() throws Exception {
        Resetter resetter = track(new Resetter());
        TestProxy proxy = proxy(lb("passiveHealthCheck:\n  failureWindow: 1h\n" + servers(resetter.url())));
        assertThat(get(proxy.port(), "").status()).isEqualTo(502);
        for (int i = 0; i < 5; i++) {
            assertThat(get(proxy.port(), "").status()).isEqualTo(503);
        }
        assertThat(resetter.accepted.get()).isEqualTo(1);
        assertThat(proxy.service().isUp()).isFalse();
    }

    @Test
    void serverErrorsCountAsPassiveFailures() throws Exception {
        Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
        AtomicInteger failing = new AtomicInteger();
        TestServer broken = track(TestServer.http(exchange -> {
            failing.incrementAndGet();
            exchange.setStatusCode(500).endExchange();
        }));
        String ok = backend("ok", hits).url();
        TestProxy proxy = proxy(lb("passiveHealthCheck:\n  failureWindow: 1h\n  maxFailedAttempts: 3\n"
                + servers(broken.url(), ok)));
        for (int i = 0; i < 30; i++) {
            get(proxy.port(), "");
        }
        assertThat(failing.get()).as("three 500s within the window eject the server").isEqualTo(3);
    }

    @Test
    void garbageAndHostileRedirectsFromOneHealthEndpointDoNotStopOtherChecks() throws Exception {
        ServerSocket garbage = track(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
        Thread t = new Thread(() -> {
            while (!garbage.isClosed()) {
                try (Socket s = garbage.accept()) {
                    s.getOutputStream().write("HELLO\r\n\r\n\u0000\u0001garbage".getBytes(StandardCharsets.ISO_8859_1));
                    s.getOutputStream().flush();
                    s.setSoLinger(true, 0);
                } catch (IOException ignored) {
                    // next
                }
            }
        }, "garbage");
        t.setDaemon(true);
        t.start();
        TestServer weird = track(TestServer.http(exchange -> {
            if (exchange.getRequestPath().equals("/health")) {
                exchange.setStatusCode(302);
                exchange.getResponseHeaders().put(Headers.LOCATION, "file:///etc/passwd");
                exchange.endExchange();
                return;
            }
            new EchoHandler("w").handleRequest(exchange);
        }));
        AtomicInteger goodChecks = new AtomicInteger();
        TestServer good = track(TestServer.http(exchange -> {
            if (exchange.getRequestPath().equals("/health")) {
                goodChecks.incrementAndGet();
            }
            new EchoHandler("g").handleRequest(exchange);
        }));
        TestProxy garbageProxy = proxy(lb("healthCheck:\n  path: /health\n" + FAST + "servers:\n  - url: http://127.0.0.1:"
                + garbage.getLocalPort() + "\n"));
        TestProxy weirdProxy = proxy(lb("healthCheck:\n  path: /health\n" + FAST + servers(weird.url())));
        TestProxy goodProxy = proxy(lb("healthCheck:\n  path: /health\n" + FAST + servers(good.url())));
        await(() -> !garbageProxy.service().isUp() && !weirdProxy.service().isUp());
        int before = goodChecks.get();
        await(() -> goodChecks.get() >= before + 5);
        assertThat(goodProxy.service().isUp()).isTrue();
        assertThat(get(goodProxy.port(), "").status()).isEqualTo(200);
        assertThat(get(weirdProxy.port(), "").status()).isEqualTo(503);
    }

    private static RawHttp.Response getFrom(String localIp, int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new java.net.InetSocketAddress(localIp, 0));
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 10_000);
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write("GET /x HTTP/1.1\r\nHost: app\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            return RawHttp.read(socket.getInputStream());
        }
    }

    @Test
    void hrwRemovingAServerMovesOnlyItsClients() throws Exception {
        Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            urls.add(backend("b" + i, hits).url());
        }
        TestProxy all = proxy(lb("strategy: hrw\n" + servers(urls.toArray(String[]::new))));
        TestProxy without = proxy(lb("strategy: hrw\n" + servers(urls.get(0), urls.get(1), urls.get(3))));
        Map<String, String> before = new HashMap<>();
        for (int i = 2; i < 42; i++) {
            String ip = "127.0.0." + i;
            before.put(ip, EchoHandler.field(getFrom(ip, all.port()).body(), "server"));
            assertThat(EchoHandler.field(getFrom(ip, all.port()).body(), "server")).as("stable for " + ip)
                    .isEqualTo(before.get(ip));
        }
        assertThat(new HashSet<>(before.values())).as("40 clients spread over servers").hasSizeGreaterThan(1);
        for (Map.Entry<String, String> e : before.entrySet()) {
            String after = EchoHandler.field(getFrom(e.getKey(), without.port()).body(), "server");
            if (!e.getValue().equals("b2")) {
                assertThat(after).as("client " + e.getKey() + " of a remaining server").isEqualTo(e.getValue());
            } else {
                assertThat(after).isNotEqualTo("b2");
            }
        }
    }

    @Test
    void aDrainedServerIsNeverPickedByAnyStrategy() throws Exception {
        Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
        String a = backend("a", hits).url(), b = backend("b", hits).url(), c = backend("c", hits).url();
        for (String strategy : List.of("wrr", "p2c", "hrw", "leasttime")) {
            TestProxy proxy = proxy(lb("strategy: " + strategy + "\nservers:\n  - url: " + a + "\n  - url: " + b
                    + "\n    weight: 0\n  - url: " + c + "\n"));
            for (int i = 0; i < 20; i++) {
                assertThat(getFrom("127.0.0." + (2 + i), proxy.port()).status()).isEqualTo(200);
            }
        }
        assertThat(hits.get("b")).isNull();
    }

    private static String defaultCookieName(String qualifiedName) throws Exception {
        byte[] sha1 = java.security.MessageDigest.getInstance("SHA-1")
                .digest(("_TRAEFIK_BACKEND_" + qualifiedName).getBytes(StandardCharsets.UTF_8));
        return "_" + java.util.HexFormat.of().formatHex(sha1).substring(0, 5);
    }

    @Test
    void stickyWithoutOptionsOrWithAnEmptyNameUsesTraefiksDefaultName() throws Exception {
        Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
        String a = backend("a", hits).url();
        for (String sticky : List.of("sticky: true", "sticky: {}", "sticky:\n  cookie: {}", "sticky:\n  cookie:\n    name: \"\"")) {
            TestProxy proxy = proxy(lb(sticky + "\n" + servers(a)));
            assertThat(cookieName(get(proxy.port(), ""))).as(sticky).isEqualTo(defaultCookieName("test"));
        }
    }

    @Test
    void stickyFalseSetsNoCookie() throws Exception {
        Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
        String a = backend("a", hits).url();
        TestProxy proxy = proxy(lb("sticky: false\n" + servers(a)));
        assertThat(get(proxy.port(), "").header("set-cookie")).isNull();
    }

    @Test
    void aStickyCookieForAServerThatIsDownIsReplaced() throws Exception {
        AtomicBoolean aHealthy = new AtomicBoolean(true);
        AtomicInteger aTraffic = new AtomicInteger();
        TestServer a = track(TestServer.http(exchange -> {
            if (exchange.getRequestPath().equals("/health")) {
                exchange.setStatusCode(aHealthy.get() ? 200 : 503).endExchange();
                return;
            }
            aTraffic.incrementAndGet();
            new EchoHandler("a").handleRequest(exchange);
        }));
        TestServer b = track(TestServer.http(new EchoHandler("b")));
        TestProxy proxy = proxy(lb("sticky:\n  cookie:\n    name: pin\nhealthCheck:\n  path: /health\n" + FAST
                + servers(a.url(), b.url())));
        aHealthy.set(false);
        await(() -> !proxy.service().servers().get(0).available());
        int before = aTraffic.get();
        for (int i = 0; i < 5; i++) {
            RawHttp.Response r = get(proxy.port(), "Cookie: pin=" + StickyCookie.hash(a.url()) + "\r\n");
            assertThat(EchoHandler.field(r.body(), "server")).isEqualTo("b");
            assertThat(cookieValue(r)).isEqualTo(StickyCookie.hash(b.url()));
        }
        assertThat(aTraffic.get()).isEqualTo(before);
    }

    @Test
    void anHttpsCheckOfAPlainServerFailsTheCheckOnly() throws Exception {
        Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
        String a = backend("a", hits).url();
        TestProxy proxy = proxy(lb("healthCheck:\n  path: /health\n  scheme: https\n" + FAST + servers(a)));
        await(() -> !proxy.service().isUp());
        assertThat(get(proxy.port(), "").status()).isEqualTo(503);
    }
}
