package io.gatehouse.docker;

import io.gatehouse.core.server.Gatehouse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The provider against podman's Docker-compatible API: a real rootful {@code podman system service}
 * (one per class), real containers on the host network, requests through a real Gatehouse. Podman's
 * list entries lack HostConfig and its events say {@code remove} where dockerd says {@code destroy}.
 */
@Timeout(180)
class DockerProviderPodmanTest {

    private static PodmanEngine podman;

    private final String tag = UUID.randomUUID().toString().substring(0, 8);
    private final List<String> containers = new ArrayList<>();
    private Gatehouse proxy;

    @BeforeAll
    static void startPodman() throws IOException {
        podman = PodmanEngine.start();
    }

    @AfterAll
    static void stopPodman() throws IOException {
        if (podman != null) {
            podman.close();
        }
    }

    @AfterEach
    void cleanUp() {
        if (proxy != null) {
            proxy.close();
        }
        for (String c : containers) {
            try {
                podman.podman("rm", "-f", "-t", "1", c);
            } catch (IOException ignored) {
                // already gone
            }
        }
    }

    private String run(String name, String host) throws IOException {
        String fullName = name + "-" + tag;
        int port = DockerEngine.freePort();
        podman.runHttpd(fullName, port, name, List.of(
                "gatehouse.test=" + tag,
                "traefik.enable=true",
                "traefik.http.routers." + name + ".rule=Host(`" + host + "`)",
                "traefik.http.services." + name + ".loadbalancer.server.port=" + port));
        containers.add(fullName);
        return fullName;
    }

    @Test
    void listsFollowsStartStopAndRemoveEventsOfPodman() throws Exception {
        String listedHost = "listed-" + tag + ".test";
        String startedHost = "started-" + tag + ".test";
        run("listed", listedHost); // running before the provider starts: found by the list
        // allowEmptyServices: a stopped container keeps its service (503) until it is removed.
        DockerProvider docker = DockerProvider.create(DockerProviderConfig.DEFAULTS
                .withEndpoint(podman.endpoint())
                .withExposedByDefault(false)
                .withAllowEmptyServices(true)
                .withConstraints("Label(`gatehouse.test`, `" + tag + "`)"));
        proxy = Gatehouse.builder().entryPoint("web", 0).providersThrottleDuration(Duration.ZERO).provider(docker).start();
        int port = proxy.port("web");

        ProxyRequests.awaitResponse(port, listedHost, "200 listed");
        assertThat(docker.connected()).isTrue();

        // start event
        String started = run("started", startedHost);
        ProxyRequests.awaitResponse(port, startedHost, "200 started");

        // stop / die events: the service stays, without servers
        podman.podman("stop", "-t", "1", started);
        ProxyRequests.awaitResponse(port, startedHost, "503*");

        // podman's remove event (dockerd says destroy): the service goes too
        long syncsBefore = docker.syncs();
        podman.podman("rm", started);
        ProxyRequests.awaitResponse(port, startedHost, "404*");
        assertThat(docker.syncs()).isGreaterThan(syncsBefore);

        assertThat(ProxyRequests.get(port, listedHost)).isEqualTo("200 listed");
        assertThat(docker.problems()).isEmpty();
        assertThat(proxy.providerErrors()).isEmpty();
    }
}
