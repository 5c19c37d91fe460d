package io.gatehouse.docker;

import io.gatehouse.core.server.Gatehouse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End to end: a real dockerd, a real Gatehouse with the Docker provider, and requests through the
 * proxy to busybox httpd containers on loopback: routes appear after {@code docker run}, take three
 * replicas into rotation, survive an engine restart, and vanish after {@code docker stop}.
 */
@ExtendWith(DockerEngine.class)
@Timeout(180)
class DockerGatehouseEndToEndTest {

    private final String tag = UUID.randomUUID().toString().substring(0, 8);
    private final List<String> containers = new ArrayList<>();
    private Gatehouse proxy;

    @AfterEach
    void cleanUp() throws IOException {
        if (proxy != null) {
            proxy.close();
        }
        for (String c : containers) {
            try {
                DockerEngine.shared().docker("rm", "-f", c);
            } catch (IOException ignored) {
                // already gone
            }
        }
    }

    private String run(String name, int port, String body, String host) throws IOException {
        String fullName = name + "-" + tag;
        DockerEngine.shared().runHttpd(fullName, port, body, List.of(
                "gatehouse.test=" + tag,
                "traefik.enable=true",
                "traefik.http.routers.site.rule=Host(`" + host + "`)",
                "traefik.http.services.site.loadbalancer.server.port=" + port));
        containers.add(fullName);
        return fullName;
    }

    private static String get(int proxyPort, String host) throws IOException {
        return ProxyRequests.get(proxyPort, host);
    }

    private static String awaitResponse(int proxyPort, String host, String expected) throws Exception {
        return ProxyRequests.awaitResponse(proxyPort, host, expected);
    }

    @Test
    void labelledContainersServeThroughTheProxyAcrossScalingEngineRestartsAndStops() throws Exception {
        DockerProvider docker = DockerProvider.create(DockerProviderConfig.DEFAULTS
                .withEndpoint(DockerEngine.shared().endpoint())
                .withExposedByDefault(false)
                .withConstraints("Label(`gatehouse.test`, `" + tag + "`)"));
        proxy = Gatehouse.builder()
                .entryPoint("web", 0)
                .providersThrottleDuration(Duration.ZERO)
                .provider(docker)
                .start();
        int port = proxy.port("web");
        String host = "site-" + tag + ".test";
        assertThat(get(port, host)).startsWith("404");

        // docker run -> the route answers through the proxy.
        long before = System.nanoTime();
        String first = run("site-1", DockerEngine.freePort(), "replica 1", host);
        long ran = System.nanoTime();
        awaitResponse(port, host, "200 replica 1");
        System.out.printf("docker provider end to end: docker run took %d ms; the route answered %d ms after it returned%n",
                (ran - before) / 1_000_000, (System.nanoTime() - ran) / 1_000_000);

        // Scale to three: all three in rotation.
        run("site-2", DockerEngine.freePort(), "replica 2", host);
        run("site-3", DockerEngine.freePort(), "replica 3", host);
        Set<String> seen = new HashSet<>();
        RecordingSink.awaitTrue("three replicas in rotation", () -> {
            try {
                seen.add(get(port, host));
            } catch (IOException e) {
                return false;
            }
            return seen.containsAll(List.of("200 replica 1", "200 replica 2", "200 replica 3"));
        });
        assertThat(seen).containsOnly("200 replica 1", "200 replica 2", "200 replica 3");

        // The engine goes away: the proxy keeps serving the last configuration.
        DockerEngine.shared().stopKeepingContainers();
        try {
            RecordingSink.awaitTrue("the provider notices the engine is gone", () -> !docker.connected());
            for (int i = 0; i < 6; i++) {
                assertThat(get(port, host)).startsWith("200 replica ");
            }
        } finally {
            DockerEngine.shared().start();
        }
        // ... and resyncs when it is back: a change made after the restart is seen.
        RecordingSink.awaitTrue("the provider reconnects", docker::connected);
        DockerEngine.shared().docker("stop", "-t", "1", "site-2-" + tag, "site-3-" + tag);
        Set<String> after = new HashSet<>();
        RecordingSink.awaitTrue("only replica 1 left", () -> {
            try {
                after.clear();
                for (int i = 0; i < 6; i++) {
                    after.add(get(port, host));
                }
                return after.equals(Set.of("200 replica 1"));
            } catch (IOException e) {
                return false;
            }
        });

        // docker stop -> the route vanishes.
        DockerEngine.shared().docker("stop", "-t", "1", first);
        awaitResponse(port, host, "404*");
        assertThat(docker.problems()).isEmpty();
    }

    private String runWithRule(String name, String router, String rule, String body) throws IOException {
        String fullName = name + "-" + tag;
        int backendPort = DockerEngine.freePort();
        DockerEngine.shared().runHttpd(fullName, backendPort, body, List.of(
                "gatehouse.test=" + tag,
                "traefik.enable=true",
                "traefik.http.routers." + router + ".rule=" + rule,
                "traefik.http.services." + router + ".loadbalancer.server.port=" + backendPort));
        containers.add(fullName);
        return fullName;
    }

