package io.gatehouse.docker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A real, private, rootful podman API service (its Docker-compatible socket), started with the
 * project's own {@code scripts/start-podman.sh} (which installs Debian's podman when missing) and
 * stopped, with its containers and storage, by {@link #close()}. The test image is the same
 * busybox-static rootfs as {@link DockerEngine}'s, imported with {@code podman import}.
 */
final class PodmanEngine implements AutoCloseable {

    private final Path dir;
    private final String socket;

    private PodmanEngine(Path dir, String socket) {
        this.dir = dir;
        this.socket = socket;
    }

    static PodmanEngine start() throws IOException {
        // Short: the socket lives under it and unix socket paths are limited to 108 bytes.
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "ghp");
        try {
            String out = DockerEngine.run(List.of("bash", "scripts/start-podman.sh", dir.toString()), 600).trim();
            String[] lines = out.split("\n");
            PodmanEngine engine = new PodmanEngine(dir, lines[lines.length - 1].trim());
            Path tar = DockerEngine.busyboxRootfsTar();
            try {
                engine.podman("import", "--change", "ENV PATH=/bin", tar.toString(), DockerEngine.IMAGE);
            } finally {
                Files.deleteIfExists(tar);
            }
            return engine;
        } catch (IOException | RuntimeException e) {
            DockerEngine.run(List.of("bash", "scripts/stop-podman.sh", dir.toString()), 120);
            throw e;
        }
    }

    String endpoint() {
        return "unix://" + socket;
    }

    /** Runs a host-network container that answers {@code GET /} with {@code body} on 127.0.0.1:{@code port}. */
    String runHttpd(String name, int port, String body, List<String> labels) throws IOException {
        return podman(DockerEngine.httpdRunArgs(name, port, body, labels).toArray(String[]::new)).trim();
    }

    /** The podman client, talking to this service. */
    String podman(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("podman", "--url", endpoint()));
        command.addAll(List.of(args));
        return DockerEngine.run(command, 60);
    }

    @Override
    public void close() throws IOException {
        DockerEngine.run(List.of("bash", "scripts/stop-podman.sh", dir.toString()), 120);
    }
}
