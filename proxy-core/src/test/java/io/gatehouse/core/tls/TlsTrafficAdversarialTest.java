package io.gatehouse.core.tls;

import io.gatehouse.core.config.CertificateFiles;
import io.gatehouse.core.config.EntryPointConfig;
import io.gatehouse.core.config.RespondingTimeouts;
import io.gatehouse.core.config.RouterTlsConfig;
import io.gatehouse.core.config.TlsConfig;
import io.gatehouse.core.config.TlsOptions;
import io.gatehouse.core.provider.FileProvider;
import io.gatehouse.core.server.Gatehouse;
import io.gatehouse.core.testing.EchoHandler;
import io.gatehouse.core.testing.RawHttp;
import io.gatehouse.core.testing.TestCertificates;
import io.gatehouse.core.testing.TestCertificates.Ca;
import io.gatehouse.core.testing.TestCertificates.Issued;
import io.gatehouse.core.testing.TestCertificates.KeyType;
import io.gatehouse.core.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.gatehouse.core.tls.TlsAdversarialSupport.connect;
import static io.gatehouse.core.tls.TlsAdversarialSupport.errorTexts;
import static io.gatehouse.core.tls.TlsAdversarialSupport.get;
import static io.gatehouse.core.tls.TlsAdversarialSupport.httpsStatus;
import static io.gatehouse.core.tls.TlsAdversarialSupport.proxy;
import static io.gatehouse.core.tls.TlsAdversarialSupport.readsUntilClosed;
import static io.gatehouse.core.tls.TlsAdversarialSupport.servedSubject;
import static io.gatehouse.core.tls.TlsAdversarialSupport.trustAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Hostile traffic at a TLS entry point (docs/tls.md): malformed ClientHellos, slow handshakes, floods, bad h2, reloads. */
@Timeout(180)
class TlsTrafficAdversarialTest {

    private static final String DEFAULT_CN = "CN=" + DefaultCertificate.COMMON_NAME;

    private static Ca ca;
    private static Issued good;
    private static TestServer backend;

    @TempDir
    Path dir;

    @BeforeAll
    static void pki() throws Exception {
        ca = TestCertificates.ca("traffic-ca");
        good = ca.issue("good.test", List.of("good.test", "aaaaaaaaaa.test"), List.of(), KeyType.EC);
        backend = TestServer.http(new EchoHandler("backend"));
    }

    @AfterAll
    static void stop() {
        backend.close();
    }

    private TlsConfig goodTls(Map<String, TlsOptions> options) throws Exception {
        Path[] files = good.writePem(dir, "good", false);
        return new TlsConfig(List.of(new CertificateFiles(files[0].toString(), files[1].toString())), options, null);
    }

    private Gatehouse start() throws Exception {
        return proxy(goodTls(null), RouterTlsConfig.DEFAULT, backend.url(), null);
    }

