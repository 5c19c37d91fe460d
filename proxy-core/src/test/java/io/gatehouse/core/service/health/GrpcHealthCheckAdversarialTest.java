package io.gatehouse.core.service.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.gatehouse.core.config.ConfigError;
import io.gatehouse.core.provider.FileProvider;
import io.gatehouse.core.server.Gatehouse;
import io.gatehouse.core.testing.TestCertificates;
import io.gatehouse.core.testing.TestServer;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Adversarial tests of {@code healthCheck.mode: grpc}, written from docs/services.md and Traefik's docs only.
 * A server's health is observed by whether requests through a real Gatehouse reach it: each service has one
 * server (a plain HTTP backend that answers "ok") and its check goes to {@code port}, where a real gRPC server or
 * a scripted HTTP/2 peer answers. Up: 200 "ok"; down: 503.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GrpcHealthCheckAdversarialTest {

    private static final Duration BOUND = Duration.ofSeconds(15);
    private static final byte[] SERVING = {0x08, 0x01};
    private static final byte[] NOT_SERVING = {0x08, 0x02};
    private static final byte[] SERVICE_UNKNOWN = {0x08, 0x03};

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private TestServer traffic;
    private Gatehouse shared;
    private final Map<String, RawH2Peer> hostile = new LinkedHashMap<>();
    private GrpcPeer sharedControl;

    // ---------------------------------------------------------------- scripted hostile HTTP/2 peers

    static Stream<Arguments> hostilePeers() {
        return Stream.of(
                Arguments.of("trailers-only-ok-no-message", (Script) (s, p) -> {
                    p.headers(s, true, ":status", "200", "content-type", "application/grpc", "grpc-status", "0");
                }),
                Arguments.of("ok-headers-and-trailers-no-body", (Script) (s, p) -> {
                    p.headers(s, false, ":status", "200", "content-type", "application/grpc");
                    p.headers(s, true, "grpc-status", "0");
                }),
                Arguments.of("frame-declaring-4GB", (Script) (s, p) -> {
                    p.headers(s, false, ":status", "200", "content-type", "application/grpc");
                    p.data(s, false, grpcFrame(0, 0xFFFFFFFFL, SERVING));
                    p.headers(s, true, "grpc-status", "0");
                }),
                Arguments.of("compressed-flag-set", (Script) (s, p) -> {
                    p.headers(s, false, ":status", "200", "content-type", "application/grpc", "grpc-encoding", "gzip");
                    p.data(s, false, grpcFrame(1, SERVING.length, SERVING));
                    p.headers(s, true, "grpc-status", "0");
                }),
                Arguments.of("two-messages", (Script) (s, p) -> {
                    p.headers(s, false, ":status", "200", "content-type", "application/grpc");
                    p.data(s, false, concat(grpcFrame(0, 2, SERVING), grpcFrame(0, 2, SERVING)));
                    p.headers(s, true, "grpc-status", "0");
                }),
                Arguments.of("length-prefix-longer-than-body", (Script) (s, p) -> {
                    p.headers(s, false, ":status", "200", "content-type", "application/grpc");
                    p.data(s, false, grpcFrame(0, 5, SERVING));
                    p.headers(s, true, "grpc-status", "0");
                }),
                Arguments.of("truncated-protobuf-field", (Script) (s, p) -> {
                    p.headers(s, false, ":status", "200", "content-type", "application/grpc");
                    p.data(s, false, grpcFrame(0, 1, new byte[] {0x08}));
                    p.headers(s, true, "grpc-status", "0");
                }),
                Arguments.of("trailers-missing-grpc-status", (Script) (s, p) -> {
                    p.headers(s, false, ":status", "200", "content-type", "application/grpc");
                    p.data(s, false, grpcFrame(0, 2, SERVING));
                    p.headers(s, true, "grpc-message", "fine");
                }),
                Arguments.of("no-trailers-at-all", (Script) (s, p) -> {
                    p.headers(s, false, ":status", "200", "content-type", "application/grpc");
                    p.data(s, true, grpcFrame(0, 2, SERVING));
                }),
                Arguments.of("grpc-status-non-numeric", (Script) (s, p) -> answer(s, p, "200", "application/grpc", SERVING, "OK")),
                Arguments.of("grpc-status-huge", (Script) (s, p) -> answer(s, p, "200", "application/grpc", SERVING, "4294967296")),
                Arguments.of("grpc-status-negative", (Script) (s, p) -> answer(s, p, "200", "application/grpc", SERVING, "-1")),
                Arguments.of("grpc-status-14-unavailable", (Script) (s, p) -> answer(s, p, "200", "application/grpc", SERVING, "14")),
                Arguments.of("not-serving", (Script) (s, p) -> answer(s, p, "200", "application/grpc", NOT_SERVING, "0")),
                Arguments.of("service-unknown", (Script) (s, p) -> answer(s, p, "200", "application/grpc", SERVICE_UNKNOWN, "0")),
                Arguments.of("unknown-empty-message", (Script) (s, p) -> answer(s, p, "200", "application/grpc", new byte[0], "0")),
                Arguments.of("status-enum-out-of-range", (Script) (s, p) -> answer(s, p, "200", "application/grpc", new byte[] {0x08, 0x63}, "0")),
                Arguments.of("http-500", (Script) (s, p) -> answer(s, p, "500", "application/grpc", SERVING, "0")),
                Arguments.of("content-type-text-html", (Script) (s, p) -> answer(s, p, "200", "text/html", SERVING, "0")),
                Arguments.of("message-over-4KiB", (Script) (s, p) -> {
                    byte[] big = new byte[5000];
                    big[0] = 0x08;
                    big[1] = 0x01;
                    big[2] = 0x12; // field 2, length-delimited: an unknown field padding the message
                    big[3] = (byte) 0x83;
                    big[4] = 0x27; // 4995 bytes
                    answer(s, p, "200", "application/grpc", big, "0");
                }),
                Arguments.of("never-answers", (Script) (s, p) -> { }),
                Arguments.of("answers-after-the-timeout", (Script) (s, p) -> {
                    Thread.sleep(3000);
                    answer(s, p, "200", "application/grpc", SERVING, "0");
                }),
                Arguments.of("rst-stream", (Script) (s, p) -> p.frame(3, 0, s, new byte[] {0, 0, 0, 2})),
                Arguments.of("rst-stream-after-serving-message", (Script) (s, p) -> {
                    p.headers(s, false, ":status", "200", "content-type", "application/grpc");
                    p.data(s, false, grpcFrame(0, 2, SERVING));
                    p.frame(3, 0, s, new byte[] {0, 0, 0, 8});
                }),
                Arguments.of("goaway", (Script) (s, p) -> p.frame(7, 0, 0, new byte[] {0, 0, 0, 0, 0, 0, 0, 2})),
                Arguments.of("close-mid-frame", (Script) (s, p) -> {
                    p.headers(s, false, ":status", "200", "content-type", "application/grpc");
                    byte[] whole = frameBytes(0, 0, s, grpcFrame(0, 2, SERVING));
                    p.raw(java.util.Arrays.copyOf(whole, 11));
                    p.socket.close();
                }),
                Arguments.of("endless-body", (Script) (s, p) -> {
                    p.headers(s, false, ":status", "200", "content-type", "application/grpc");
                    p.data(s, false, grpcFrame(0, 1_000_000, new byte[0]));
                    byte[] chunk = new byte[16384];
                    for (int i = 0; i < 100_000; i++) {
                        p.data(s, false, chunk);
                    }
                }),
                Arguments.of("huge-headers-endless-continuation", (Script) (s, p) -> {
                    byte[] block = hpack(":status", "200", "x-big", "a".repeat(16000));
                    p.frame(1, 0, s, block); // HEADERS without END_HEADERS
                    byte[] more = new byte[16384];
                    java.util.Arrays.fill(more, (byte) 'a');
                    for (int i = 0; i < 10_000; i++) {
                        p.frame(9, 0, s, more);
                    }
                }),
                Arguments.of("http11-answer-garbage", (Script) (s, p) -> {
                    p.raw("HTTP/1.1 200 OK\r\ncontent-type: application/grpc\r\ngrpc-status: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    p.socket.close();
                }),
                Arguments.of("garbage-bytes", (Script) (s, p) -> {
                    byte[] g = new byte[4096];
                    new java.util.Random(7).nextBytes(g);
                    p.raw(g);
                }));
    }

    /** Well-formed answers a real gRPC server may give: each must keep its server in. */
    /**
     * Valid HTTP/2 that Undertow 2.4.4's client cannot read: a header block (response headers or trailers) split
     * into HEADERS and CONTINUATION frames that arrive in separate reads. The client closes the connection, so the
     * check fails and the server leaves the load balancer (docs/services.md, gRPC checks: limits). Servers split
     * header blocks only past the 16 KiB frame size, which health answers never reach. When Undertow reads them,
     * these peers move to {@link #wellFormedPeers()}.
     */
    static Stream<Arguments> splitHeaderBlockPeers() {
        return Stream.of(
                Arguments.of("split-headers-in-continuation-separate-reads", (Script) (s, p) -> {
                    byte[] block = hpack(":status", "200", "content-type", "application/grpc");
                    p.frame(1, 0, s, java.util.Arrays.copyOf(block, 3));
                    Thread.sleep(20); // the CONTINUATION arrives in another TCP segment, as from a busy server
                    p.frame(9, 0x4, s, java.util.Arrays.copyOfRange(block, 3, block.length));
                    p.data(s, false, grpcFrame(0, 2, SERVING));
                    p.headers(s, true, "grpc-status", "0");
                }),
                Arguments.of("split-trailers-in-continuation-separate-reads", (Script) (s, p) -> {
                    p.headers(s, false, ":status", "200", "content-type", "application/grpc");
                    p.data(s, false, grpcFrame(0, 2, SERVING));
                    byte[] block = hpack("grpc-status", "0", "grpc-message", "");
                    p.frame(1, 0x1, s, java.util.Arrays.copyOf(block, 4));
                    Thread.sleep(20);
                    p.frame(9, 0x4, s, java.util.Arrays.copyOfRange(block, 4, block.length));
                }));
    }

    static Stream<Arguments> wellFormedPeers() {
        return Stream.of(
                Arguments.of("ok-serving-with-unknown-field", (Script) (s, p) ->
                        answer(s, p, "200", "application/grpc", new byte[] {0x08, 0x01, 0x1a, 0x02, 'h', 'i'}, "0")),
                Arguments.of("ok-status-field-repeated-last-wins", (Script) (s, p) ->
                        answer(s, p, "200", "application/grpc", new byte[] {0x08, 0x02, 0x08, 0x01}, "0")),
                Arguments.of("ok-message-split-across-data-frames", (Script) (s, p) -> {
                    p.headers(s, false, ":status", "200", "content-type", "application/grpc");
                    byte[] m = grpcFrame(0, 2, SERVING);
                    for (byte b : m) {
                        p.data(s, false, new byte[] {b});
                    }
                    p.headers(s, true, "grpc-status", "0");
                }),
                Arguments.of("ok-content-type-application-grpc-proto", (Script) (s, p) ->
                        answer(s, p, "200", "application/grpc+proto", SERVING, "0")),
                Arguments.of("ok-headers-in-continuation-one-write", (Script) (s, p) -> {
                    byte[] block = hpack(":status", "200", "content-type", "application/grpc");
                    p.raw(concat(frameBytes(1, 0, s, java.util.Arrays.copyOf(block, 3)),
                            frameBytes(9, 0x4, s, java.util.Arrays.copyOfRange(block, 3, block.length))));
                    p.data(s, false, grpcFrame(0, 2, SERVING));
                    p.headers(s, true, "grpc-status", "0");
                }),
                Arguments.of("ok-empty-data-frames-around-message", (Script) (s, p) -> {
                    p.headers(s, false, ":status", "200", "content-type", "application/grpc");
                    p.data(s, false, new byte[0]);
                    p.data(s, false, grpcFrame(0, 2, SERVING));
                    p.data(s, false, new byte[0]);
                    p.headers(s, true, "grpc-status", "0");
                }));
    }

    /** Control: the same scripted peer, answering correctly, keeps its server in (so the failures are not an artefact). */
    private static void serving(int s, RawH2Peer p) throws IOException {
        answer(s, p, "200", "application/grpc", SERVING, "0");
    }

    private static void answer(int s, RawH2Peer p, String status, String contentType, byte[] message, String grpcStatus)
            throws IOException {
        p.headers(s, false, ":status", status, "content-type", contentType);
        p.data(s, false, grpcFrame(0, message.length, message));
        p.headers(s, true, "grpc-status", grpcStatus);
    }

    @BeforeAll
    void startShared(@TempDir Path dir) throws Exception {
        traffic = TestServer.http(exchange -> exchange.getResponseSender().send("ok"));
        StringBuilder services = new StringBuilder();
        StringBuilder routers = new StringBuilder();
        for (Arguments a : hostilePeers().toList()) {
            String name = (String) a.get()[0];
            RawH2Peer peer = new RawH2Peer((Script) a.get()[1]);
            closeables.add(peer);
            hostile.put(name, peer);
            addService(routers, services, name, "http://127.0.0.1:" + traffic.port(), grpcCheck(peer.port()));
        }
        for (Arguments a : Stream.concat(wellFormedPeers(), splitHeaderBlockPeers()).toList()) {
            String name = (String) a.get()[0];
            RawH2Peer peer = new RawH2Peer((Script) a.get()[1]);
            closeables.add(peer);
            hostile.put(name, peer);
            addService(routers, services, name, "http://127.0.0.1:" + traffic.port(), grpcCheck(peer.port()));
        }
        RawH2Peer scriptedServing = new RawH2Peer(GrpcHealthCheckAdversarialTest::serving);
        closeables.add(scriptedServing);
        hostile.put("scripted-serving", scriptedServing);
        addService(routers, services, "scripted-serving", "http://127.0.0.1:" + traffic.port(), grpcCheck(scriptedServing.port()));

        sharedControl = new GrpcPeer(0, true);
        closeables.add(sharedControl);
        addService(routers, services, "control", "http://127.0.0.1:" + traffic.port(), grpcCheck(sharedControl.port()));

        TestServer http11 = TestServer.http(exchange -> exchange.getResponseSender().send("h1"));
        closeables.add(http11);
        addService(routers, services, "http11-only", "http://127.0.0.1:" + traffic.port(), grpcCheck(http11.port()));

        GrpcPeer noHealth = new GrpcPeer(0, false);
        closeables.add(noHealth);
        addService(routers, services, "unimplemented", "http://127.0.0.1:" + traffic.port(), grpcCheck(noHealth.port()));

        // scheme https against a plaintext gRPC server: TLS to an h2c port cannot succeed
        addService(routers, services, "https-to-plaintext", "http://127.0.0.1:" + traffic.port(),
                grpcCheck(sharedControl.port()) + "          scheme: https\n");

        // nothing listens on a closed port
        int closed;
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = ss.getLocalPort();
        }
        addService(routers, services, "refused", "http://127.0.0.1:" + traffic.port(), grpcCheck(closed));

        Path file = dir.resolve("dynamic.yml");
        Files.writeString(file, yaml(routers, services));
        shared = Gatehouse.builder().entryPoint("web", "127.0.0.1:0").provider(FileProvider.watching(file)).start();
        assertThat(shared.awaitConfigApplied(BOUND)).isTrue();
        assertThat(allErrors(shared)).isEmpty();
    }

    @AfterAll
    void stopShared() {
        if (shared != null) {
            shared.close();
        }
        for (AutoCloseable c : closeables) {
            try {
                c.close();
            } catch (Exception ignored) {
                // best effort
            }
        }
        if (traffic != null) {
            traffic.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostilePeers")
    void hostilePeerTakesItsServerOutOfTheLoadBalancer(String name, Script ignored) throws Exception {
        RawH2Peer peer = hostile.get(name);
        awaitStatus(shared, "/" + name, 503);
        assertThat(peer.connections.get()).as("the check reached the peer").isGreaterThan(0);
        // it stays out: after more checks, still no traffic
        int seen = peer.connections.get();
        await(() -> peer.connections.get() > seen + 1 || name.equals("never-answers") || name.startsWith("endless")
                || name.startsWith("huge"), "more checks of " + name);
        assertThat(status(shared, "/" + name)).isEqualTo(503);
        // the health thread is not stuck: a healthy gRPC server checked by the same thread is still checked and in
        int controlCalls = sharedControl.calls.get();
        await(() -> sharedControl.calls.get() >= controlCalls + 2, "control checks keep running");
        assertThat(status(shared, "/control")).isEqualTo(200);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wellFormedPeers")
    void wellFormedAnswerKeepsItsServerIn(String name, Script ignored) throws Exception {
        RawH2Peer peer = hostile.get(name);
        await(() -> peer.requests.get() >= 3, "3 checks of " + name);
        // in after every one of the next checks: sample the traffic while 8 more checks run
        int until = peer.requests.get() + 8;
        List<Integer> statuses = new ArrayList<>();
        long end = System.nanoTime() + BOUND.toNanos();
        while (peer.requests.get() < until && System.nanoTime() < end) {
            statuses.add(status(shared, "/" + name));
            Thread.sleep(20);
        }
        assertThat(peer.requests.get()).as("8 more checks of %s", name).isGreaterThanOrEqualTo(until);
        assertThat(statuses).as("statuses of /%s while it answered SERVING", name).containsOnly(200);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("splitHeaderBlockPeers")
    void headerBlocksSplitAcrossReadsTakeTheServerOut(String name, Script ignored) throws Exception {
        RawH2Peer peer = hostile.get(name);
        awaitStatus(shared, "/" + name, 503);
        assertThat(peer.requests.get()).as("the check reached the peer").isGreaterThan(0);
        int controlCalls = sharedControl.calls.get();
        await(() -> sharedControl.calls.get() >= controlCalls + 2, "control checks keep running");
        assertThat(status(shared, "/control")).isEqualTo(200);
    }

    @Test
    void portZeroMeansTheServersPort(@TempDir Path dir) throws Exception {
        try (GrpcPeer grpc = new GrpcPeer(0, true)) {
            Path file = dir.resolve("dynamic.yml");
            StringBuilder r = new StringBuilder();
            StringBuilder s = new StringBuilder();
            addService(r, s, "svc", "h2c://127.0.0.1:" + grpc.port(), grpcCheck(0));
            Files.writeString(file, yaml(r, s));
            try (Gatehouse proxy = Gatehouse.builder().entryPoint("web", "127.0.0.1:0").provider(FileProvider.watching(file)).start()) {
                assertThat(proxy.awaitConfigApplied(BOUND)).isTrue();
                assertThat(allErrors(proxy)).isEmpty();
                await(() -> grpc.calls.get() >= 2, "2 checks on the server URL's own port");
            }
        }
    }

    @Test
    void scriptedPeerAnsweringServingStaysIn() throws Exception {
        RawH2Peer peer = hostile.get("scripted-serving");
        await(() -> peer.requests.get() >= 3, "3 checks of the scripted serving peer");
        assertThat(status(shared, "/scripted-serving")).isEqualTo(200);
    }

    @Test
    void healthyGrpcServerStaysIn() throws Exception {
        await(() -> sharedControl.calls.get() >= 3, "3 checks");
        assertThat(status(shared, "/control")).isEqualTo(200);
    }

    @Test
    void http11OnlyServerIsOut() throws Exception {
        awaitStatus(shared, "/http11-only", 503);
    }

    @Test
    void serverWithoutHealthServiceIsOut() throws Exception {
        awaitStatus(shared, "/unimplemented", 503);
    }

    @Test
    void httpsSchemeAgainstPlaintextServerIsOut() throws Exception {
        awaitStatus(shared, "/https-to-plaintext", 503);
    }

    @Test
    void refusedConnectionIsOut() throws Exception {
        awaitStatus(shared, "/refused", 503);
    }

    // ---------------------------------------------------------------- real gRPC servers, recovery, metadata

    @Test
    void notServingThenServingRejoins(@TempDir Path dir) throws Exception {
        try (GrpcPeer grpc = new GrpcPeer(0, true); Gatehouse proxy = single(dir, grpcCheck(grpc.port()))) {
            grpc.health.setStatus("", ServingStatus.NOT_SERVING);
            awaitStatus(proxy, "/svc", 503);
            grpc.health.setStatus("", ServingStatus.SERVING);
            awaitStatus(proxy, "/svc", 200);
        }
    }

    @Test
    void serverRestartedOnTheSamePortRejoins(@TempDir Path dir) throws Exception {
        GrpcPeer first = new GrpcPeer(0, true);
        int port = first.port();
        try (Gatehouse proxy = single(dir, grpcCheck(port))) {
            await(() -> first.calls.get() >= 1, "a first check");
            first.close();
            awaitStatus(proxy, "/svc", 503);
            try (GrpcPeer second = new GrpcPeer(port, true)) {
                awaitStatus(proxy, "/svc", 200);
                assertThat(second.calls.get()).isGreaterThan(0);
            }
        } finally {
            first.close();
        }
    }

    @Test
    void headersAreSentAsMetadataAndHostnameIsTheAuthority(@TempDir Path dir) throws Exception {
        try (GrpcPeer grpc = new GrpcPeer(0, true);
                Gatehouse proxy = single(dir, grpcCheck(grpc.port())
                        + "          hostname: health.internal\n"
                        + "          headers:\n"
                        + "            X-Health-Token: s3cret\n")) {
            await(() -> grpc.calls.get() >= 2, "2 checks");
            Metadata md = grpc.lastHeaders.get();
            assertThat(md.get(Metadata.Key.of("x-health-token", Metadata.ASCII_STRING_MARSHALLER))).isEqualTo("s3cret");
            assertThat(grpc.lastAuthority.get()).isEqualTo("health.internal");
            assertThat(status(proxy, "/svc")).isEqualTo(200);
        }
    }

    /** "they cannot replace content-type, te or the authority": the check must still be a valid gRPC call. */
    @ParameterizedTest(name = "header {0}: {1}")
    @MethodSource("reservedHeaders")
    void reservedHeadersCannotBreakTheCall(String header, String value, @TempDir Path dir) throws Exception {
        try (GrpcPeer grpc = new GrpcPeer(0, true)) {
            DecodedProxy dp = singleOrErrors(dir, grpcCheck(grpc.port())
                    + "          headers:\n"
                    + "            \"" + header + "\": \"" + value + "\"\n");
            try (Gatehouse proxy = dp.proxy) {
                if (!dp.errors.isEmpty()) {
                    // rejecting the header is acceptable, if the error names it
                    assertThat(dp.errors).anySatisfy(e -> assertThat(e).contains("healthCheck.headers"));
                    return;
                }
                await(() -> grpc.calls.get() >= 2, "2 checks reached the gRPC health service");
                assertThat(status(proxy, "/svc")).isEqualTo(200);
                assertThat(grpc.lastHeaders.get().get(Metadata.Key.of("content-type", Metadata.ASCII_STRING_MARSHALLER)))
                        .startsWith("application/grpc");
                assertThat(grpc.lastAuthority.get()).isEqualTo("127.0.0.1:" + grpc.port());
            }
        }
    }

    static Stream<Arguments> reservedHeaders() {
        return Stream.of(
                Arguments.of("Content-Type", "text/plain"),
                Arguments.of("content-type", "application/json"),
                Arguments.of("TE", "gzip"),
                Arguments.of("Host", "evil.example"),
                Arguments.of(":authority", "evil.example"),
                Arguments.of(":path", "/evil.Service/Check"),
                Arguments.of(":method", "GET"),
                Arguments.of("Connection", "close"));
    }

    @Test
    void h2cServerUrlWithHealthPortStaysIn(@TempDir Path dir) throws Exception {
        try (GrpcPeer grpc = new GrpcPeer(0, true);
                TestServer h2c = TestServer.h2c(exchange -> exchange.getResponseSender().send("ok"))) {
            Path file = dir.resolve("dynamic.yml");
            StringBuilder r = new StringBuilder();
            StringBuilder s = new StringBuilder();
            addService(r, s, "svc", "h2c://127.0.0.1:" + h2c.port(), grpcCheck(grpc.port()) + "          scheme: h2c\n");
            Files.writeString(file, yaml(r, s));
            try (Gatehouse proxy = Gatehouse.builder().entryPoint("web", "127.0.0.1:0").provider(FileProvider.watching(file)).start()) {
                assertThat(proxy.awaitConfigApplied(BOUND)).isTrue();
                assertThat(allErrors(proxy)).isEmpty();
                await(() -> grpc.calls.get() >= 2, "2 checks");
                assertThat(status(proxy, "/svc")).isEqualTo(200);
            }
        }
    }

    @ParameterizedTest(name = "mode {0}")
    @MethodSource("modeSpellings")
    void modeIsMatchedWithoutRegardToCase(String mode, @TempDir Path dir) throws Exception {
        try (GrpcPeer grpc = new GrpcPeer(0, true)) {
            DecodedProxy dp = singleOrErrors(dir, grpcCheck(grpc.port()).replace("mode: grpc", "mode: " + mode));
            try (Gatehouse proxy = dp.proxy) {
                assertThat(dp.errors).isEmpty();
                await(() -> grpc.calls.get() >= 2, "2 gRPC checks with mode " + mode);
                assertThat(status(proxy, "/svc")).isEqualTo(200);
            }
        }
    }

    static Stream<String> modeSpellings() {
        return Stream.of("GRPC", "Grpc", "gRPC");
    }

    @Test
    void reloadHttpToGrpcToHttp(@TempDir Path dir) throws Exception {
        try (GrpcPeer grpc = new GrpcPeer(0, true)) {
            grpc.health.setStatus("", ServingStatus.NOT_SERVING);
            Path file = dir.resolve("dynamic.yml");
            String httpCheck = "        healthCheck:\n          path: /health\n          interval: 100ms\n          timeout: 1s\n";
            writeSingle(file, httpCheck);
            try (Gatehouse proxy = Gatehouse.builder().entryPoint("web", "127.0.0.1:0")
                    .providersThrottleDuration(Duration.ofMillis(50)).provider(FileProvider.watching(file)).start()) {
                assertThat(proxy.awaitConfigApplied(BOUND)).isTrue();
                assertThat(allErrors(proxy)).isEmpty();
                assertThat(status(proxy, "/svc")).isEqualTo(200);
                writeSingle(file, grpcCheck(grpc.port()) + "          path: /health\n");
                awaitStatus(proxy, "/svc", 503); // the gRPC server is NOT_SERVING
                assertThat(grpc.calls.get()).isGreaterThan(0);
                assertThat(allErrors(proxy)).isEmpty();
                writeSingle(file, httpCheck);
                awaitStatus(proxy, "/svc", 200); // back to mode http: the traffic backend answers /health with 200
                int calls = grpc.calls.get();
                Thread.sleep(1000); // no timing assertion: only to let stale gRPC checks show up, if any were left
                assertThat(status(proxy, "/svc")).isEqualTo(200);
                assertThat(grpc.calls.get()).as("gRPC checks stopped after switching back to http").isLessThanOrEqualTo(calls + 1);
            }
        }
    }

    @Test
    void badReloadKeepsTheGoodGrpcConfiguration(@TempDir Path dir) throws Exception {
        try (GrpcPeer grpc = new GrpcPeer(0, true)) {
            Path file = dir.resolve("dynamic.yml");
            writeSingle(file, grpcCheck(grpc.port()));
            try (Gatehouse proxy = Gatehouse.builder().entryPoint("web", "127.0.0.1:0")
                    .providersThrottleDuration(Duration.ofMillis(50)).provider(FileProvider.watching(file)).start()) {
                await(() -> grpc.calls.get() >= 1, "a first check");
                writeSingle(file, grpcCheck(grpc.port()).replace("mode: grpc", "mode: tcp"));
                await(() -> !allErrors(proxy).isEmpty(), "the bad reload is reported");
                assertThat(allErrors(proxy)).anySatisfy(e -> assertThat(e).contains("healthCheck.mode"));
                grpc.health.setStatus("", ServingStatus.NOT_SERVING);
                awaitStatus(proxy, "/svc", 503); // the good gRPC check still runs
            }
        }
    }

    // ---------------------------------------------------------------- configuration errors

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("badOptions")
    void badOptionIsAClearErrorNamingItsPath(String option, String yamlValue, String expectedInMessage, @TempDir Path dir)
            throws Exception {
        String check = "        healthCheck:\n" + (option.equals("mode") ? "" : "          mode: grpc\n")
                + "          " + option + ": " + yamlValue + "\n";
        DecodedProxy dp = singleOrErrors(dir, check);
        try (Gatehouse ignored = dp.proxy) {
            assertThat(dp.errors).as("errors for %s: %s", option, yamlValue)
                    .anySatisfy(e -> {
                        assertThat(e).contains("http.services.svc.loadBalancer.healthCheck." + option);
                        assertThat(e).containsIgnoringCase(expectedInMessage);
                    });
        }
    }

    static Stream<Arguments> badOptions() {
        return Stream.of(
                Arguments.of("interval", "0s", "greater than zero"),
                Arguments.of("interval", "-1s", "must not be negative"),
                Arguments.of("interval", "abc", ""),
                Arguments.of("interval", "[1, 2]", ""),
                Arguments.of("interval", "{a: 1}", ""),
                Arguments.of("unhealthyInterval", "0s", "greater than zero"),
                Arguments.of("unhealthyInterval", "-5m", "must not be negative"),
                Arguments.of("timeout", "0s", "greater than zero"),
                Arguments.of("timeout", "-1ms", "must not be negative"),
                Arguments.of("timeout", "99999999999999999999h", ""),
                Arguments.of("port", "-1", "between 1 and 65535"),
                Arguments.of("port", "70000", "between 1 and 65535"),
                Arguments.of("port", "65536", "between 1 and 65535"),
                Arguments.of("port", "abc", ""),
                Arguments.of("port", "99999999999999999999", ""),
                Arguments.of("scheme", "ftp", "expected http, https or h2c"),
                Arguments.of("scheme", "grpc", "expected http, https or h2c"),
                Arguments.of("scheme", "\"\\r\\nhttp\"", ""),
                Arguments.of("hostname", "\"health internal\"", ""),
                Arguments.of("hostname", "\"a\\r\\nX-Injected: 1\"", ""),
                Arguments.of("hostname", "\"a\\u0000b\"", ""),
                Arguments.of("headers", "{X-A: \"v\\r\\nX-Injected: 1\"}", "must not contain CR, LF or NUL"),
                Arguments.of("headers", "{\"X-A\\r\\nB\": v}", "must not contain CR, LF or NUL"),
                Arguments.of("headers", "[a, b]", ""),
                Arguments.of("mode", "tcp", "expected http or grpc"),
                Arguments.of("mode", "\"http2\"", "expected http or grpc"),
                Arguments.of("mode", "\"grpc \"", "expected http or grpc"),
                Arguments.of("mode", "\"g\\r\\nrpc\"", "expected http or grpc"),
                Arguments.of("mode", "[grpc]", ""),
                Arguments.of("status", "600", "between 100 and 599"),
                Arguments.of("method", "\"GE T\"", "method token"));
    }

    /** https servers: TLS with ALPN h2 and the serversTransport's rootCAs; an HTTP/1.1-only TLS server fails. */
    @Test
    void httpsServersAreCheckedOverTlsWithTheTransportsRootCas(@TempDir Path dir) throws Exception {
        TestCertificates.Ca ca = TestCertificates.ca("grpc-adv-ca");
        TestCertificates.Issued leaf = ca.issue("localhost", List.of("localhost"), List.of("127.0.0.1"),
                TestCertificates.KeyType.RSA);
        Path[] pem = leaf.writePem(dir, "leaf", false);
        Path caPem = ca.writePem(dir, "ca");
        Server tlsGrpc = null;
        HealthStatusManager health = new HealthStatusManager();
        AtomicInteger tlsCalls = new AtomicInteger();
        try (TestServer httpsTraffic = TestServer.https(exchange -> exchange.getResponseSender().send("ok"),
                        leaf.sslContext(null), true, false);
                TestServer https11 = TestServer.https(exchange -> exchange.getResponseSender().send("h1"),
                        leaf.sslContext(null), false, false)) {
            tlsGrpc = Grpc.newServerBuilderForPort(0, io.grpc.TlsServerCredentials.create(pem[0].toFile(), pem[1].toFile()))
                    .addService(ServerInterceptors.intercept(health.getHealthService(), new ServerInterceptor() {
                        @Override
                        public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                ServerCallHandler<Q, R> next) {
                            tlsCalls.incrementAndGet();
                            return next.startCall(call, headers);
                        }
                    })).build().start();
            String url = "https://127.0.0.1:" + httpsTraffic.port();
            StringBuilder r = new StringBuilder();
            StringBuilder s = new StringBuilder();
            addService(r, s, "trusted", url, "        serversTransport: ca\n" + grpcCheck(tlsGrpc.getPort()));
            addService(r, s, "untrusted", url, grpcCheck(tlsGrpc.getPort()));
            addService(r, s, "tls-http11-only", url, "        serversTransport: ca\n" + grpcCheck(https11.port()));
            Path file = dir.resolve("dynamic.yml");
            Files.writeString(file, yaml(r, s) + "  serversTransports:\n    ca:\n      rootCAs: [\"" + caPem + "\"]\n");
            try (Gatehouse proxy = Gatehouse.builder().entryPoint("web", "127.0.0.1:0").provider(FileProvider.watching(file)).start()) {
                assertThat(proxy.awaitConfigApplied(BOUND)).isTrue();
                assertThat(allErrors(proxy)).isEmpty();
                awaitStatus(proxy, "/untrusted", 503);
                awaitStatus(proxy, "/tls-http11-only", 503);
                await(() -> tlsCalls.get() >= 3, "3 checks over TLS");
                assertThat(status(proxy, "/trusted")).isEqualTo(200);
                health.setStatus("", ServingStatus.NOT_SERVING);
                awaitStatus(proxy, "/trusted", 503);
            }
        } finally {
            if (tlsGrpc != null) {
                tlsGrpc.shutdownNow();
            }
        }
    }

    @Test
    void grpcModeNeedsNoPath(@TempDir Path dir) throws Exception {
        try (GrpcPeer grpc = new GrpcPeer(0, true)) {
            DecodedProxy dp = singleOrErrors(dir, grpcCheck(grpc.port()));
            try (Gatehouse proxy = dp.proxy) {
                assertThat(dp.errors).isEmpty();
                await(() -> grpc.calls.get() >= 1, "a check");
            }
        }
    }

    @Test
    void hugeButValidDurationsDoNotCrash(@TempDir Path dir) throws Exception {
        try (GrpcPeer grpc = new GrpcPeer(0, true)) {
            DecodedProxy dp = singleOrErrors(dir, "        healthCheck:\n          mode: grpc\n          port: " + grpc.port()
                    + "\n          interval: 2562047h\n          unhealthyInterval: 876000h\n          timeout: 2562047h\n");
            try (Gatehouse proxy = dp.proxy) {
                // either accepted (the service serves) or rejected with errors naming the option; never an exception
                if (dp.errors.isEmpty()) {
                    assertThat(status(proxy, "/svc")).isEqualTo(200);
                } else {
                    assertThat(dp.errors).allSatisfy(e -> assertThat(e).contains("healthCheck."));
                }
            }
        }
    }

    @Test
    void oneMegabyteHeaderValueDoesNotCrash(@TempDir Path dir) throws Exception {
        try (GrpcPeer grpc = new GrpcPeer(0, true)) {
            DecodedProxy dp = singleOrErrors(dir, grpcCheck(grpc.port()) + "          headers:\n            X-Big: "
                    + "a".repeat(1 << 20) + "\n");
            try (Gatehouse proxy = dp.proxy) {
                if (dp.errors.isEmpty()) {
                    // a 1 MB metadata value: grpc-java refuses it (its limit is 8 KiB), so the check fails: server out
                    awaitStatus(proxy, "/svc", 503);
                    int before = grpc.calls.get();
                    assertThat(before).isGreaterThanOrEqualTo(0);
                } else {
                    assertThat(dp.errors).anySatisfy(e -> assertThat(e).contains("healthCheck.headers"));
                }
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    private static String grpcCheck(int port) {
        return "        healthCheck:\n          mode: grpc\n          interval: 100ms\n          unhealthyInterval: 100ms\n"
                + "          timeout: 500ms\n          port: " + port + "\n";
    }

    private void addService(StringBuilder routers, StringBuilder services, String name, String url, String check) {
        routers.append("    r-").append(name).append(":\n      rule: \"PathPrefix(`/").append(name)
                .append("`)\"\n      service: ").append(name).append("\n");
        services.append("    ").append(name).append(":\n      loadBalancer:\n        servers:\n          - url: ")
                .append(url).append("\n").append(check);
    }

    private static String yaml(StringBuilder routers, StringBuilder services) {
        return "http:\n  routers:\n" + routers + "  services:\n" + services;
    }

    private void writeSingle(Path file, String check) throws IOException {
        StringBuilder r = new StringBuilder();
        StringBuilder s = new StringBuilder();
        addService(r, s, "svc", "http://127.0.0.1:" + traffic.port(), check);
        Path tmp = file.resolveSibling("dynamic.tmp");
        Files.writeString(tmp, yaml(r, s));
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private Gatehouse single(Path dir, String check) throws Exception {
        DecodedProxy dp = singleOrErrors(dir, check);
        assertThat(dp.errors).isEmpty();
        return dp.proxy;
    }

    private record DecodedProxy(Gatehouse proxy, List<String> errors) { }

    private DecodedProxy singleOrErrors(Path dir, String check) throws Exception {
        Path file = dir.resolve("dynamic-" + System.nanoTime() + ".yml");
        writeSingle(file, check);
        AtomicReference<Gatehouse> ref = new AtomicReference<>();
        assertThatCode(() -> ref.set(Gatehouse.builder().entryPoint("web", "127.0.0.1:0")
                .providersThrottleDuration(Duration.ofMillis(50)).provider(FileProvider.watching(file)).start()))
                .as("starting Gatehouse must not throw").doesNotThrowAnyException();
        assertThat(ref.get().awaitConfigApplied(BOUND)).isTrue();
        return new DecodedProxy(ref.get(), allErrors(ref.get()));
    }

    private static List<String> allErrors(Gatehouse proxy) {
        List<String> out = new ArrayList<>();
        for (ConfigError e : proxy.errors()) {
            out.add(e.path() + ": " + e.message());
        }
        for (List<ConfigError> list : proxy.providerErrors().values()) {
            for (ConfigError e : list) {
                out.add(e.path() + ": " + e.message());
            }
        }
        return out;
    }

    private int status(Gatehouse proxy, String path) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxy.port("web") + path))
                .timeout(Duration.ofSeconds(10)).GET().build();
        HttpResponse<String> resp = client.send(req, HttpResponse.BodyHandlers.ofString());
        if (resp.statusCode() == 200) {
            assertThat(resp.body()).isEqualTo("ok");
        }
        return resp.statusCode();
    }

    private void awaitStatus(Gatehouse proxy, String path, int expected) throws Exception {
        long end = System.nanoTime() + BOUND.toNanos();
        int last = -1;
        while (System.nanoTime() < end) {
            last = status(proxy, path);
            if (last == expected) {
                return;
            }
            Thread.sleep(50);
        }
        assertThat(last).as("status of %s within %s", path, BOUND).isEqualTo(expected);
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + BOUND.toNanos();
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(50);
        }
        assertThat(condition.getAsBoolean()).as("within %s: %s", BOUND, what).isTrue();
    }

    // ---------------------------------------------------------------- gRPC message and HTTP/2 frame encoding

    private static byte[] grpcFrame(int compressed, long declaredLength, byte[] body) {
        byte[] out = new byte[5 + body.length];
        out[0] = (byte) compressed;
        out[1] = (byte) (declaredLength >>> 24);
        out[2] = (byte) (declaredLength >>> 16);
        out[3] = (byte) (declaredLength >>> 8);
        out[4] = (byte) declaredLength;
        System.arraycopy(body, 0, out, 5, body.length);
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] frameBytes(int type, int flags, int stream, byte[] payload) {
        byte[] out = new byte[9 + payload.length];
        out[0] = (byte) (payload.length >>> 16);
        out[1] = (byte) (payload.length >>> 8);
        out[2] = (byte) payload.length;
        out[3] = (byte) type;
        out[4] = (byte) flags;
        out[5] = (byte) (stream >>> 24);
        out[6] = (byte) (stream >>> 16);
        out[7] = (byte) (stream >>> 8);
        out[8] = (byte) stream;
        System.arraycopy(payload, 0, out, 9, payload.length);
        return out;
    }

    /** HPACK literal header fields without indexing, new names, no Huffman. */
    private static byte[] hpack(String... nameValues) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < nameValues.length; i += 2) {
            out.write(0x00);
            hpackString(out, nameValues[i]);
            hpackString(out, nameValues[i + 1]);
        }
        return out.toByteArray();
    }

    private static void hpackString(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        int len = b.length;
        if (len < 127) {
            out.write(len);
        } else {
            out.write(127);
            len -= 127;
            while (len >= 128) {
                out.write((len & 0x7f) | 0x80);
                len >>>= 7;
            }
            out.write(len);
        }
        out.write(b, 0, b.length);
    }

    /** What a scripted peer answers to the check's stream. */
    @FunctionalInterface
    interface Script {
        void respond(int streamId, RawH2Peer peer) throws Exception;
    }

    /** A raw-socket HTTP/2 (prior knowledge) server that answers each check with a script. */
    static final class RawH2Peer implements AutoCloseable {
        private final ServerSocket server;
        private final Script script;
        private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "raw-h2-peer");
            t.setDaemon(true);
            return t;
        });
        private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
        final AtomicInteger connections = new AtomicInteger();
        final AtomicInteger requests = new AtomicInteger();
        Socket socket;
        private OutputStream out;

        RawH2Peer(Script script) throws IOException {
            this.script = script;
            this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            pool.submit(this::acceptLoop);
        }

        int port() {
            return server.getLocalPort();
        }

        private void acceptLoop() {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    sockets.add(s);
                    connections.incrementAndGet();
                    pool.submit(() -> serve(s));
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void serve(Socket s) {
            // one connection at a time per peer view: a per-connection copy carries its own socket and stream
            RawH2Peer view = new RawH2Peer(this, s);
            try (s) {
                s.setSoTimeout(30_000);
                DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream()));
                byte[] preface = new byte[24];
                in.readFully(preface);
                view.frame(4, 0, 0, new byte[0]);
                int stream = -1;
                boolean answered = false;
                while (true) {
                    int len = (in.readUnsignedByte() << 16) | (in.readUnsignedByte() << 8) | in.readUnsignedByte();
                    int type = in.readUnsignedByte();
                    int flags = in.readUnsignedByte();
                    int id = in.readInt() & 0x7fffffff;
                    byte[] payload = new byte[len];
                    in.readFully(payload);
                    if (type == 4 && (flags & 1) == 0) {
                        view.frame(4, 1, 0, new byte[0]);
                    } else if (type == 6 && (flags & 1) == 0) {
                        view.frame(6, 1, 0, payload);
                    }
                    if (type == 1 && stream < 0) {
                        stream = id;
                    }
                    if ((type == 0 || type == 1) && id == stream && (flags & 1) != 0 && !answered) {
                        answered = true;
                        requests.incrementAndGet();
                        script.respond(stream, view);
                    }
                }
            } catch (Exception e) {
                // the peer's connection ended: expected for every hostile script
            } finally {
                sockets.remove(s);
            }
        }

        private RawH2Peer(RawH2Peer parent, Socket s) {
            this.server = parent.server;
            this.script = parent.script;
            this.socket = s;
            try {
                this.out = s.getOutputStream();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        synchronized void raw(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }

        void frame(int type, int flags, int stream, byte[] payload) throws IOException {
            raw(frameBytes(type, flags, stream, payload));
        }

        void headers(int stream, boolean endStream, String... nameValues) throws IOException {
            frame(1, 0x4 | (endStream ? 1 : 0), stream, hpack(nameValues));
        }

        void data(int stream, boolean endStream, byte[] payload) throws IOException {
            frame(0, endStream ? 1 : 0, stream, payload);
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket s : sockets) {
                s.close();
            }
            pool.shutdownNow();
        }
    }

    /** A real grpc-java server with the standard health service, counting calls and keeping their metadata. */
    static final class GrpcPeer implements AutoCloseable {
        final HealthStatusManager health = new HealthStatusManager();
        final AtomicInteger calls = new AtomicInteger();
        final AtomicReference<Metadata> lastHeaders = new AtomicReference<>();
        final AtomicReference<String> lastAuthority = new AtomicReference<>();
        private final Server server;

        GrpcPeer(int port, boolean withHealth) throws IOException {
            ServerBuilder<?> builder = Grpc.newServerBuilderForPort(port, InsecureServerCredentials.create());
            if (withHealth) {
                builder.addService(ServerInterceptors.intercept(health.getHealthService(), new ServerInterceptor() {
                    @Override
                    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                            ServerCallHandler<Q, R> next) {
                        lastHeaders.set(headers);
                        lastAuthority.set(call.getAuthority());
                        calls.incrementAndGet();
                        return next.startCall(call, headers);
                    }
                }));
            }
            server = builder.build().start();
        }

        int port() {
            return server.getPort();
        }

        @Override
        public void close() {
            server.shutdownNow();
            try {
                server.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
