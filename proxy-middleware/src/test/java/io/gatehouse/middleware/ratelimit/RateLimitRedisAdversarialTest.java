package io.gatehouse.middleware.ratelimit;

import static io.gatehouse.middleware.testing.HostileConfig.accepted;
import static io.gatehouse.middleware.testing.HostileConfig.assertRejected;
import static io.gatehouse.middleware.testing.HostileConfig.errorOf;
import static io.gatehouse.middleware.testing.HostileConfig.quoted;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.core.config.ConfigException;
import io.gatehouse.core.middleware.Middleware;
import io.gatehouse.middleware.testing.MiddlewareConfigs;
import io.gatehouse.middleware.source.SourceCriterion;
import io.gatehouse.middleware.testing.ProxiedMiddleware;
import io.undertow.server.HttpHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile configuration and hostile runtime conditions for rateLimit's Redis (distributed) limiter,
 * written from docs/middlewares/ratelimit.md ("Distributed limiting (Redis)") and Traefik's docs only.
 */
@ExtendWith(RedisServer.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RateLimitRedisAdversarialTest {

    private static final String TYPE = "rateLimit";
    private static final Duration SHORT = Duration.ofMillis(300);

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @TempDir
    Path tmp;

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private static String redis(String redisLines) {
        StringBuilder out = new StringBuilder("average: 10\nburst: 10\nredis:\n");
        for (String line : redisLines.split("\n")) {
            out.append("  ").append(line).append('\n');
        }
        return out.toString();
    }

    private void acceptedAndClosed(String options) {
        Middleware m = accepted(TYPE, options);
        m.close();
    }

    /** Either accepted, or a clear error naming the option; never an unchecked exception. */
    private static void acceptedOrRejectedAt(String option, String options) {
        String yaml = MiddlewareConfigs.yaml(TYPE, options);
        try {
            MiddlewareConfigs.build(yaml, "m").close();
        } catch (ConfigException e) {
            assertThat(e.getMessage().toLowerCase()).contains("http.middlewares.m.ratelimit").contains(option.toLowerCase());
        } catch (RuntimeException e) {
            throw new AssertionError("unchecked " + e + " escaped", e);
        }
    }

    // ---------------------------------------------------------------- endpoints

    @Test
    void emptyEndpointListIsRejected() {
        // "exactly one"
        assertRejected(TYPE, "endpoints", redis("endpoints: []"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ":", "host:", "host:99999", "host:65536", "host:0", "host:-1", "host:abc",
            "[::1]", "::1", "[::1", "host:6379:1", "host", " ", "host :6379", "redis://host:6379"})
    void endpointWithoutValidPortIsRejected(String endpoint) {
        assertRejected(TYPE, "endpoints", redis("endpoints:\n  - " + quoted(endpoint)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"local\r\nhost:6379", "localhost:6379\r\nFLUSHALL", "loc\u0000alhost:6379", "localhost:63\n79"})
    void endpointWithControlCharactersIsRejected(String endpoint) {
        assertRejected(TYPE, "endpoints", redis("endpoints:\n  - " + quoted(endpoint)));
    }

    @Test
    void endpointWithEmptyHostIsAcceptedOrClearlyRejected() {
        // Doc silent; Go (Traefik) dials the local host for ":6379". Never an unchecked exception.
        acceptedOrRejectedAt("endpoints", redis("endpoints:\n  - \":6379\""));
    }

    @Test
    void ipv6EndpointWithPortIsAccepted() {
        acceptedAndClosed(redis("endpoints:\n  - \"[::1]:6379\""));
    }

    @Test
    void thousandEndpointsAreRejected() {
        StringBuilder lines = new StringBuilder("endpoints:\n");
        for (int i = 0; i < 1000; i++) {
            lines.append("  - \"host").append(i).append(":6379\"\n");
        }
        // "exactly one": several endpoints are a configuration error
        assertRejected(TYPE, "endpoints", redis(lines.toString().stripTrailing()));
    }

    @Test
    void twoEndpointsAreRejected() {
        assertRejected(TYPE, "endpoints", redis("endpoints:\n  - \"a:6379\"\n  - \"b:6379\""));
    }

    @Test
    void megabyteHostIsAnOutageAtRuntime() throws Exception {
        // Doc silent on host names; Traefik accepts any host and fails when dialing: fail closed, never hang.
        RateLimit rl = limiterOn("h".repeat(1 << 20) + ":6379", "hugehost", 1000, Duration.ofSeconds(1), 1000);
        assertAllFailClosed(proxy(rl), 3);
    }

    @Test
    void endpointsOfWrongTypeAreRejected() {
        assertRejected(TYPE, "endpoints", redis("endpoints:\n  a: b"));
    }

    @Test
    void unknownRedisOptionIsRejected() {
        assertRejected(TYPE, "cluster", redis("cluster: true"));
    }

    // ---------------------------------------------------------------- db

    @ParameterizedTest
    @ValueSource(strings = {"-1", "-2147483648", "99999999999", "abc", "1.5", "\"\"", "[1]"})
    void badDbIsRejected(String db) {
        assertRejected(TYPE, "db", redis("db: " + db));
    }

    @Test
    void db16IsAcceptedAtConfigurationTime() {
        // "A db the server does not have ... is such an outage": not a configuration error.
        acceptedAndClosed(redis("db: 16"));
    }

    // ---------------------------------------------------------------- timeouts

    @ParameterizedTest
    @ValueSource(strings = {"readTimeout", "writeTimeout", "dialTimeout"})
    void badTimeoutsAreRejected(String option) {
        for (String value : List.of("-1s", "-1ns", "11m", "1h", "1000000h", "9999999999999999999s", "garbage", "601", "\"\"",
                "1s\\r\\nx", "[1s]")) {
            assertRejected(TYPE, option, redis(option + ": " + (value.startsWith("\"") || value.startsWith("[") ? value : quoted(value.replace("\\r\\n", "\r\n")))));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"readTimeout", "writeTimeout", "dialTimeout"})
    void edgeTimeoutsAreAccepted(String option) {
        // 0 means the default; 1ns and exactly 10m are within the bound; Traefik reads a bare number as seconds
        for (String value : List.of("0", "0s", "1ns", "10m", "5", "600")) {
            acceptedAndClosed(redis(option + ": " + quoted(value)));
        }
    }

    // ---------------------------------------------------------------- pool sizes

    @ParameterizedTest
    @ValueSource(strings = {"poolSize", "minIdleConns", "maxActiveConns"})
    void badPoolSizesAreRejected(String option) {
        for (String value : List.of("-1", "-2147483648", "2147483648", "99999999999999999999", "abc", "1.5")) {
            assertRejected(TYPE, option, redis(option + ": " + value));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"poolSize", "minIdleConns", "maxActiveConns"})
    void hugePoolSizesAreAcceptedWithoutEffect(String option) {
        acceptedAndClosed(redis(option + ": 2147483647"));
    }

    // ---------------------------------------------------------------- credentials

    @ParameterizedTest
    @ValueSource(strings = {"username", "password"})
    void credentialsWithCrLfOrHugeAreAcceptedOrClearlyRejectedAndNeverEchoed(String option) {
        String secret = "s3cr3t-\r\nAUTH x\r\nFLUSHALL\r\n-";
        for (String value : List.of(secret, "S".repeat(1 << 20))) {
            String options = redis("endpoints:\n  - \"host:99999\"\n" + option + ": " + quoted(value));
            // the endpoint is bad, so there is an error; it must never contain the credential
            String message = errorOf(TYPE, options);
            assertThat(message).doesNotContain("s3cr3t").doesNotContain("SSSSSSSS");
            acceptedOrRejectedAt(option, redis(option + ": " + quoted(value)));
        }
    }

    @Test
    void passwordNeverInToString() {
        RedisConfig config = new RedisConfig(List.of("localhost:6379"), "user", "very-secret-pw", 0, null, 0, 0, 0,
                null, null, null);
        assertThat(config.toString()).doesNotContain("very-secret-pw");
        RateLimitConfig rl = RateLimitConfig.of(1, Duration.ofSeconds(1)).withRedis(config);
        assertThat(rl.toString()).doesNotContain("very-secret-pw");
    }

    // ---------------------------------------------------------------- tls

    @Test
    void missingTlsFilesAreRejected() {
        String missing = tmp.resolve("missing.pem").toString();
        assertRejected(TYPE, "ca", redis("tls:\n  ca: " + quoted(missing)));
        assertRejected(TYPE, "cert", redis("tls:\n  cert: " + quoted(missing) + "\n  key: " + quoted(missing)));
    }

    // Doc: "TLS files that are missing or unreadable are configuration errors"; for garbage content the doc is
    // silent, Traefik's ClientTLS fails the middleware ("failed to parse CA", "failed to load TLS keypair").

    private Path garbageFile() throws IOException {
        Path garbage = tmp.resolve("garbage.pem");
        Files.write(garbage, new byte[] {0, 1, 2, (byte) 0xff, '-', '-', '-', '\r', '\n'});
        return garbage;
    }

    private Path pemShapedGarbage() throws IOException {
        Path fakePem = tmp.resolve("fake.pem");
        Files.writeString(fakePem, "-----BEGIN CERTIFICATE-----\nnot base64 !!!\n-----END CERTIFICATE-----\n");
        return fakePem;
    }

    @Test
    void binaryGarbageCaIsRejected() throws IOException {
        assertRejected(TYPE, "ca", redis("tls:\n  ca: " + quoted(garbageFile().toString())));
    }

    @Test
    void pemShapedGarbageCaIsRejected() throws IOException {
        assertRejected(TYPE, "ca", redis("tls:\n  ca: " + quoted(pemShapedGarbage().toString())));
    }

    @Test
    void garbageCertAndKeyAreRejected() throws IOException {
        for (Path bad : List.of(garbageFile(), pemShapedGarbage())) {
            assertRejected(TYPE, "tls", redis("tls:\n  cert: " + quoted(bad.toString()) + "\n  key: " + quoted(bad.toString())));
        }
    }

    @Test
    void directoryAsTlsFileIsRejected() {
        assertRejected(TYPE, "ca", redis("tls:\n  ca: " + quoted(tmp.toString())));
    }

    @Test
    void certWithoutKeyIsRejected() throws IOException {
        Path pem = tmp.resolve("c.pem");
        Files.writeString(pem, "x");
        assertRejected(TYPE, "key", redis("tls:\n  cert: " + quoted(pem.toString())));
    }

    @Test
    void tlsFileNameWithCrLfIsRejected() {
        assertRejected(TYPE, "ca", redis("tls:\n  ca: " + quoted("/etc/ssl\r\n/ca.pem")));
    }

    // ---------------------------------------------------------------- runtime: not Redis

    /** A TCP server that treats every connection with {@code behaviour}, counting connections. */
    private ServerSocket fakeRedis(Consumer<Socket> behaviour) throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        toClose.add(server);
        Thread t = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    toClose.add(s);
                    Thread h = new Thread(() -> behaviour.accept(s));
                    h.setDaemon(true);
                    h.start();
                } catch (IOException e) {
                    return;
                }
            }
        });
        t.setDaemon(true);
        t.start();
        return server;
    }

    private static void answering(Socket s, byte[] reply) {
        try (s) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            byte[] buf = new byte[4096];
            while (in.read(buf) >= 0) {
                out.write(reply);
                out.flush();
            }
        } catch (IOException ignored) {
            // the client gave up
        }
    }

    private RateLimit limiterOn(String endpoint, String name, long average, Duration period, long burst) {
        RedisConfig redis = RedisConfig.of(endpoint).withTimeouts(SHORT, SHORT, SHORT);
        RateLimit rl = RateLimit.of(name, RateLimitConfig.of(average, period).withBurst(burst).withRedis(redis));
        toClose.add(rl);
        return rl;
    }

    private final AtomicInteger backendHits = new AtomicInteger();

    private ProxiedMiddleware proxy(Middleware m) {
        HttpHandler backend = exchange -> {
            backendHits.incrementAndGet();
            exchange.getResponseSender().send("ok");
        };
        ProxiedMiddleware p = ProxiedMiddleware.start(m, backend);
        toClose.add(p);
        return p;
    }

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private HttpResponse<String> get(ProxiedMiddleware p, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p.port() + "/x"))
                .timeout(Duration.ofSeconds(30));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void assertAllFailClosed(ProxiedMiddleware p, int n) throws Exception {
        for (int i = 0; i < n; i++) {
            assertThat(get(p).statusCode()).as("request %d", i).isEqualTo(500);
        }
        assertThat(backendHits).as("no request reaches the service").hasValue(0);
    }

    @Test
    void redisThatAnswersGarbageFailsClosed() throws Exception {
        ServerSocket fake = fakeRedis(s -> answering(s, "\u0000\u00ff garbage !!\r\n$-7\r\n*x\r\n".getBytes(StandardCharsets.ISO_8859_1)));
        ProxiedMiddleware p = proxy(limiterOn("127.0.0.1:" + fake.getLocalPort(), "garbage", 1000, Duration.ofSeconds(1), 1000));
        assertAllFailClosed(p, 10);
    }

    @Test
    void redisThatIsAnHttpServerFailsClosed() throws Exception {
        ServerSocket fake = fakeRedis(s -> answering(s,
                "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
        ProxiedMiddleware p = proxy(limiterOn("127.0.0.1:" + fake.getLocalPort(), "http", 1000, Duration.ofSeconds(1), 1000));
        assertAllFailClosed(p, 10);
    }

    @Test
    void redisThatAnswersAnErrorToEverythingFailsClosed() throws Exception {
        ServerSocket fake = fakeRedis(s -> answering(s, "-ERR nope\r\n".getBytes(StandardCharsets.US_ASCII)));
        ProxiedMiddleware p = proxy(limiterOn("127.0.0.1:" + fake.getLocalPort(), "err", 1000, Duration.ofSeconds(1), 1000));
        assertAllFailClosed(p, 10);
    }

    @Test
    void redisThatAcceptsAndNeverAnswersFailsClosed() throws Exception {
        ServerSocket fake = fakeRedis(s -> {
            try {
                InputStream in = s.getInputStream();
                byte[] buf = new byte[4096];
                while (in.read(buf) >= 0) {
                    // swallow
                }
            } catch (IOException ignored) {
                // closed
            }
        });
        ProxiedMiddleware p = proxy(limiterOn("127.0.0.1:" + fake.getLocalPort(), "silent", 1000, Duration.ofSeconds(1), 1000));
        assertAllFailClosed(p, 10);
    }

    @Test
    void redisThatClosesImmediatelyFailsClosed() throws Exception {
        ServerSocket fake = fakeRedis(s -> {
            try {
                s.close();
            } catch (IOException ignored) {
                // closed anyway
            }
        });
        ProxiedMiddleware p = proxy(limiterOn("127.0.0.1:" + fake.getLocalPort(), "closer", 1000, Duration.ofSeconds(1), 1000));
        assertAllFailClosed(p, 10);
    }

    @Test
    void closedPortFailsClosed() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        ProxiedMiddleware p = proxy(limiterOn("127.0.0.1:" + port, "closed", 1000, Duration.ofSeconds(1), 1000));
        assertAllFailClosed(p, 10);
    }

    @Test
    void concurrentRequestsAgainstSilentRedisAllGetAnAnswer() throws Exception {
        ServerSocket fake = fakeRedis(s -> {
            try {
                s.getInputStream().readAllBytes();
            } catch (IOException ignored) {
                // closed
            }
        });
        ProxiedMiddleware p = proxy(limiterOn("127.0.0.1:" + fake.getLocalPort(), "silent-many", 1000, Duration.ofSeconds(1), 1000));
        Map<Integer, AtomicInteger> statuses = sendConcurrently(p, 100, i -> "src" + (i % 10));
        assertThat(statuses.keySet()).containsOnly(500);
        assertThat(statuses.get(500)).hasValue(100);
        assertThat(backendHits).hasValue(0);
    }

    // ---------------------------------------------------------------- runtime: real Redis

    private static String endpoint() {
        return "127.0.0.1:" + RedisServer.shared().port();
    }

    @Test
    void unknownDbIsAnOutageNotACrash() throws Exception {
        RedisConfig redis = RedisConfig.of(endpoint()).withDb(16).withTimeouts(SHORT, SHORT, SHORT);
        RateLimit rl = RateLimit.of("db16", RateLimitConfig.of(1000, Duration.ofSeconds(1)).withBurst(1000).withRedis(redis));
        toClose.add(rl);
        assertAllFailClosed(proxy(rl), 5);
    }

    @Test
    void wrongPasswordIsAnOutageNotACrash() throws Exception {
        RedisServer own = RedisServer.startPrivate();
        toClose.add(own);
        assertThat(redisCli(own.port(), "CONFIG", "SET", "requirepass", "right-password")).isEqualTo("OK");
        RedisConfig base = RedisConfig.of("127.0.0.1:" + own.port());
        RedisConfig redis = new RedisConfig(base.endpoints(), null, "wrong\r\nFLUSHALL\r\n", 0, null, 0, 0, 0, SHORT, SHORT, SHORT);
        RateLimit rl = RateLimit.of("badpw", RateLimitConfig.of(1000, Duration.ofSeconds(1)).withBurst(1000).withRedis(redis));
        toClose.add(rl);
        assertAllFailClosed(proxy(rl), 5);
    }

    private Map<Integer, AtomicInteger> sendConcurrently(ProxiedMiddleware p, int n, java.util.function.IntFunction<String> source)
            throws Exception {
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p.port() + "/x"))
                    .timeout(Duration.ofSeconds(60)).header("X-Src", source.apply(i)).build();
            all.add(client.sendAsync(req, HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> f : all) {
            statuses.computeIfAbsent(f.get(90, TimeUnit.SECONDS).statusCode(), k -> new AtomicInteger()).incrementAndGet();
        }
        return statuses;
    }

    private RateLimit headerLimiter(String endpoint, String name, long average, Duration period, long burst) {
        RedisConfig redis = RedisConfig.of(endpoint).withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5));
        RateLimit rl = RateLimit.of(name, RateLimitConfig.of(average, period).withBurst(burst)
                .withSourceCriterion(new SourceCriterion(null, "X-Src", false)).withRedis(redis));
        toClose.add(rl);
        return rl;
    }

    @Test
    void twoHundredConcurrentRequestsFromManySourcesAreCountedExactly() throws Exception {
        String name = "conc-" + System.nanoTime();
        ProxiedMiddleware p = proxy(headerLimiter(endpoint(), name, 1, Duration.ofHours(1), 2));
        // 50 sources, 4 requests each: exactly 2 pass per source (burst 2, nothing refills within an hour)
        Map<Integer, AtomicInteger> statuses = sendConcurrently(p, 200, i -> "source-" + (i % 50));
        assertThat(statuses.keySet()).containsOnly(200, 429);
        assertThat(statuses.get(200)).hasValue(100);
        assertThat(statuses.get(429)).hasValue(100);
        assertThat(backendHits).hasValue(100);
    }

    /** Sends raw bytes, returns the status code of the answer. */
    private static int rawStatus(int port, byte[] request) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(30_000);
            s.getOutputStream().write(request);
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) >= 0 && c != '\n') {
                line.write(c);
            }
            String status = line.toString(StandardCharsets.ISO_8859_1);
            assertThat(status).as("an HTTP answer").startsWith("HTTP/1.1 ");
            return Integer.parseInt(status.substring(9, 12));
        }
    }

    private static byte[] requestWithSource(byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("GET /x HTTP/1.1\r\nHost: a\r\nConnection: close\r\nX-Src: ".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(value);
        out.writeBytes("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    @Test
    void hostileSourceKeysGetTheirOwnBucketsWithoutInjection() throws Exception {
        String name = "hostile-" + System.nanoTime();
        ProxiedMiddleware p = proxy(headerLimiter(endpoint(), name, 1, Duration.ofHours(1), 1));
        List<byte[]> sources = List.of(
                "*".getBytes(StandardCharsets.US_ASCII),
                ("rate:" + name + ":*").getBytes(StandardCharsets.US_ASCII),
                "\"; redis.call('FLUSHALL'); --".getBytes(StandardCharsets.US_ASCII),
                "$3 SET x y *1".getBytes(StandardCharsets.US_ASCII),
                "%0d%0aFLUSHALL%0d%0a".getBytes(StandardCharsets.US_ASCII),
                "ключ-🔑-鍵".getBytes(StandardCharsets.UTF_8),
                new byte[] {(byte) 0xff, (byte) 0xfe, (byte) 0x80, 'z'},
                "k".repeat(10 * 1024).getBytes(StandardCharsets.US_ASCII),
                "k".repeat(10 * 1024 - 1).concat("l").getBytes(StandardCharsets.US_ASCII));
        for (byte[] source : sources) {
            String shown = new String(source, 0, Math.min(source.length, 40), StandardCharsets.ISO_8859_1);
            assertThat(rawStatus(p.port(), requestWithSource(source))).as("first from %s", shown).isEqualTo(200);
            assertThat(rawStatus(p.port(), requestWithSource(source))).as("second from %s", shown).isEqualTo(429);
        }
        assertThat(redisCli("EXISTS", "x")).isEqualTo("0");
        assertThat(redisCli("PING")).isEqualTo("PONG");
        assertThat(redisCli("EVAL", "return #redis.call('keys', ARGV[1])", "0", "rate:" + name + ":*"))
                .as("one bucket per distinct source").isEqualTo(String.valueOf(sources.size()));
    }

    @Test
    void sourceWithBareCrOrLfGetsAnAnswer() throws Exception {
        String name = "crlf-" + System.nanoTime();
        ProxiedMiddleware p = proxy(headerLimiter(endpoint(), name, 1, Duration.ofHours(1), 1));
        for (String value : List.of("a\rFLUSHALL", "a\r\n FLUSHALL", "a\u0000b")) {
            int status = rawStatus(p.port(), requestWithSource(value.getBytes(StandardCharsets.ISO_8859_1)));
            assertThat(status).as("answer for %s", value.replace("\r", "\\r").replace("\n", "\\n")).isIn(200, 400, 429);
        }
        assertThat(redisCli("PING")).isEqualTo("PONG");
        assertThat(get(p, "X-Src", "after").statusCode()).isEqualTo(200);
    }

    private static String redisCli(String... args) throws Exception {
        return redisCli(RedisServer.shared().port(), args);
    }

    private static String redisCli(int port, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", String.valueOf(port)));
        cmd.addAll(List.of(args));
        Process proc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(proc.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    @Test
    void twoMiddlewaresWithDifferentLimitsSharingANameShareOneBucket() throws Exception {
        String name = "shared-" + System.nanoTime();
        ProxiedMiddleware small = proxy(headerLimiter(endpoint(), name, 1, Duration.ofHours(1), 1));
        ProxiedMiddleware large = proxy(headerLimiter(endpoint(), name, 1, Duration.ofHours(1), 5));
        int passed = 0;
        for (int i = 0; i < 10; i++) {
            for (ProxiedMiddleware p : List.of(small, large)) {
                int status = get(p, "X-Src", "one").statusCode();
                assertThat(status).isIn(200, 429);
                if (status == 200) {
                    passed++;
                }
            }
        }
        // one shared bucket: never more than the larger burst in all (two private buckets would give 1 + 5)
        assertThat(passed).isBetween(1, 5);
    }

    @Test
    void redisRestartedMidRunFailsClosedThenRecoversWithFreshBuckets() throws Exception {
        RedisServer own = RedisServer.startPrivate();
        toClose.add(own);
        String name = "restart-" + System.nanoTime();
        RedisConfig redis = RedisConfig.of(own.endpoint()).withTimeouts(Duration.ofMillis(500), Duration.ofMillis(500),
                Duration.ofMillis(500));
        RateLimit rl = RateLimit.of(name, RateLimitConfig.of(1, Duration.ofHours(1)).withBurst(2).withRedis(redis));
        toClose.add(rl);
        ProxiedMiddleware p = proxy(rl);
        assertThat(get(p).statusCode()).isEqualTo(200);
        assertThat(get(p).statusCode()).isEqualTo(200);
        assertThat(get(p).statusCode()).isEqualTo(429);

        own.kill();
        for (int i = 0; i < 5; i++) {
            assertThat(get(p).statusCode()).as("while Redis is down").isEqualTo(500);
        }
        own.start();
        // "reconnects by itself ... within about a second": poll generously, count-based
        int status = 500;
        for (int i = 0; i < 200 && status == 500; i++) {
            status = get(p).statusCode();
            if (status == 500) {
                Thread.sleep(100);
            }
        }
        assertThat(status).as("after Redis came back (empty): a full bucket").isEqualTo(200);
        assertThat(get(p).statusCode()).isEqualTo(200);
        assertThat(get(p).statusCode()).isEqualTo(429);
        assertThat(backendHits).hasValue(4);
    }
}