    @Test
    void aContainerWithABadLabelIsReportedInProviderErrorsWhileTheOthersServeUntilItIsFixed() throws Exception {
        DockerProvider docker = DockerProvider.create(DockerProviderConfig.DEFAULTS
                .withEndpoint(DockerEngine.shared().endpoint())
                .withExposedByDefault(false)
                .withConstraints("Label(`gatehouse.test`, `" + tag + "`)"));
        proxy = Gatehouse.builder().entryPoint("web", 0).providersThrottleDuration(Duration.ZERO).provider(docker).start();
        int port = proxy.port("web");
        String goodHost = "good-" + tag + ".test";
        String fixedHost = "fixed-" + tag + ".test";

        runWithRule("good", "good", "Host(`" + goodHost + "`)", "good");
        String broken = runWithRule("broken", "broken", "Host(`" + fixedHost + "`", "broken"); // unclosed
        ProxyRequests.awaitResponse(port, goodHost, "200 good");
        RecordingSink.awaitTrue("the bad label reported", () -> proxy.providerErrors().containsKey("docker"));
        assertThat(proxy.providerErrors().get("docker")).singleElement().satisfies(error -> {
            assertThat(error.location()).hasToString("container " + broken);
            assertThat(error.message()).startsWith("label traefik.http.routers.broken.rule: ")
                    .endsWith("; the container is left out");
            assertThat(error.value()).isEqualTo("Host(`" + fixedHost + "`");
            assertThat(error.toString()).contains(broken, "traefik.http.routers.broken.rule");
        });
        assertThat(proxy.errors()).hasSize(1);
        assertThat(ProxyRequests.get(port, fixedHost)).startsWith("404");
        assertThat(ProxyRequests.get(port, goodHost)).isEqualTo("200 good");

        // Labels cannot change on a container: it is replaced by one with the label fixed.
        DockerEngine.shared().docker("rm", "-f", broken);
        runWithRule("broken", "broken", "Host(`" + fixedHost + "`)", "fixed");
        ProxyRequests.awaitResponse(port, fixedHost, "200 fixed");
        RecordingSink.awaitTrue("the report cleared", () -> proxy.providerErrors().isEmpty());
        assertThat(proxy.errors()).isEmpty();
        assertThat(ProxyRequests.get(port, goodHost)).isEqualTo("200 good");
    }

    @Test
    void aContainerWithABadMiddlewareLabelIsLeftOutAloneAndNewContainersStillAppear() throws Exception {
        DockerProvider docker = DockerProvider.create(DockerProviderConfig.DEFAULTS
                .withEndpoint(DockerEngine.shared().endpoint())
                .withExposedByDefault(false)
                .withConstraints("Label(`gatehouse.test`, `" + tag + "`)"));
        proxy = Gatehouse.builder().entryPoint("web", 0).providersThrottleDuration(Duration.ZERO).provider(docker).start();
        int port = proxy.port("web");
        String goodHost = "good-" + tag + ".test";
        String badHost = "bad-" + tag + ".test";
        String ghostHost = "ghost-" + tag + ".test";
        String newHost = "new-" + tag + ".test";

        // The good container uses a middleware another container defines: names are provider-wide.
        runWithLabels("good", "good", "Host(`" + goodHost + "`)", "good",
                "traefik.http.routers.good.middlewares=shared-" + tag);
        runWithLabels("shared", "shared", "Host(`shared-" + tag + ".test`)", "shared",
                "traefik.http.middlewares.shared-" + tag + ".stripprefix.prefixes=/nothing");
        // 300.1.1.1 is no address: only the middleware's own build rejects it, not the label decoder.
        String bad = runWithLabels("bad", "bad", "Host(`" + badHost + "`)", "bad",
                "traefik.http.routers.bad.middlewares=allow-" + tag,
                "traefik.http.middlewares.allow-" + tag + ".ipallowlist.sourcerange=127.0.0.1,300.1.1.1");
        String ghost = runWithLabels("ghost", "ghost", "Host(`" + ghostHost + "`)", "ghost",
                "traefik.http.routers.ghost.middlewares=nope-" + tag);
        ProxyRequests.awaitResponse(port, goodHost, "200 good");
        RecordingSink.awaitTrue("both bad containers reported", () ->
                proxy.providerErrors().getOrDefault("docker", List.of()).size() == 2);
        List<String> reported = proxy.providerErrors().get("docker").stream().map(Object::toString).toList();
        assertThat(reported).anySatisfy(e -> assertThat(e).contains("container " + bad,
                "label traefik.http.middlewares.allow-" + tag + ".ipallowlist.sourcerange (item 2)", "300.1.1.1",
                "the container is left out"));
        assertThat(reported).anySatisfy(e -> assertThat(e).contains("container " + ghost,
                "label traefik.http.routers.ghost.middlewares", "no such middleware 'nope-" + tag + "'"));
        assertThat(ProxyRequests.get(port, badHost)).startsWith("404");
        assertThat(ProxyRequests.get(port, ghostHost)).startsWith("404");
        assertThat(ProxyRequests.get(port, goodHost)).isEqualTo("200 good");

        // The provider's configuration is not stuck: a new good container still appears.
        runWithLabels("new", "new", "Host(`" + newHost + "`)", "new");
        ProxyRequests.awaitResponse(port, newHost, "200 new");
        assertThat(ProxyRequests.get(port, goodHost)).isEqualTo("200 good");
        assertThat(proxy.providerErrors().get("docker")).hasSize(2);

        // Removing the bad containers clears the report.
        DockerEngine.shared().docker("rm", "-f", bad, ghost);
        RecordingSink.awaitTrue("the report cleared", () -> proxy.providerErrors().isEmpty());
        assertThat(ProxyRequests.get(port, goodHost)).isEqualTo("200 good");
    }

    private String runWithLabels(String name, String router, String rule, String body, String... extra)
            throws IOException {
        String fullName = name + "-" + tag;
        int backendPort = DockerEngine.freePort();
        List<String> labels = new ArrayList<>(List.of(
                "gatehouse.test=" + tag,
                "traefik.enable=true",
                "traefik.http.routers." + router + ".rule=" + rule,
                "traefik.http.services." + router + ".loadbalancer.server.port=" + backendPort));
        labels.addAll(List.of(extra));
        DockerEngine.shared().runHttpd(fullName, backendPort, body, labels);
        containers.add(fullName);
        return fullName;
    }
}
