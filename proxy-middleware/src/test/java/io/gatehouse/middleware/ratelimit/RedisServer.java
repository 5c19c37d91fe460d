package io.gatehouse.middleware.ratelimit;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real redis-server for the tests, started with the module's {@code scripts/start-redis.sh} (which
 * installs Debian's redis-server when missing): one shared by all test classes of the JVM
 * ({@code @ExtendWith(RedisServer.class)}, then {@link #shared()}), stopped after the last one, or a
 * private one a test may kill and restart. If it cannot start, the tests fail with the script's reason.
 */
final class RedisServer implements BeforeAllCallback, ExtensionContext.Store.CloseableResource, AutoCloseable {

    private static final Path SCRIPT = Path.of("scripts", "start-redis.sh");
    private static volatile RedisServer shared;

    private final Path dir;
    private int port;

    /** Used by JUnit as the extension; the server itself is {@link #shared()}. */
    public RedisServer() {
        this.dir = null;
    }

    private RedisServer(Path dir) {
        this.dir = dir;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        // The root store closes the server once, after the last test class of the run.
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(RedisServer.class, k -> startShared(), RedisServer.class);
    }

    static RedisServer shared() {
        if (shared == null) {
            throw new IllegalStateException("annotate the test class with @ExtendWith(RedisServer.class)");
        }
        return shared;
    }

    private static synchronized RedisServer startShared() {
        if (shared == null) {
            try {
                shared = startPrivate();
            } catch (IOException e) {
                throw new AssertionError("cannot start redis-server: " + e.getMessage(), e);
            }
        }
        return shared;
    }

    /** A server of the caller's own, on a free port; the caller closes it. */
    static RedisServer startPrivate() throws IOException {
        RedisServer server = new RedisServer(Files.createTempDirectory("gh-redis"));
        server.start();
        return server;
    }

    int port() {
        return port;
    }

    String endpoint() {
        return "127.0.0.1:" + port;
    }

    /** Starts the server, or starts it again on the same port after {@link #kill()}. */
    void start() throws IOException {
        String out = run(port == 0 ? List.of("bash", SCRIPT.toString(), dir.toString())
                : List.of("bash", SCRIPT.toString(), dir.toString(), Integer.toString(port)), 600).trim();
        String[] lines = out.split("\n");
        port = Integer.parseInt(lines[lines.length - 1].trim());
    }

    /** Stops the server at once (SIGKILL, as a crash) and waits until it is gone. */
    void kill() throws IOException {
        Path pidFile = dir.resolve("redis.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        Files.deleteIfExists(pidFile);
        // Not our child (the script detached it), so wait for its port to close rather than for its exit status.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try (java.net.Socket probe = new java.net.Socket()) {
                probe.connect(new java.net.InetSocketAddress("127.0.0.1", port), 200);
            } catch (IOException refused) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
        throw new IOException("redis-server " + pid + " still listens on " + port + " 30 s after SIGKILL");
    }

    @Override
    public void close() throws IOException {
        kill();
        run(List.of("rm", "-rf", dir.toString()), 30);
    }

    private static String run(List<String> command, int timeoutSeconds) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command);
        Path err = Files.createTempFile("gh-redis", ".err");
        pb.redirectError(err.toFile());
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        try {
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + ": no answer within " + timeoutSeconds + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        Files.deleteIfExists(err);
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed with exit code " + p.exitValue() + ": " + stderr);
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
