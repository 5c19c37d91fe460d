package io.gatehouse.docker;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real, private Docker engine for the tests, started with the project's own
 * {@code scripts/start-dockerd.sh} (which installs Debian's docker.io and busybox-static when missing),
 * shared by all test classes of the run and stopped, with its containers and mounts, at the end.
 * The test image is a busybox-static binary imported with {@code docker import}; containers run on the
 * host network and serve {@code busybox httpd} on loopback ports. If the engine cannot start, the
 * tests fail with the script's reason: they never skip.
 */
final class DockerEngine implements BeforeAllCallback, ExtensionContext.Store.CloseableResource, AutoCloseable {

    static final String IMAGE = "gatehouse-busybox:test";
    private static final Path SCRIPTS = Path.of("scripts");

    private static volatile DockerEngine shared;

    private final Path dir;
    private final List<String> options;
    private String socket;

    /** Used by JUnit as the extension; the engine itself is {@link #shared()}. */
    public DockerEngine() {
        this.dir = null;
        this.options = List.of();
    }

    private DockerEngine(Path dir, List<String> options) {
        this.dir = dir;
        this.options = List.copyOf(options);
    }

    /**
     * An engine of the caller's own, started with these extra dockerd options (a TLS listener ...)
     * and the test image; the caller closes it.
     */
    static DockerEngine startPrivate(List<String> dockerdOptions) throws IOException {
        DockerEngine engine = new DockerEngine(Files.createTempDirectory(Path.of("/tmp"), "ghd"), dockerdOptions);
        try {
            engine.start();
            engine.buildImage();
        } catch (IOException | RuntimeException e) {
            engine.close();
            throw e;
        }
        return engine;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        // The root store closes the engine once, after the last test class of the run.
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(DockerEngine.class, k -> startShared(), DockerEngine.class);
    }

    static DockerEngine shared() {
        if (shared == null) {
            throw new IllegalStateException("annotate the test class with @ExtendWith(DockerEngine.class)");
        }
        return shared;
    }

    private static synchronized DockerEngine startShared() {
        if (shared == null) {
            try {
                // Short: the engine's sockets live under it and unix socket paths are limited to 108 bytes.
                DockerEngine engine = new DockerEngine(Files.createTempDirectory(Path.of("/tmp"), "ghd"), List.of());
                engine.start();
                engine.buildImage();
                shared = engine;
            } catch (IOException e) {
                throw new AssertionError("cannot start the Docker engine: " + e.getMessage(), e);
            }
        }
        return shared;
    }

    String endpoint() {
        return "unix://" + socket;
    }

    /** Starts (or restarts, keeping its data and containers) the engine. */
    void start() throws IOException {
        List<String> command = new ArrayList<>(List.of("bash", SCRIPTS.resolve("start-dockerd.sh").toString(), dir.toString()));
        command.addAll(options);
        String out = run(command, 600).trim(); // may first install docker.io
        String[] lines = out.split("\n");
        socket = lines[lines.length - 1].trim();
    }

    /** Stops the engine; with live restore its containers keep running. */
    void stopKeepingContainers() throws IOException {
        run(List.of("bash", SCRIPTS.resolve("stop-dockerd.sh").toString(), dir.toString(), "--keep-data"), 60);
    }

    @Override
    public void close() throws IOException {
        run(List.of("bash", SCRIPTS.resolve("stop-dockerd.sh").toString(), dir.toString()), 120);
    }

    private void buildImage() throws IOException {
        Path tar = busyboxRootfsTar();
        try {
            docker("import", "--change", "ENV PATH=/bin", tar.toString(), IMAGE);
        } finally {
            Files.deleteIfExists(tar);
        }
    }

    /** A tar of a root file system holding only busybox-static and the applets the tests use; the caller deletes it. */
    static Path busyboxRootfsTar() throws IOException {
        Path root = Files.createTempDirectory("gh-rootfs");
        Path bin = Files.createDirectories(root.resolve("bin"));
        Files.copy(Path.of("/bin/busybox"), bin.resolve("busybox"));
        for (String applet : List.of("sh", "httpd", "mkdir", "sleep", "wget")) {
            Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
        }
        Path tar = root.resolveSibling(root.getFileName() + ".tar");
        run(List.of("tar", "-C", root.toString(), "-cf", tar.toString(), "."), 60);
        run(List.of("rm", "-rf", root.toString()), 30);
        return tar;
    }

    /** The arguments of {@code run -d} for a host-network container serving {@code body} on 127.0.0.1:{@code port}. */
    static List<String> httpdRunArgs(String name, int port, String body, List<String> labels, String... extraArgs) {
        List<String> args = new ArrayList<>(List.of("run", "-d", "--network", "host", "--name", name, "-e", "BODY=" + body));
        for (String label : labels) {
            args.add("--label");
            args.add(label);
        }
        args.addAll(List.of(extraArgs));
        args.addAll(List.of(IMAGE, "sh", "-c", "mkdir -p /w && echo \"$BODY\" > /w/index.html && exec httpd -f -p 127.0.0.1:"
                + port + " -h /w"));
        return args;
    }

    /**
     * Runs a container on the host network that answers {@code GET /} with {@code body} on
     * 127.0.0.1:{@code port}; returns its id.
     */
    String runHttpd(String name, int port, String body, List<String> labels, String... extraArgs) throws IOException {
        return docker(httpdRunArgs(name, port, body, labels, extraArgs).toArray(String[]::new)).trim();
    }

    String docker(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("docker", "-H", endpoint()));
        command.addAll(List.of(args));
        return run(command, 60);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static String run(List<String> command, int timeoutSeconds) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(false);
        Path err = Files.createTempFile("gh-cmd", ".err");
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
