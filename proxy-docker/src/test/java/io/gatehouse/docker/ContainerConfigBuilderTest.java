package io.gatehouse.docker;

import io.gatehouse.core.config.ConfigError;
import io.gatehouse.core.config.DynamicConfig;
import io.gatehouse.core.config.RouterConfig;
import io.gatehouse.core.config.ServerConfig;
import io.gatehouse.core.config.ServiceConfig;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Labels to configuration, following the examples of Traefik's Docker provider documentation. */
class ContainerConfigBuilderTest {

    private static final String HOST = "127.0.0.1";

    private static ContainerInfo bridge(String id, String name, Map<String, String> labels, int... ports) {
        Map<Integer, List<ContainerInfo.PortBinding>> exposed = new LinkedHashMap<>();
        for (int p : ports) {
            exposed.put(p, List.of());
        }
        return new ContainerInfo(id, name, labels, "running", null, "bridge", Map.of("bridge", "172.17.0." + id.length()),
                exposed);
    }

    private static ContainerConfigBuilder.Result build(DockerProviderConfig settings, ContainerInfo... containers) {
        try {
            return new ContainerConfigBuilder(settings, HOST).build(List.of(containers));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static ContainerConfigBuilder.Result build(ContainerInfo... containers) {
        return build(DockerProviderConfig.DEFAULTS, containers);
    }

    private static List<String> urls(DynamicConfig config, String service) {
        return config.http().services().get(service).loadBalancer().servers().stream().map(ServerConfig::url).toList();
    }

    @Test
    void aContainerWithoutLabelsGetsARouterAndServiceNamedAfterIt() {
        var r = build(bridge("a", "/whoami", Map.of(), 80));
        assertThat(r.errors()).isEmpty();
        RouterConfig router = r.config().http().routers().get("whoami");
        assertThat(router.rule()).isEqualTo("Host(`whoami`)");
        assertThat(router.service()).isEqualTo("whoami");
        assertThat(urls(r.config(), "whoami")).containsExactly("http://172.17.0.1:80");
    }

    @Test
    void exposedByDefaultAndTheEnableLabel() {
        var off = DockerProviderConfig.DEFAULTS.withExposedByDefault(false);
        assertThat(build(off, bridge("a", "a", Map.of(), 80)).config().http().routers()).isEmpty();
        assertThat(build(off, bridge("a", "a", Map.of("traefik.enable", "true"), 80)).config().http().routers())
                .containsOnlyKeys("a");
        assertThat(build(bridge("a", "a", Map.of("traefik.enable", "false"), 80)).config().http().routers()).isEmpty();
        // Keys are case-insensitive, values are Go booleans.
        assertThat(build(off, bridge("a", "a", Map.of("Traefik.Enable", "T"), 80)).config().http().routers())
                .containsOnlyKeys("a");
    }

    @Test
    void anInvalidEnableLabelIsAnErrorForThatContainerOnly() {
        var r = build(bridge("a", "a", Map.of("traefik.enable", "yes"), 80), bridge("bb", "b", Map.of(), 80));
        assertThat(r.config().http().routers()).containsOnlyKeys("b");
        assertThat(r.errors()).singleElement().asString()
                .contains("container a").contains("traefik.enable").contains("expected true or false").contains("yes");
    }

    @Test
    void composeContainersAreNamedServiceUnderscoreProjectNormalized() {
        var r = build(bridge("a", "my_proj-web-1", Map.of("com.docker.compose.project", "my_proj",
                "com.docker.compose.service", "web"), 80));
        assertThat(r.config().http().routers()).containsOnlyKeys("web-my-proj");
        assertThat(r.config().http().routers().get("web-my-proj").rule()).isEqualTo("Host(`web-my-proj`)");
        assertThat(r.config().http().services()).containsOnlyKeys("web-my-proj");
    }

    @Test
    void aRouterWithoutServiceLinksToTheAutomaticService() {
        var r = build(bridge("a", "app", Map.of("traefik.http.routers.my-router.rule", "Host(`example.com`)"), 80));
        assertThat(r.config().http().routers()).containsOnlyKeys("my-router");
        assertThat(r.config().http().routers().get("my-router").service()).isEqualTo("app");
        assertThat(urls(r.config(), "app")).containsExactly("http://172.17.0.1:80");
    }

    @Test
    void aServiceWithoutRouterGetsARouterNamedAfterTheContainerWithTheDefaultRule() {
        var r = build(bridge("a", "app", Map.of("traefik.http.services.my-service.loadbalancer.server.port", "8080"), 80));
        assertThat(r.config().http().routers()).containsOnlyKeys("app");
        RouterConfig router = r.config().http().routers().get("app");
        assertThat(router.service()).isEqualTo("my-service");
        assertThat(router.rule()).isEqualTo("Host(`app`)");
        assertThat(urls(r.config(), "my-service")).containsExactly("http://172.17.0.1:8080");
    }

    @Test
    void severalServicesAndNoRouterMakeNoRouter() {
        var r = build(bridge("a", "app", Map.of(
                "traefik.http.services.s1.loadbalancer.server.port", "8080",
                "traefik.http.services.s2.loadbalancer.server.port", "9090"), 80));
        assertThat(r.errors()).isEmpty();
        assertThat(r.config().http().routers()).isEmpty();
        assertThat(urls(r.config(), "s1")).containsExactly("http://172.17.0.1:8080");
        assertThat(urls(r.config(), "s2")).containsExactly("http://172.17.0.1:9090");
    }

    @Test
    void severalServicesAndARouterWithoutServiceDropThatRouterOnly() {
        var r = build(bridge("a", "app", Map.of(
                "traefik.http.routers.r1.rule", "Host(`a`)",
                "traefik.http.routers.r2.rule", "Host(`b`)",
                "traefik.http.routers.r2.service", "s2",
                "traefik.http.services.s1.loadbalancer.server.port", "8080",
                "traefik.http.services.s2.loadbalancer.server.port", "9090"), 80));
        assertThat(r.config().http().routers()).containsOnlyKeys("r2");
        assertThat(r.config().http().services()).containsOnlyKeys("s1", "s2");
        assertThat(r.errors()).singleElement().asString().contains("container app").contains("http.routers.r1.service")
                .contains("several services");
    }

    @Test
    void thePortLabelWinsOverTheLowestExposedPort() {
        assertThat(urls(build(bridge("a", "app", Map.of(), 8080, 443, 80)).config(), "app"))
                .containsExactly("http://172.17.0.1:80");
        assertThat(urls(build(bridge("a", "app", Map.of("traefik.http.services.app.loadbalancer.server.port", "8443"),
                8080, 80)).config(), "app")).containsExactly("http://172.17.0.1:8443");
    }

    @Test
    void noPortIsTheErrorPortIsMissing() {
        var r = build(bridge("a", "app", Map.of()), bridge("bb", "other", Map.of(), 80));
        assertThat(r.config().http().routers()).containsOnlyKeys("other");
        assertThat(r.errors()).singleElement().asString().contains("container app").contains("port is missing");
    }

    @Test
    void theSchemeLabelAndTheUrlLabel() {
        var h2c = build(bridge("a", "app", Map.of("traefik.http.services.app.loadbalancer.server.scheme", "h2c"), 80));
        assertThat(urls(h2c.config(), "app")).containsExactly("h2c://172.17.0.1:80");
        var url = build(bridge("a", "app", Map.of("traefik.http.services.app.loadbalancer.server.url",
                "http://backend.internal:9000"), 80));
        assertThat(urls(url.config(), "app")).containsExactly("http://backend.internal:9000");
        var both = build(bridge("a", "app", Map.of("traefik.http.services.app.loadbalancer.server.url", "http://x:1",
                "traefik.http.services.app.loadbalancer.server.scheme", "https"), 80));
        assertThat(both.config().http().services()).isEmpty();
        assertThat(both.errors()).isNotEmpty();
        assertThat(both.errors().get(0).toString()).contains("container app");
    }

    @Test
    void aBadPortLabelIsAnErrorNamingTheLabel() {
        var r = build(bridge("a", "app", Map.of("traefik.http.services.app.loadbalancer.server.port", "eighty"), 80));
        assertThat(r.config().http().services()).isEmpty();
        assertThat(r.errors()).isNotEmpty();
        assertThat(r.errors().toString()).contains("container app").contains("eighty");
    }

    @Test
    void theNetworkLabelAndTheProviderNetworkPickTheAddress() {
        Map<String, String> nets = new LinkedHashMap<>();
        nets.put("front", "10.1.0.2");
        nets.put("back", "10.2.0.2");
        ContainerInfo plain = bridge("a", "app", Map.of(), 80).withNetworks("front", nets);
        assertThat(urls(build(plain).config(), "app")).containsExactly("http://10.1.0.2:80");
        assertThat(urls(build(DockerProviderConfig.DEFAULTS.withNetwork("back"), plain).config(), "app"))
                .containsExactly("http://10.2.0.2:80");
        ContainerInfo labelled = new ContainerInfo("a", "app", Map.of("traefik.docker.network", "back"), "running", null,
                "front", nets, Map.of(80, List.of()));
        assertThat(urls(build(DockerProviderConfig.DEFAULTS.withNetwork("front"), labelled).config(), "app"))
                .containsExactly("http://10.2.0.2:80");
        // A network the container is not on: the first network, as Traefik does.
        assertThat(urls(build(DockerProviderConfig.DEFAULTS.withNetwork("nope"), plain).config(), "app"))
                .containsExactly("http://10.1.0.2:80");
    }

    @Test
    void hostNetworkContainersUseTheHostAddress() {
        ContainerInfo c = ContainerInfo.running("a", "app", Map.of("traefik.http.services.app.loadbalancer.server.port", "8081"));
        assertThat(urls(build(c).config(), "app")).containsExactly("http://127.0.0.1:8081");
    }

    @Test
    void containerNetworkModeUsesTheOtherContainersAddress() {
        ContainerInfo vpn = bridge("vpnid", "vpn", Map.of("traefik.enable", "false"));
        ContainerInfo app = new ContainerInfo("a", "app", Map.of(), "running", null, "container:vpnid", Map.of(),
                Map.of(80, List.of()));
        assertThat(urls(build(vpn, app).config(), "app")).containsExactly("http://172.17.0.5:80");
    }

    @Test
    void ipv6AddressesAreBracketed() {
        ContainerInfo c = bridge("a", "app", Map.of(), 80).withNetworks("v6", Map.of("v6", "fd00::2"));
        assertThat(urls(build(c).config(), "app")).containsExactly("http://[fd00::2]:80");
    }

    @Test
    void useBindPortIpTakesTheHostBindingUnlessItIsUnspecified() {
        var settings = DockerProviderConfig.DEFAULTS.withUseBindPortIP(true);
        ContainerInfo bound = bridge("a", "app", Map.of(), 80)
                .withPorts(Map.of(80, List.of(new ContainerInfo.PortBinding("10.0.0.1", "8081"))));
        assertThat(urls(build(settings, bound).config(), "app")).containsExactly("http://10.0.0.1:8081");
        ContainerInfo any = bridge("a", "app", Map.of(), 80)
                .withPorts(Map.of(80, List.of(new ContainerInfo.PortBinding("0.0.0.0", "8081"))));
        assertThat(urls(build(settings, any).config(), "app")).containsExactly("http://172.17.0.1:80");
        assertThat(urls(build(bound).config(), "app")).containsExactly("http://172.17.0.1:80");
    }

    @Test
    void constraintsSelectContainers() {
        var settings = DockerProviderConfig.DEFAULTS.withConstraints("Label(`a.b`, `yes`) || LabelRegex(`team`, `^ops-`)");
        var r = build(settings, bridge("a", "one", Map.of("a.b", "yes"), 80), bridge("bb", "two", Map.of("team", "ops-x"), 80),
                bridge("ccc", "three", Map.of("team", "dev-ops-"), 80));
        assertThat(r.config().http().routers()).containsOnlyKeys("one", "two");
    }

    @Test
    void stoppedPausedStartingAndUnhealthyContainersAreLeftOut() {
        ContainerInfo base = bridge("a", "app", Map.of(), 80);
        assertThat(build(base.withState("exited", null)).config().http().routers()).isEmpty();
        assertThat(build(base.withState("paused", null)).config().http().routers()).isEmpty();
        assertThat(build(base.withState("running", "starting")).config().http().routers()).isEmpty();
        assertThat(build(base.withState("running", "unhealthy")).config().http().routers()).isEmpty();
        assertThat(build(base.withState("running", "healthy")).config().http().routers()).containsOnlyKeys("app");
    }

    @Test
    void allowEmptyServicesKeepsTheServiceWithoutServers() {
        var settings = DockerProviderConfig.DEFAULTS.withAllowEmptyServices(true);
        ContainerInfo sick = bridge("a", "app", Map.of(), 80).withState("running", "unhealthy");
        var r = build(settings, sick);
        assertThat(r.config().http().routers()).containsOnlyKeys("app");
        assertThat(r.config().http().services().get("app").loadBalancer().servers()).isEmpty();
        // Healthy replicas of the same service still serve.
        ContainerInfo well = bridge("bb", "app2", Map.of("traefik.http.services.app.loadbalancer.server.port", "80",
                "traefik.http.routers.app.rule", "Host(`app`)"), 80);
        ContainerInfo ill = bridge("ccc", "app3", Map.of("traefik.http.services.app.loadbalancer.server.port", "80",
                "traefik.http.routers.app.rule", "Host(`app`)"), 80).withState("running", "starting");
        assertThat(urls(build(settings, well, ill).config(), "app")).containsExactly("http://172.17.0.2:80");
    }

    @Test
    void sameNamedServicesMergeIntoOneServiceWithManyServers() {
        Map<String, String> labels = Map.of("com.docker.compose.project", "shop", "com.docker.compose.service", "api");
        var r = build(bridge("a", "shop-api-1", labels, 80), bridge("bb", "shop-api-2", labels, 80),
                bridge("ccc", "shop-api-3", labels, 80));
        assertThat(r.errors()).isEmpty();
        assertThat(r.config().http().routers()).containsOnlyKeys("api-shop");
        assertThat(urls(r.config(), "api-shop")).containsExactlyInAnyOrder("http://172.17.0.1:80", "http://172.17.0.2:80",
                "http://172.17.0.3:80");
    }

    @Test
    void conflictingDefinitionsAreDroppedAndReported() {
        var r = build(
                bridge("a", "one", Map.of("traefik.http.routers.web.rule", "Host(`a`)", "traefik.http.routers.web.service", "s",
                        "traefik.http.services.s.loadbalancer.passhostheader", "false"), 80),
                bridge("bb", "two", Map.of("traefik.http.routers.web.rule", "Host(`b`)", "traefik.http.routers.web.service", "s",
                        "traefik.http.services.s.loadbalancer.passhostheader", "true"), 80),
                bridge("ccc", "three", Map.of(), 80));
        assertThat(r.config().http().routers()).containsOnlyKeys("three");
        assertThat(r.config().http().services()).containsOnlyKeys("three");
        assertThat(r.errors()).extracting(ConfigError::toString).anySatisfy(e ->
                assertThat(e).contains("http.routers.web").contains("one").contains("two").contains("dropped"));
        assertThat(r.errors()).extracting(ConfigError::toString).anySatisfy(e -> assertThat(e).contains("http.services.s"));
    }

    @Test
    void aBadLabelCostsOnlyItsContainer() {
        var r = build(bridge("a", "bad", Map.of("traefik.http.routers.r.rule", "Host(`bad`)",
                        "traefik.http.routers.r.priority", "high"), 80),
                bridge("bb", "good", Map.of(), 80));
        assertThat(r.config().http().routers()).containsOnlyKeys("good");
        assertThat(r.errors()).singleElement().asString().contains("container bad")
                .contains("label traefik.http.routers.r.priority").contains("high");
    }

    @Test
    void customDefaultRulesSeeNameContainerNameAndLabels() {
        var settings = DockerProviderConfig.DEFAULTS.withDefaultRule(
                "Host(`{{ index .Labels \"app.domain\" }}`) && PathPrefix(`/{{ .ContainerName }}`) && Header(`X`, `{{ .Name | upper }}`)");
        var r = build(settings, bridge("a", "shop_api_1", Map.of("app.domain", "shop.example.com",
                "com.docker.compose.project", "shop", "com.docker.compose.service", "api"), 80));
        assertThat(r.config().http().routers().get("api-shop").rule())
                .isEqualTo("Host(`shop.example.com`) && PathPrefix(`/shop_api_1`) && Header(`X`, `API-SHOP`)");
    }

    @Test
    void aDefaultRuleThatFailsForAContainerDropsItsRouter() {
        var settings = DockerProviderConfig.DEFAULTS.withDefaultRule("Host(`{{ index .Name \"x\" }}`)");
        var r = build(settings, bridge("a", "app", Map.of(), 80));
        assertThat(r.config().http().routers()).isEmpty();
        assertThat(r.config().http().services()).containsOnlyKeys("app");
        assertThat(r.errors()).singleElement().asString().contains("http.routers.app.rule").contains("index");
    }

    @Test
    void tcpLabelsAloneMakeNoHttpRouter() {
        var r = build(bridge("a", "db", Map.of("traefik.tcp.routers.db.rule", "HostSNI(`*`)"), 5432));
        assertThat(r.config().http().routers()).isEmpty();
        assertThat(r.config().http().services()).isEmpty();
        assertThat(r.warnings()).isNotEmpty();
    }

    @Test
    void theLabelRootIsConfigurable() {
        var settings = DockerProviderConfig.DEFAULTS.withLabelRoot("gatehouse");
        var r = build(settings, bridge("a", "app", Map.of("gatehouse.http.routers.web.rule", "Host(`x`)",
                "traefik.http.routers.ignored.rule", "Host(`y`)", "gatehouse.enable", "true"), 80));
        assertThat(r.config().http().routers()).containsOnlyKeys("web");
    }

    @Test
    void middlewaresFromLabelsAreKeptAndSharedWhenEqual() {
        Map<String, String> labels = Map.of("traefik.http.middlewares.strip.testheader.headername", "X-Api",
                "traefik.http.routers.r.rule", "PathPrefix(`/api`)", "traefik.http.routers.r.middlewares", "strip",
                "traefik.http.routers.r.service", "api", "traefik.http.services.api.loadbalancer.server.port", "80");
        var r = build(bridge("a", "one", labels, 80), bridge("bb", "two", labels, 80));
        assertThat(r.errors()).isEmpty();
        assertThat(r.config().http().middlewares()).containsOnlyKeys("strip");
        assertThat(r.config().http().routers().get("r").middlewares()).containsExactly("strip");
        assertThat(urls(r.config(), "api")).containsExactly("http://172.17.0.1:80", "http://172.17.0.2:80");
    }

    @Test
    void emptyInputIsAnEmptyConfiguration() {
        var r = build();
        assertThat(r.config()).isEqualTo(DynamicConfig.EMPTY);
        assertThat(r.errors()).isEmpty();
    }

    @Test
    void weightedServicesFromLabelsGetNoServerFromTheContainer() {
        var r = build(bridge("a", "app", Map.of(
                "traefik.http.services.w.weighted.services[0].name", "x@file",
                "traefik.http.routers.r.rule", "Host(`x`)"), 80));
        ServiceConfig w = r.config().http().services().get("w");
        assertThat(r.errors()).isEmpty();
        assertThat(w.weighted()).isNotNull();
        assertThat(r.config().http().routers().get("r").service()).isEqualTo("w");
    }

    @Test
    void aRuleLabelThatDoesNotParseLeavesOutOnlyItsContainerWithAnErrorNamingTheLabel() {
        var r = build(bridge("a", "app", Map.of("traefik.http.routers.web.rule", "Host(`app.test`"), 80),
                bridge("bb", "other", Map.of(), 80));
        assertThat(r.config().http().routers()).containsOnlyKeys("other");
        assertThat(r.config().http().services()).containsOnlyKeys("other");
        assertThat(r.errors()).singleElement().satisfies(e -> {
            assertThat(e.path()).isEqualTo("http.routers.web.rule");
            assertThat(e.value()).isEqualTo("Host(`app.test`");
            assertThat(e.toString()).contains("container app", "label traefik.http.routers.web.rule", "the container is left out");
        });
    }

    @Test
    void hostileAndV2RulesAreCheckedWithTheRouterRuleSyntax() {
        // v2 syntax: Host with several values is valid there, Headers needs two values in both.
        var v2 = build(bridge("a", "app", Map.of("traefik.http.routers.web.rule", "Host(`a.test`, `b.test`)",
                "traefik.http.routers.web.ruleSyntax", "v2"), 80));
        assertThat(v2.errors()).isEmpty();
        assertThat(v2.config().http().routers()).containsOnlyKeys("web");

        var badSyntax = build(bridge("a", "app", Map.of("traefik.http.routers.web.rule", "Host(`a.test`)",
                "traefik.http.routers.web.ruleSyntax", "v9"), 80));
        assertThat(badSyntax.config().http().routers()).isEmpty();
        assertThat(badSyntax.errors()).singleElement().asString().contains("container app", "label traefik.http.routers.web.ruleSyntax", "expected one of v3, v2", "v9");

        var deep = build(bridge("a", "app", Map.of("traefik.http.routers.web.rule",
                "(".repeat(10_000) + "Host(`a`)" + ")".repeat(10_000)), 80));
        assertThat(deep.config().http().routers()).isEmpty();
        assertThat(deep.errors()).singleElement().asString().contains("container app", "traefik.http.routers.web.rule");
    }

    @Test
    void aDefaultRuleThatGivesAnInvalidRuleIsReportedAsTheDefaultRules() {
        var r = build(DockerProviderConfig.DEFAULTS.withDefaultRule("Host(`{{ index .Labels \"h\" }}`"),
                bridge("a", "app", Map.of("h", "x.test"), 80));
        assertThat(r.config().http().routers()).isEmpty();
        assertThat(r.errors()).singleElement().asString().contains("container app", "defaultRule: ");
    }
}
