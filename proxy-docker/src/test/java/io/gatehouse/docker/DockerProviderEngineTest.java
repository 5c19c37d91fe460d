package io.gatehouse.docker;

import io.gatehouse.core.config.DynamicConfig;
import io.gatehouse.core.config.RouterConfig;
import io.gatehouse.core.config.ServerConfig;
import io.gatehouse.core.config.ServiceConfig;
import io.gatehouse.core.middleware.MiddlewareTypes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The provider against a real engine: containers started, stopped, scaled, a bad label, and the engine
 * going away and coming back. Each test selects its own containers with a constraint on a label of
 * its own, so tests sharing the engine do not see each other's containers.
 */
@ExtendWith(DockerEngine.class)
@Timeout(120)
class DockerProviderEngineTest {

    private final String tag = UUID.randomUUID().toString().substring(0, 8);
    private final List<String> containers = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private DockerProvider provider;

    private DockerEngine engine() {
        return DockerEngine.shared();
    }

    private RecordingSink startProvider(DockerProviderConfig settings) throws Exception {
        provider = DockerProvider.create(settings.withEndpoint(engine().endpoint())
                .withConstraints("Label(`gatehouse.test`, `" + tag + "`)"));
        RecordingSink sink = new RecordingSink();
        provider.start(sink);
        sink.await("the first configuration", c -> true);
        return sink;
    }

    private String run(String name, int port, String body, String... labels) throws IOException {
        List<String> all = new ArrayList<>(List.of(labels));
        all.add("gatehouse.test=" + tag);
        String fullName = name + "-" + tag;
        String id = engine().runHttpd(fullName, port, body, all);
        containers.add(fullName);
        return id;
    }

    @AfterEach
    void cleanUp() throws IOException {
        if (provider != null) {
            provider.close();
        }
        for (String c : containers) {
            try {
                engine().docker("rm", "-f", c);
            } catch (IOException ignored) {
                // already gone
            }
        }
    }

