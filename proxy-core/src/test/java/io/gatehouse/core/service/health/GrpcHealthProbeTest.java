package io.gatehouse.core.service.health;

import io.gatehouse.core.config.ConfigError;
import io.gatehouse.core.config.ForwardingTimeouts;
import io.gatehouse.core.config.HealthCheckConfig;
import io.gatehouse.core.config.ServersTransportConfig;
import io.gatehouse.core.proxy.BackendTransport;
import io.gatehouse.core.testing.TestCertificates;
import io.gatehouse.core.testing.TestServer;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.protocol.http.HttpAttachments;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One gRPC health check against scripted and hostile peers over real sockets: every wrong answer is a failed
 * check with a reason, never an exception or a hang.
 */
@Timeout(60)
class GrpcHealthProbeTest {

    record Verdict(boolean up, String why) {
    }

    /** What a scripted h2c server received. */
    record Received(String method, String path, String protocol, HeaderMap headers, byte[] body) {
    }

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    static HealthCheckSpec spec(Duration timeout, String hostname, Map<String, String> headers) {
        List<ConfigError> errors = new ArrayList<>();
        HealthCheckSpec spec = HealthCheckSpec.of(new HealthCheckConfig(null, "grpc", null, null, 0, 0,
                Duration.ofSeconds(1), null, timeout, hostname, true, headers), "test", errors);
        assertThat(errors).isEmpty();
        return spec;
    }

    static Verdict check(String url) throws Exception {
        return check(url, spec(Duration.ofSeconds(10), null, Map.of()), ServersTransportConfig.DEFAULT);
    }

    static Verdict check(String url, HealthCheckSpec spec, ServersTransportConfig transportConfig) throws Exception {
        List<ConfigError> errors = new ArrayList<>();
        BackendTransport transport = BackendTransport.create(transportConfig, "test", true, errors);
        assertThat(errors).isEmpty();
        CompletableFuture<Verdict> verdict = new CompletableFuture<>();
        HealthWorker worker = HealthWorker.get();
        worker.thread.execute(() -> Probe.of(spec, transport, worker, CheckTarget.of(url, spec),
                (up, why) -> verdict.complete(new Verdict(up, why))).start());
        return verdict.get(30, TimeUnit.SECONDS);
    }

    /** An h2c server answering every request with {@code script}, after reading the request's body. */
    String scripted(List<Received> received, Consumer<HttpServerExchange> script) {
        TestServer server = TestServer.h2c(exchange -> exchange.getRequestReceiver().receiveFullBytes((ex, body) -> {
            received.add(new Received(ex.getRequestMethod().toString(), ex.getRequestURI(),
                    ex.getProtocol().toString(), ex.getRequestHeaders(), body));
            script.accept(ex);
        }));
        open.add(server);
        return "h2c://127.0.0.1:" + server.port();
    }

    String scripted(Consumer<HttpServerExchange> script) {
        return scripted(new CopyOnWriteArrayList<>(), script);
    }

    /** A gRPC answer: 200, application/grpc, {@code hex} as the body, {@code trailers} as trailers. */
    static Consumer<HttpServerExchange> answer(String hex, String... trailers) {
        return exchange -> {
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/grpc");
            HeaderMap map = new HeaderMap();
            for (int i = 0; i < trailers.length; i += 2) {
                map.put(new HttpString(trailers[i]), trailers[i + 1]);
            }
            if (trailers.length > 0) {
                exchange.putAttachment(HttpAttachments.RESPONSE_TRAILERS, map);
            }
            exchange.getResponseSender().send(ByteBuffer.wrap(HexFormat.of().parseHex(hex.replace(" ", ""))));
        };
    }