    /** The ClientHello a JDK client sends, as records. */
    private static byte[] clientHello(String sni, String[] alpn) throws Exception {
        SSLEngine engine = trustAll().createSSLEngine();
        engine.setUseClientMode(true);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setServerNames(List.of(new SNIHostName(sni)));
        if (alpn != null) {
            parameters.setApplicationProtocols(alpn);
        }
        engine.setSSLParameters(parameters);
        engine.beginHandshake();
        ByteBuffer out = ByteBuffer.allocate(1 << 17);
        do { // a ClientHello above 16 KB comes out as several records
            engine.wrap(ByteBuffer.allocate(0), out);
        } while (engine.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_WRAP);
        out.flip();
        byte[] bytes = new byte[out.remaining()];
        out.get(bytes);
        return bytes;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** {@code hello} with its SNI host name {@code current} replaced by {@code name}, every length fixed up. */
    private static byte[] withSni(byte[] hello, String current, byte[] name) {
        byte[] old = current.getBytes(StandardCharsets.US_ASCII);
        int at = indexOf(hello, old);
        int delta = name.length - old.length;
        ByteBuffer in = ByteBuffer.wrap(hello);
        int p = 5 + 4 + 2 + 32;              // record header, handshake header, version, random
        p += 1 + (in.get(p) & 0xFF);         // session id
        p += 2 + (in.getShort(p) & 0xFFFF);  // cipher suites
        p += 1 + (in.get(p) & 0xFF);         // compression methods
        int extensionsLength = p;
        ByteBuffer out = ByteBuffer.allocate(hello.length + delta);
        out.put(hello, 0, at).put(name).put(hello, at + old.length, hello.length - at - old.length);
        out.putShort(3, (short) (in.getShort(3) + delta));                       // record length
        int handshakeLength = ((hello[6] & 0xFF) << 16 | (hello[7] & 0xFF) << 8 | (hello[8] & 0xFF)) + delta;
        out.put(6, (byte) (handshakeLength >> 16)).put(7, (byte) (handshakeLength >> 8)).put(8, (byte) handshakeLength);
        out.putShort(extensionsLength, (short) (in.getShort(extensionsLength) + delta));
        out.putShort(at - 2, (short) name.length);                               // host name length
        out.putShort(at - 5, (short) (in.getShort(at - 5) + delta));             // server name list length
        out.putShort(at - 7, (short) (in.getShort(at - 7) + delta));             // extension length
        return out.array();
    }

    /** Sends {@code bytes}; the first byte the server answers with (-1 when it closed without a byte). */
    private static int firstAnswerByte(int port, byte[] bytes) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
            try {
                return socket.getInputStream().read();
            } catch (java.net.SocketException reset) {
                return -1;
            }
        }
    }

    private static void assertStillServes(int port) throws Exception {
        assertThat(httpsStatus(port, "good.test")).isEqualTo(200);
    }

    // ---- malformed ClientHellos ----

    @Test
    void truncatedClientHelloThenHalfCloseIsClosed() throws Exception {
        try (Gatehouse proxy = start()) {
            int port = proxy.port("websecure");
            byte[] hello = clientHello("good.test", null);
            for (int cut : new int[] {1, 3, 5, 9, 40, hello.length / 2, hello.length - 1}) {
                try (Socket socket = new Socket("127.0.0.1", port)) {
                    socket.getOutputStream().write(Arrays.copyOf(hello, cut));
                    socket.shutdownOutput();
                    assertThat(readsUntilClosed(socket)).as("closed after %d bytes and EOF", cut).isTrue();
                }
            }
            assertStillServes(port);
        }
    }

    @Test
    void recordLongerThanTlsAllowsIsRefused() throws Exception {
        try (Gatehouse proxy = start()) {
            int port = proxy.port("websecure");
            byte[] hostile = new byte[5 + 200];
            hostile[0] = 0x16;
            hostile[1] = 0x03;
            hostile[2] = 0x01;
            hostile[3] = (byte) 0xFF; // 65535: above the 16 KB (+2 KB) TLS limit
            hostile[4] = (byte) 0xFF;
            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.getOutputStream().write(hostile);
                assertThat(readsUntilClosed(socket)).isTrue();
            }
            assertStillServes(port);
        }
    }

    @Test
    void garbageClientHelloBodyGetsAnAlertOrClose() throws Exception {
        try (Gatehouse proxy = start()) {
            int port = proxy.port("websecure");
            byte[] hello = clientHello("good.test", null);
            byte[] mangled = hello.clone();
            java.util.Random random = new java.util.Random(42);
            for (int i = 9; i < mangled.length; i++) {
                mangled[i] = (byte) random.nextInt();
            }
            int first = firstAnswerByte(port, mangled);
            assertThat(first).as("an alert (21) or a close").isIn(-1, 21);
            assertStillServes(port);
        }
    }

    @Test
    void hugeClientHelloOverSixteenKilobytesIsHandled() throws Exception {
        try (Gatehouse proxy = start()) {
            int port = proxy.port("websecure");
            List<String> protocols = new ArrayList<>();
            for (int i = 0; i < 120; i++) {
                protocols.add("x-" + i + "-" + "p".repeat(200));
            }
            protocols.add("http/1.1");
            String[] alpn = protocols.toArray(new String[0]);
            assertThat(clientHello("good.test", alpn).length).as("the ClientHello spans records").isGreaterThan(16_384);
            try (SSLSocket socket = connect(port, "good.test", trustAll(), null, alpn)) {
                assertThat(((java.security.cert.X509Certificate) socket.getSession().getPeerCertificates()[0])
                        .getSubjectX500Principal().getName()).isEqualTo("CN=good.test");
                assertThat(get(socket.getInputStream(), socket.getOutputStream(), "good.test")).isEqualTo(200);
            }
            assertStillServes(port);
        }
    }

    @Test
    void sniWithBadCharactersGetsAnAnswerAndTheProxyKeepsServing() throws Exception {
        try (Gatehouse proxy = start()) {
            int port = proxy.port("websecure");
            byte[] hello = clientHello("aaaaaaaaaa.test", null);
            int at = indexOf(hello, "aaaaaaaaaa".getBytes(StandardCharsets.US_ASCII));
            assertThat(at).isPositive();
            for (String bad : new String[] {"a\u0000b\r\nc d/", "..........", "\u00ff\u00fe%%%%*?<>", "a\nHost: x"}) {
                byte[] patched = hello.clone();
                byte[] replacement = Arrays.copyOf(bad.getBytes(StandardCharsets.ISO_8859_1), 10);
                System.arraycopy(replacement, 0, patched, at, 10);
                int first = firstAnswerByte(port, patched);
                // A ServerHello (22), an alert (21), or a close; never silence until the read timeout.
                assertThat(first).as("answer to SNI %s", bad.replace("\u0000", "\\0")).isIn(-1, 21, 22);
            }
            assertStillServes(port);
        }
    }

    @Test
    void sniLongerThan255BytesGetsTheDefaultCertificateOrARefusal() throws Exception {
        try (Gatehouse proxy = start()) {
            int port = proxy.port("websecure");
            String label = "l".repeat(60);
            String longName = String.join(".", label, label, label, label, label) + ".test"; // 309 bytes
            try (SSLSocket socket = connect(port, longName, trustAll(), null, null)) {
                assertThat(((java.security.cert.X509Certificate) socket.getSession().getPeerCertificates()[0])
                        .getSubjectX500Principal().getName()).isEqualTo(DEFAULT_CN);
            } catch (SSLException refused) {
                // refusing an over-long host name is fine too (doc silent)
            }
            // A 1,000-byte name (and a 255-byte one), patched into a real ClientHello (the JDK client would not send it).
            byte[] hello = clientHello("aaaaaaaaaa.test", null);
            assertThat(firstAnswerByte(port, withSni(hello, "aaaaaaaaaa.test", "good.test".getBytes(StandardCharsets.US_ASCII))))
                    .as("the patched ClientHello is well-formed: a ServerHello").isEqualTo(22);
            for (int length : new int[] {255, 256, 1000}) {
                byte[] name = ("x".repeat(length - 5) + ".test").getBytes(StandardCharsets.US_ASCII);
                assertThat(firstAnswerByte(port, withSni(hello, "aaaaaaaaaa.test", name)))
                        .as("answer to a %d-byte SNI", length).isIn(-1, 21, 22);
            }
            assertStillServes(port);
        }
    }

    // ---- the wrong protocol on the entry point ----

    @Test
    void plaintextHttpToATlsOnlyEntryPointGets404() throws Exception {
        // docs: "Over TLS, only routers with a tls section (or on an entry point with http.tls) match; over plain HTTP
        // only the others. A request that reaches the wrong kind gets the usual 404."
        try (Gatehouse proxy = Gatehouse.builder().ioThreads(2)
                .entryPoint("websecure", EntryPointConfig.of("127.0.0.1:0").withTls(RouterTlsConfig.DEFAULT))
                .tls(goodTls(null))
                .service("backend", s -> s.server(backend.url()))
                .router("all", r -> r.rule("PathPrefix(`/`)").service("backend"))
                .start()) {
            int port = proxy.port("websecure");
            assertThat(RawHttp.exchange(port, "GET / HTTP/1.1\r\nHost: good.test\r\nConnection: close\r\n\r\n").status())
                    .isEqualTo(404);
            assertStillServes(port);
        }
    }

    @Test
    void tlsClientToAPlainRouterGets404() throws Exception {
        try (Gatehouse proxy = Gatehouse.builder().ioThreads(2)
                .entryPoint("web", EntryPointConfig.of("127.0.0.1:0"))
                .tls(goodTls(null))
                .service("backend", s -> s.server(backend.url()))
                .router("plain", r -> r.rule("PathPrefix(`/`)").service("backend"))
                .start()) {
            int port = proxy.port("web");
            assertThat(httpsStatus(port, "good.test")).isEqualTo(404);
            assertThat(RawHttp.exchange(port, "GET / HTTP/1.1\r\nHost: good.test\r\nConnection: close\r\n\r\n").status())
                    .isEqualTo(200);
        }
    }

    // ---- slow and many ----

    @Test
    void slowHandshakesAreClosedAfterTheReadTimeout() throws Exception {
        // docs: "A connection that sends nothing is closed after the entry point's readTimeout".
        EntryPointConfig entryPoint = new EntryPointConfig("127.0.0.1:0", null,
                new RespondingTimeouts(Duration.ofSeconds(2), Duration.ZERO, Duration.ofSeconds(180)), null, null);
        try (Gatehouse proxy = Gatehouse.builder().ioThreads(2)
                .entryPoint("websecure", entryPoint)
                .tls(goodTls(null))
                .service("backend", s -> s.server(backend.url()))
                .router("secure", r -> r.rule("PathPrefix(`/`)").service("backend").tls())
                .start()) {
            int port = proxy.port("websecure");
            byte[] hello = clientHello("good.test", null);
            List<Socket> slow = new ArrayList<>();
            try {
                for (int i = 0; i < 30; i++) {
                    Socket socket = new Socket("127.0.0.1", port);
                    int sent = switch (i % 3) {
                        case 0 -> 0;                 // nothing at all
                        case 1 -> 3;                 // part of the record header
                        default -> hello.length / 2; // half a ClientHello
                    };
                    socket.getOutputStream().write(hello, 0, sent);
                    socket.getOutputStream().flush();
                    slow.add(socket);
                }
                int closed = 0;
                for (Socket socket : slow) {
                    if (readsUntilClosed(socket)) {
                        closed++;
                    }
                }
                assertThat(closed).isEqualTo(30);
            } finally {
                for (Socket socket : slow) {
                    socket.close();
                }
            }
            assertStillServes(port);
        }
    }

    @Test
    void twoHundredConcurrentHandshakesAllSucceed() throws Exception {
        try (Gatehouse proxy = start()) {
            int port = proxy.port("websecure");
            SSLContext client = trustAll();
            ExecutorService pool = Executors.newFixedThreadPool(200);
            try {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Integer>> results = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    results.add(pool.submit(() -> {
                        go.await();
                        try (SSLSocket socket = connect(port, "good.test", client, null, null)) {
                            return get(socket.getInputStream(), socket.getOutputStream(), "good.test");
                        }
                    }));
                }
                go.countDown();
                int ok = 0;
                for (Future<Integer> result : results) {
                    try {
                        if (result.get(150, TimeUnit.SECONDS) == 200) {
                            ok++;
                        }
                    } catch (java.util.concurrent.ExecutionException failed) {
                        // counted as a failure below
                    }
                }
                assertThat(ok).isEqualTo(200);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    // ---- sniStrict ----

    @Test
    void sniStrictRefusesHandshakesWithoutSniOrWithAnUnknownName() throws Exception {
        // docs: "sniStrict true: a handshake whose SNI matches no certificate (or has no SNI) fails".
        TlsOptions strict = new TlsOptions(null, null, null, null, true, null, null);
        try (Gatehouse proxy = proxy(goodTls(Map.of("default", strict)), RouterTlsConfig.DEFAULT, backend.url(), null)) {
            int port = proxy.port("websecure");
            assertThat(errorTexts(proxy)).isEmpty();
            // a failed handshake: an alert (SSLException) or a reset
            assertThatThrownBy(() -> servedSubject(port, null)).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> servedSubject(port, "unknown.test")).isInstanceOf(IOException.class);
            assertThat(servedSubject(port, "good.test")).isEqualTo("CN=good.test");
            assertStillServes(port);
        }
    }

    // ---- HTTP/2 ----

    @Test
    void http2WithABadPrefaceIsClosed() throws Exception {
        try (Gatehouse proxy = start()) {
            int port = proxy.port("websecure");
            try (SSLSocket socket = connect(port, "good.test", trustAll(), null, new String[] {"h2"})) {
                assertThat(socket.getApplicationProtocol()).isEqualTo("h2");
                OutputStream out = socket.getOutputStream();
                out.write("PRI * HTTP/1.1\r\n\r\nXX\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.write(new byte[64]);
                out.flush();
                assertThat(readsUntilClosed(socket)).isTrue();
            }
            try (SSLSocket socket = connect(port, "good.test", trustAll(), null, new String[] {"h2"})) {
                OutputStream out = socket.getOutputStream();
                out.write("GET / HTTP/1.1\r\nHost: good.test\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertThat(readsUntilClosed(socket)).isTrue();
            }
            assertStillServes(port);
        }
    }

    // ---- renegotiation ----

    @Test
    void clientInitiatedRenegotiationIsRefused() throws Exception {
        // Doc silent; Traefik (Go's crypto/tls) never renegotiates as a server: a renegotiation is refused.
        try (Gatehouse proxy = start()) {
            int port = proxy.port("websecure");
            boolean renegotiated = false;
            try (SSLSocket socket = connect(port, "good.test", trustAll(), new String[] {"TLSv1.2"}, null)) {
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream();
                out.write("GET / HTTP/1.1\r\nHost: good.test\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertThat(RawHttp.read(in).status()).isEqualTo(200);
                try {
                    socket.startHandshake(); // TLS 1.2: the client sends a new ClientHello (a renegotiation)
                    renegotiated = get(in, out, "good.test") == 200;
                } catch (IOException refused) {
                    // refused: a no_renegotiation / handshake alert, or a close
                }
            }
            assertThat(renegotiated).as("a request served after a client-initiated renegotiation").isFalse();
            assertStillServes(port);
        }
    }

    // ---- reloads ----

    private static String dynamicYaml(Path cert, Path key, String routerName) {
        return "http:\n"
                + "  routers:\n"
                + "    " + routerName + ":\n"
                + "      rule: \"PathPrefix(`/`)\"\n"
                + "      service: backend\n"
                + "      tls: {}\n"
                + "  services:\n"
                + "    backend:\n"
                + "      loadBalancer:\n"
                + "        servers:\n"
                + "          - url: \"" + backend.url() + "\"\n"
                + "tls:\n"
                + "  certificates:\n"
                + "    - certFile: \"" + cert + "\"\n"
                + "      keyFile: \"" + key + "\"\n";
    }

    private static void replace(Path file, String content) throws IOException {
        Path temp = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.writeString(temp, content);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void awaitError(Gatehouse proxy, String part) throws InterruptedException {
        for (int i = 0; i < 300 && errorTexts(proxy).stream().noneMatch(e -> e.contains(part)); i++) {
            Thread.sleep(100);
        }
    }

    @Test
    void reloadWithABrokenCertificateKeepsTheOldOneServing() throws Exception {
        Path certs = Files.createDirectory(dir.resolve("certs"));
        Path config = Files.createDirectory(dir.resolve("conf")).resolve("dynamic.yml");
        Path[] v1 = ca.issue("reload-v1", List.of("reload.test"), List.of(), KeyType.EC).writePem(certs, "v1", false);
        Path[] v2 = ca.issue("reload-v2", List.of("reload.test"), List.of(), KeyType.EC).writePem(certs, "v2", false);
        Files.writeString(config, dynamicYaml(v1[0], v1[1], "secure"));
        try (Gatehouse proxy = Gatehouse.builder().ioThreads(2)
                .entryPoint("websecure", EntryPointConfig.of("127.0.0.1:0"))
                .providersThrottleDuration(Duration.ofMillis(100))
                .provider(FileProvider.watching(config).debounce(Duration.ofMillis(100)))
                .start()) {
            assertThat(proxy.awaitConfigApplied(Duration.ofSeconds(30))).isTrue();
            int port = proxy.port("websecure");
            assertThat(servedSubject(port, "reload.test")).isEqualTo("CN=reload-v1");

            // 1. A new file name holding garbage.
            Path garbage = certs.resolve("broken.crt.pem");
            Files.writeString(garbage, "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n");
            replace(config, dynamicYaml(garbage, v1[1], "secure"));
            awaitError(proxy, "tls.certificates[0]");
            assertThat(errorTexts(proxy)).anySatisfy(e -> assertThat(e).contains("tls.certificates[0]").contains("certFile"));
            assertThat(servedSubject(port, "reload.test")).as("after a reload with a broken certificate").isEqualTo("CN=reload-v1");
            assertThat(httpsStatus(port, "reload.test")).isEqualTo(200);

            // 2. A good rotation is picked up (so the check above could have failed).
            replace(config, dynamicYaml(v2[0], v2[1], "secure"));
            for (int i = 0; i < 300 && !servedSubject(port, "reload.test").equals("CN=reload-v2"); i++) {
                Thread.sleep(100);
            }
            assertThat(servedSubject(port, "reload.test")).isEqualTo("CN=reload-v2");
        }
    }

    @Test
    void certificateFileCorruptedInPlaceThenAReloadKeepsTheOldOneServing() throws Exception {
        Path certs = Files.createDirectory(dir.resolve("certs"));
        Path config = Files.createDirectory(dir.resolve("conf")).resolve("dynamic.yml");
        Path[] v1 = ca.issue("inplace-v1", List.of("inplace.test"), List.of(), KeyType.EC).writePem(certs, "v1", false);
        Files.writeString(config, dynamicYaml(v1[0], v1[1], "secure"));
        try (Gatehouse proxy = Gatehouse.builder().ioThreads(2)
                .entryPoint("websecure", EntryPointConfig.of("127.0.0.1:0"))
                .providersThrottleDuration(Duration.ofMillis(100))
                .provider(FileProvider.watching(config).debounce(Duration.ofMillis(100)))
                .start()) {
            assertThat(proxy.awaitConfigApplied(Duration.ofSeconds(30))).isTrue();
            int port = proxy.port("websecure");
            assertThat(servedSubject(port, "inplace.test")).isEqualTo("CN=inplace-v1");
            // docs: "the files are read again on every rebuild": corrupt the key in place, then change a route.
            Files.write(v1[1], new byte[] {0, 1, 2, 3, (byte) 0xFF});
            replace(config, dynamicYaml(v1[0], v1[1], "renamed"));
            awaitError(proxy, "tls.certificates[0]");
            assertThat(errorTexts(proxy)).anySatisfy(e -> assertThat(e).contains("tls.certificates[0]").contains("keyFile"));
            assertThat(servedSubject(port, "inplace.test")).isEqualTo("CN=inplace-v1");
        }
    }
}