    private String get(String url) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        return r.statusCode() + " " + r.body().trim();
    }

    private static List<String> urls(DynamicConfig config, String service) {
        ServiceConfig s = config.http().services().get(service);
        return s == null ? List.of() : s.loadBalancer().servers().stream().map(ServerConfig::url).toList();
    }

    @Test
    void aRouteAppearsAfterRunAndVanishesAfterStop() throws Exception {
        RecordingSink sink = startProvider(DockerProviderConfig.DEFAULTS);
        int port = DockerEngine.freePort();
        long before = System.nanoTime();
        run("web", port, "hello from web",
                "traefik.http.routers.web.rule=Host(`web.test`)",
                "traefik.http.services.web.loadbalancer.server.port=" + port);
        long ran = System.nanoTime();

        DynamicConfig config = sink.await("router web", c -> c.http().routers().containsKey("web"));
        System.out.printf("docker provider: docker run took %d ms; its route was published %d ms after it returned%n",
                (ran - before) / 1_000_000, (System.nanoTime() - ran) / 1_000_000);
        RouterConfig router = config.http().routers().get("web");
        assertThat(router.rule()).isEqualTo("Host(`web.test`)");
        assertThat(router.service()).isEqualTo("web");
        assertThat(urls(config, "web")).containsExactly("http://127.0.0.1:" + port);
        assertThat(get("http://127.0.0.1:" + port + "/")).isEqualTo("200 hello from web");

        engine().docker("stop", "-t", "1", "web-" + tag);
        DynamicConfig after = sink.await("router web removed", c -> !c.http().routers().containsKey("web"));
        assertThat(after.http().services()).doesNotContainKey("web");
        assertThat(provider.problems()).isEmpty();
    }

    @Test
    void theDefaultRouterAndServiceAreNamedAfterTheContainer() throws Exception {
        RecordingSink sink = startProvider(DockerProviderConfig.DEFAULTS);
        int port = DockerEngine.freePort();
        run("My_App", port, "app", "traefik.http.services.x.loadbalancer.server.port=" + port);
        String name = "My-App-" + tag;
        DynamicConfig config = sink.await("router " + name, c -> c.http().routers().containsKey(name));
        assertThat(config.http().routers().get(name).rule()).isEqualTo("Host(`" + name + "`)");
        assertThat(config.http().routers().get(name).service()).isEqualTo("x");
        assertThat(urls(config, "x")).containsExactly("http://127.0.0.1:" + port);
    }

    @Test
    void threeContainersOfOneComposeServiceAreThreeServersOfOneService() throws Exception {
        RecordingSink sink = startProvider(DockerProviderConfig.DEFAULTS);
        List<Integer> ports = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            int port = DockerEngine.freePort();
            ports.add(port);
            run("shop-api-" + i, port, "replica " + i,
                    "com.docker.compose.project=shop", "com.docker.compose.service=api",
                    "traefik.http.services.api.loadbalancer.server.port=" + port,
                    "traefik.http.routers.api.rule=PathPrefix(`/api`)");
        }
        DynamicConfig config = sink.await("three servers", c -> urls(c, "api").size() == 3);
        assertThat(urls(config, "api")).containsExactlyInAnyOrderElementsOf(
                ports.stream().map(p -> "http://127.0.0.1:" + p).toList());
        assertThat(config.http().routers()).containsOnlyKeys("api");
        Set<String> bodies = new HashSet<>();
        for (String url : urls(config, "api")) {
            bodies.add(get(url + "/"));
        }
        assertThat(bodies).containsExactlyInAnyOrder("200 replica 1", "200 replica 2", "200 replica 3");

        engine().docker("stop", "-t", "1", "shop-api-2-" + tag);
        DynamicConfig two = sink.await("two servers", c -> urls(c, "api").size() == 2);
        assertThat(urls(two, "api")).doesNotContain("http://127.0.0.1:" + ports.get(1));
    }

    @Test
    void aContainerWithABadLabelLosesOnlyItsOwnRoutes() throws Exception {
        RecordingSink sink = startProvider(DockerProviderConfig.DEFAULTS);
        int good = DockerEngine.freePort();
        int bad = DockerEngine.freePort();
        run("good", good, "good", "traefik.http.routers.good.rule=Host(`good.test`)",
                "traefik.http.services.good.loadbalancer.server.port=" + good);
        run("bad", bad, "bad", "traefik.http.routers.bad.rule=Host(`bad.test`)",
                "traefik.http.routers.bad.priority=high",
                "traefik.http.services.bad.loadbalancer.server.port=" + bad);
        sink.await("router good", c -> c.http().routers().containsKey("good"));
        RecordingSink.awaitTrue("the bad container reported", () -> !provider.problems().isEmpty());
        assertThat(sink.latest().http().routers()).containsOnlyKeys("good");
        assertThat(provider.problems()).hasSize(1);
        assertThat(provider.problems().get(0).toString())
                .contains("container bad-" + tag)
                .contains("label traefik.http.routers.bad.priority")
                .contains("high");
    }

    @Test
    void labelsAreDecodedAndBuiltWithTheSinksMiddlewareTypes() throws Exception {
        // The pipeline knows stripPrefix only: addPrefix, although on the class path, is unknown to it.
        MiddlewareTypes pipelineTypes = MiddlewareTypes.of(List.of(MiddlewareTypes.load().find("stripPrefix").orElseThrow()));
        RecordingSink sink = new RecordingSink(pipelineTypes);
        provider = DockerProvider.create(DockerProviderConfig.DEFAULTS.withEndpoint(engine().endpoint())
                .withConstraints("Label(`gatehouse.test`, `" + tag + "`)"));
        provider.start(sink);
        int strip = DockerEngine.freePort();
        int add = DockerEngine.freePort();
        run("strip", strip, "strip", "traefik.http.routers.strip.rule=Host(`strip.test`)",
                "traefik.http.routers.strip.middlewares=strip",
                "traefik.http.middlewares.strip.stripprefix.prefixes=/api",
                "traefik.http.services.strip.loadbalancer.server.port=" + strip);
        run("add", add, "add", "traefik.http.routers.add.rule=Host(`add.test`)",
                "traefik.http.routers.add.middlewares=add",
                "traefik.http.middlewares.add.addprefix.prefix=/v1",
                "traefik.http.services.add.loadbalancer.server.port=" + add);
        sink.await("both containers seen", c -> c.http().routers().containsKey("strip") && !sink.latestPartial().isEmpty());
        assertThat(sink.latest().http().routers()).containsOnlyKeys("strip");
        assertThat(sink.latest().http().middlewares()).containsOnlyKeys("strip");
        // The errors go with the configuration, so the proxy reports them while the rest serves.
        assertThat(sink.latestPartial()).singleElement().asString()
                .contains("container add-" + tag, "traefik.http.middlewares.add.addprefix", "unknown middleware type 'addprefix'",
                        "stripPrefix");
        assertThat(provider.problems()).isEqualTo(sink.latestPartial());
        assertThat(sink.rejected).isEmpty();
    }

    @Test
    void containersWithoutAPortAreReportedAndLeftOut() throws Exception {
        RecordingSink sink = startProvider(DockerProviderConfig.DEFAULTS);
        int port = DockerEngine.freePort();
        run("noport", port, "x", "traefik.http.routers.noport.rule=Host(`noport.test`)");
        RecordingSink.awaitTrue("the container reported", () -> !provider.problems().isEmpty());
        assertThat(provider.problems().get(0).toString()).contains("container noport-" + tag).contains("port is missing");
        assertThat(sink.latest().http().routers()).isEmpty();
    }

    @Test
    void unhealthyContainersAreLeftOutUnlessEmptyServicesAreAllowed() throws Exception {
        RecordingSink sink = startProvider(DockerProviderConfig.DEFAULTS);
        DockerProvider strict = provider;
        RecordingSink lenientSink = new RecordingSink();
        DockerProvider lenient = DockerProvider.create(DockerProviderConfig.DEFAULTS.withEndpoint(engine().endpoint())
                .withAllowEmptyServices(true).withConstraints("Label(`gatehouse.test`, `" + tag + "`)"));
        try {
            lenient.start(lenientSink);
            int port = DockerEngine.freePort();
            String fullName = "sick-" + tag;
            engine().runHttpd(fullName, port, "sick", List.of("gatehouse.test=" + tag,
                            "traefik.http.routers.sick.rule=Host(`sick.test`)",
                            "traefik.http.services.sick.loadbalancer.server.port=" + port),
                    "--health-cmd", "false", "--health-interval", "1s", "--health-retries", "1");
            containers.add(fullName);
            DynamicConfig kept = lenientSink.await("the service without servers",
                    c -> c.http().services().containsKey("sick"));
            assertThat(urls(kept, "sick")).isEmpty();
            assertThat(kept.http().routers()).containsKey("sick");
            RecordingSink.awaitTrue("unhealthy", () -> {
                try {
                    return engine().docker("inspect", "-f", "{{.State.Health.Status}}", fullName).trim().equals("unhealthy");
                } catch (IOException e) {
                    return false;
                }
            });
            long syncs = strict.syncs();
            RecordingSink.awaitTrue("a resync after the health event", () -> strict.syncs() > syncs
                    || sink.latest().http().routers().containsKey("sick"));
            assertThat(sink.latest().http().routers()).doesNotContainKey("sick");
        } finally {
            lenient.close();
        }
    }

    @Test
    void theLastConfigurationKeepsServingWhileTheEngineIsDownAndResyncsWhenItReturns() throws Exception {
        RecordingSink sink = startProvider(DockerProviderConfig.DEFAULTS);
        int first = DockerEngine.freePort();
        run("before", first, "before", "traefik.http.routers.before.rule=Host(`before.test`)",
                "traefik.http.services.before.loadbalancer.server.port=" + first);
        sink.await("router before", c -> c.http().routers().containsKey("before"));
        int publishedBefore = sink.published.size();

        engine().stopKeepingContainers();
        try {
            RecordingSink.awaitTrue("the provider notices", () -> !provider.connected());
            // Nothing replaced the last configuration, and the container (live restore) still answers.
            assertThat(sink.published).hasSize(publishedBefore);
            assertThat(sink.latest().http().routers()).containsKey("before");
            assertThat(get("http://127.0.0.1:" + first + "/")).isEqualTo("200 before");
            // The outage is reported (the proxy shows it in providerErrors), without a configuration.
            RecordingSink.awaitTrue("the outage reported", () -> !sink.rejected.isEmpty());
            assertThat(sink.rejected).allSatisfy(errors -> assertThat(errors).singleElement().satisfies(error -> {
                assertThat(error.path()).isEqualTo("providers.docker.endpoint");
                assertThat(error.value()).isEqualTo(engine().endpoint());
                assertThat(error.message()).startsWith("cannot reach the engine: ");
            }));
        } finally {
            engine().start();
        }
        RecordingSink.awaitTrue("the provider reconnects", () -> provider.connected());
        int second = DockerEngine.freePort();
        run("after", second, "after", "traefik.http.routers.after.rule=Host(`after.test`)",
                "traefik.http.services.after.loadbalancer.server.port=" + second);
        DynamicConfig config = sink.await("router after", c -> c.http().routers().containsKey("after"));
        assertThat(config.http().routers()).containsKeys("before", "after");
        // Back: the configuration was published again, which ends the report in the proxy.
        assertThat(sink.published).hasSizeGreaterThan(publishedBefore);
    }
}