    @Test
    void theRequestIsTheHealthProtocolsCheckForTheWholeServer() throws Exception {
        List<Received> received = new CopyOnWriteArrayList<>();
        String url = scripted(received, answer("00 00000002 0801", "grpc-status", "0"));
        Verdict verdict = check(url, spec(Duration.ofSeconds(10), "health.internal", Map.of("X-Token", "t",
                "Content-Type", "text/plain")), ServersTransportConfig.DEFAULT);
        assertThat(verdict).isEqualTo(new Verdict(true, "answered SERVING"));
        Received request = received.get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/grpc.health.v1.Health/Check");
        assertThat(request.protocol()).isEqualTo("HTTP/2.0");
        assertThat(request.headers().getFirst("content-type")).isEqualTo("application/grpc");
        assertThat(request.headers().getFirst("te")).isEqualTo("trailers");
        assertThat(request.headers().getFirst("x-token")).isEqualTo("t");
        assertThat(request.headers().getFirst(Headers.HOST)).isEqualTo("health.internal");
        // HealthCheckRequest{service: ""}: an empty message behind its 5-byte prefix
        assertThat(request.body()).containsExactly(0, 0, 0, 0, 0);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "00 00000002 0802|answered NOT_SERVING, expected SERVING",
            "00 00000002 0803|answered SERVICE_UNKNOWN, expected SERVING",
            "00 00000000|answered UNKNOWN, expected SERVING",
            "00 00000002 0809|answered status 9 (not a ServingStatus), expected SERVING",
            "01 00000002 0801|answered a compressed message",
            "00 00000064 0801|answered a message prefix announcing 100 bytes where 2 follow, not a HealthCheckResponse",
            "00 ffffffff 0801|announcing 4294967295 bytes where 2 follow",
            "00 0000|answered a truncated message prefix of 3 bytes",
            "|answered no HealthCheckResponse in the body",
            "00 00000002 0a01|field 1 (status) with wire type 2",
            "00 00000001 08|field 1 (status) truncated",
            "00 00000004 0801 0801 00 00000002 0801|(one message expected)",
    })
    void aResponseThatIsNotOneServingHealthCheckResponseFails(String hex, String reason) throws Exception {
        Verdict verdict = check(scripted(answer(hex == null ? "" : hex, "grpc-status", "0")));
        assertThat(verdict.up()).isFalse();
        assertThat(verdict.why()).startsWith("health check grpc h2c://127.0.0.1:").contains(reason);
    }

    @Test
    void unknownFieldsAreSkipped() throws Exception {
        assertThat(check(scripted(answer("00 0000000b 1005 2203616263 0801 2801", "grpc-status", "0"))))
                .isEqualTo(new Verdict(true, "answered SERVING"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "12|answered grpc-status 12 (UNIMPLEMENTED): the server does not implement the gRPC health protocol",
            "5|answered grpc-status 5 (NOT_FOUND)",
            "99|answered grpc-status 99",
            "abc|answered grpc-status abc, not a status code",
            "-1|answered grpc-status -1",
    })
    void aFailedCallFails(String status, String reason) throws Exception {
        Verdict verdict = check(scripted(answer("00 00000002 0801", "grpc-status", status)));
        assertThat(verdict.up()).isFalse();
        assertThat(verdict.why()).contains(reason);
    }

    @Test
    void grpcMessageIsQuotedSafely() throws Exception {
        Verdict verdict = check(scripted(answer("", "grpc-status", "14", "grpc-message", "down\tfor " + "x".repeat(300))));
        assertThat(verdict.why()).contains("answered grpc-status 14 (UNAVAILABLE): down?for xxx").endsWith("...")
                .hasSizeLessThan(400);
    }

    @Test
    void aMissingGrpcStatusFails() throws Exception {
        Verdict verdict = check(scripted(answer("00 00000002 0801")));
        assertThat(verdict.up()).isFalse();
        assertThat(verdict.why()).endsWith("answered without a grpc-status trailer");
    }

    @Test
    void trailersOnlyResponsesCarryTheStatusInTheHeaders() throws Exception {
        Verdict failed = check(scripted(exchange -> {
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/grpc");
            exchange.getResponseHeaders().put(new HttpString("grpc-status"), "12");
            exchange.endExchange();
        }));
        assertThat(failed.why()).endsWith("answered grpc-status 12 (UNIMPLEMENTED): the server does not implement the "
                + "gRPC health protocol");
        Verdict ok = check(scripted(exchange -> {
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/grpc");
            exchange.getResponseHeaders().put(new HttpString("grpc-status"), "0");
            exchange.endExchange();
        }));
        assertThat(ok.up()).isFalse();
        assertThat(ok.why()).endsWith("answered grpc-status 0 without a HealthCheckResponse");
    }

    @Test
    void aWrongContentTypeFails() throws Exception {
        Verdict verdict = check(scripted(exchange -> {
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/html");
            exchange.getResponseSender().send("<h1>SERVING</h1>");
        }));
        assertThat(verdict.why()).endsWith("answered content-type text/html, expected application/grpc");
        Verdict none = check(scripted(exchange -> exchange.getResponseSender().send("ok")));
        assertThat(none.why()).endsWith("answered content-type (none), expected application/grpc");
    }

    @Test
    void aVariantOfTheGrpcContentTypeIsAccepted() throws Exception {
        Verdict verdict = check(scripted(exchange -> {
            answer("00 00000002 0801", "grpc-status", "0").accept(exchange);
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/grpc+proto");
        }));
        assertThat(verdict.up()).isTrue();
    }

    @Test
    void anHttpErrorStatusFails() throws Exception {
        Verdict verdict = check(scripted(exchange -> exchange.setStatusCode(404).endExchange()));
        assertThat(verdict.why()).endsWith("answered HTTP 404, expected 200 (a gRPC response)");
    }

    @Test
    void aHugeBodyIsCutShort() throws Exception {
        byte[] huge = new byte[1 << 20];
        huge[1] = 0x0f; // a prefix announcing 0x0f000000 bytes
        Verdict verdict = check(scripted(exchange -> {
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/grpc");
            exchange.getResponseSender().send(ByteBuffer.wrap(huge));
        }));
        assertThat(verdict.why()).endsWith("answered a body longer than 4096 bytes, not a HealthCheckResponse");
        // the unread rest of that body does not keep the health thread busy: the next check gets its verdict
        assertThat(check(scripted(answer("00 00000002 0801", "grpc-status", "0"))).up()).isTrue();
    }

    @Test
    void aServerThatNeverAnswersTimesOut() throws Exception {
        ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        open.add(silent);
        List<Socket> accepted = new CopyOnWriteArrayList<>();
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    accepted.add(silent.accept()); // and never a byte back
                }
            } catch (Exception closed) {
                // the test is over
            }
        });
        acceptor.start();
        open.add(() -> accepted.forEach(s -> {
            try {
                s.close();
            } catch (Exception ignored) {
                // closing
            }
        }));
        Verdict verdict = check("h2c://127.0.0.1:" + silent.getLocalPort(), spec(Duration.ofMillis(500), null, Map.of()),
                ServersTransportConfig.DEFAULT);
        assertThat(verdict).isEqualTo(new Verdict(false, "health check grpc h2c://127.0.0.1:" + silent.getLocalPort()
                + "/grpc.health.v1.Health/Check timed out after PT0.5S"));
    }

    @Test
    void aServerThatAnswersGarbageFails() throws Exception {
        ServerSocket garbage = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        open.add(garbage);
        Thread peer = new Thread(() -> {
            try (Socket socket = garbage.accept()) {
                InputStream in = socket.getInputStream();
                in.read(new byte[24]);
                OutputStream out = socket.getOutputStream();
                out.write("HTTP/1.1 200 OK\r\ncontent-type: application/grpc\r\n\r\n".repeat(50)
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                in.read(new byte[1024]);
            } catch (Exception closed) {
                // the probe hung up
            }
        });
        peer.start();
        Verdict verdict = check("h2c://127.0.0.1:" + garbage.getLocalPort(), spec(Duration.ofSeconds(20), null,
                Map.of()), ServersTransportConfig.DEFAULT);
        assertThat(verdict.up()).isFalse();
        assertThat(verdict.up()).isFalse();
        assertThat(verdict.why()).endsWith("the connection was closed");
    }

    @Test
    void aPlainHttp11ServerFails() throws Exception {
        TestServer http11 = TestServer.http(exchange -> exchange.getResponseSender().send("ok"));
        open.add(http11);
        Verdict verdict = check("http://127.0.0.1:" + http11.port(), spec(Duration.ofSeconds(20), null, Map.of()),
                ServersTransportConfig.DEFAULT);
        assertThat(verdict.up()).isFalse();
        // it answers HTTP/2's connection preface with an HTTP/1.1 error and hangs up
        assertThat(verdict.up()).isFalse();
        assertThat(verdict.why()).startsWith("health check grpc h2c://127.0.0.1:" + http11.port()
                + "/grpc.health.v1.Health/Check ").endsWith("the connection was closed");
    }

    @Test
    void anHttpsServerWithoutHttp2Fails(@TempDir Path dir) throws Exception {
        TestCertificates.Ca ca = TestCertificates.ca("gRPC CA");
        Path caFile = ca.writePem(dir, "ca");
        TestCertificates.Issued cert = ca.issue("h1", List.of(), List.of("127.0.0.1"), TestCertificates.KeyType.EC);
        TestServer http11 = TestServer.https(exchange -> exchange.getResponseSender().send("ok"),
                cert.sslContext(null), false, false);
        open.add(http11);
        ServersTransportConfig trusting = new ServersTransportConfig(null, false, List.of(caFile.toString()),
                List.of(), 200, ForwardingTimeouts.DEFAULTS, false);
        Verdict verdict = check("https://127.0.0.1:" + http11.port(), spec(Duration.ofSeconds(20), null, Map.of()),
                trusting);
        assertThat(verdict).isEqualTo(new Verdict(false, "health check grpc https://127.0.0.1:" + http11.port()
                + "/grpc.health.v1.Health/Check got HTTP/1.1 where gRPC needs HTTP/2 (the server did not accept "
                + "ALPN h2)"));
    }

    @Test
    void aRefusedConnectionFails() throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        Verdict verdict = check("h2c://127.0.0.1:" + port);
        assertThat(verdict.why()).startsWith("health check grpc h2c://127.0.0.1:" + port
                + "/grpc.health.v1.Health/Check cannot connect");
    }
}
