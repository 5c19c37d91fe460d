package io.gatehouse.core.config.decode;

import io.gatehouse.core.config.ConfigError;
import io.gatehouse.core.config.DynamicConfig;
import io.gatehouse.core.config.RouterConfig;
import io.gatehouse.core.config.ServerConfig;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FlatKeyDecoderTest {

    private static Map<String, String> map(String... keyValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    private static ConfigError at(List<ConfigError> errors, String path) {
        return errors.stream().filter(e -> path.equals(e.path())).findFirst()
                .orElseThrow(() -> new AssertionError("no error at " + path + " in " + errors));
    }

    @Test
    void labelsAndKvKeysGiveTheSameRecords() {
        DecodeResult labels = FlatKeyDecoder.labels().decode(map(
                "traefik.http.routers.web.rule", "Host(`example.com`)",
                "traefik.http.routers.web.entrypoints", "web,websecure",
                "traefik.http.routers.web.service", "api",
                "traefik.http.routers.web.tls.domains[0].main", "example.com",
                "traefik.http.routers.web.tls.domains[0].sans", "a.example.com,b.example.com",
                "traefik.http.services.api.loadbalancer.servers[0].url", "http://10.0.0.5:8080",
                "traefik.http.services.api.loadbalancer.servers[1].url", "http://10.0.0.6:8080",
                "traefik.http.services.api.loadbalancer.servers[1].weight", "3"), "container api");
        DecodeResult kv = FlatKeyDecoder.kv().decode(map(
                "traefik/http/routers/web/rule", "Host(`example.com`)",
                "traefik/http/routers/web/entryPoints/0", "web",
                "traefik/http/routers/web/entryPoints/1", "websecure",
                "traefik/http/routers/web/service", "api",
                "traefik/http/routers/web/tls/domains/0/main", "example.com",
                "traefik/http/routers/web/tls/domains/0/sans/0", "a.example.com",
                "traefik/http/routers/web/tls/domains/0/sans/1", "b.example.com",
                "traefik/http/services/api/loadBalancer/servers/0/url", "http://10.0.0.5:8080",
                "traefik/http/services/api/loadBalancer/servers/1/url", "http://10.0.0.6:8080",
                "traefik/http/services/api/loadBalancer/servers/1/weight", "3"), "etcd");
        assertThat(labels.errors()).isEmpty();
        assertThat(kv.errors()).isEmpty();
        assertThat(labels.config()).isEqualTo(kv.config());
        RouterConfig web = labels.config().http().routers().get("web");
        assertThat(web.entryPoints()).containsExactly("web", "websecure");
        assertThat(web.tls().domains().get(0).sans()).containsExactly("a.example.com", "b.example.com");
        assertThat(labels.config().http().services().get("api").loadBalancer().servers())
                .containsExactly(ServerConfig.of("http://10.0.0.5:8080"), new ServerConfig("http://10.0.0.6:8080", 3, false));
    }

    @Test
    void listIndexesAreOrderedNumericallyNotAsText() {
        Map<String, String> labels = new LinkedHashMap<>();
        Map<String, String> kv = new LinkedHashMap<>();
        for (int i = 0; i < 12; i++) {
            labels.put("traefik.http.services.s.loadbalancer.servers[" + i + "].url", "http://s" + i);
            kv.put("traefik/http/services/s/loadbalancer/servers/" + i + "/url", "http://s" + i);
        }
        for (DecodeResult r : List.of(FlatKeyDecoder.labels().decode(labels, "c"), FlatKeyDecoder.kv().decode(kv, "k"))) {
            assertThat(r.errors()).isEmpty();
            assertThat(r.config().http().services().get("s").loadBalancer().servers().get(10).url())
                    .isEqualTo("http://s10");
        }
    }

    @Test
    void keysAreCaseInsensitiveAndTheRootIsConfigurable() {
        DecodeResult r = FlatKeyDecoder.labels().withRoot("gatehouse").decode(map(
                "GATEHOUSE.HTTP.ROUTERS.web.RULE", "Path(`/`)",
                "gatehouse.http.routers.web.Service", "s",
                "gatehouse.http.services.s.LoadBalancer.servers[0].URL", "http://a",
                "traefik.http.routers.other.rule", "ignored: another root"), "c");
        assertThat(r.errors()).isEmpty();
        assertThat(r.config().http().routers()).containsOnlyKeys("web");
        assertThat(r.config().http().routers().get("web").service()).isEqualTo("s");
    }

    @Test
    void rootsWithSeveralSegmentsOrStraySeparators() {
        DecodeResult labels = FlatKeyDecoder.labels().withRoot("acme.proxy").decode(map(
                "acme.proxy.http.routers.r.rule", "Path(`/`)",
                "acme.proxy.http.routers.r.service", "s",
                "acme.http.routers.x.rule", "not ours"), "c");
        assertThat(labels.errors()).isEmpty();
        assertThat(labels.config().http().routers()).containsOnlyKeys("r");
        DecodeResult kv = FlatKeyDecoder.kv().withRoot("/gatehouse/").decode(map(
                "gatehouse/http/routers/r/rule", "Path(`/`)",
                "gatehouse/http/routers/r/service", "s"), "k");
        assertThat(kv.errors()).isEmpty();
        assertThat(kv.config().http().routers()).containsOnlyKeys("r");
    }

    @Test
    void sameKeyInTwoCasesIsAnError() {
        DecodeResult r = FlatKeyDecoder.labels().decode(map(
                "traefik.http.routers.web.rule", "Path(`/a`)",
                "traefik.http.routers.web.RULE", "Path(`/b`)",
                "traefik.http.routers.web.service", "s"), "container c");
        assertThat(r.errors()).hasSize(1);
        assertThat(r.errors().get(0).message()).contains("set twice");
        assertThat(r.errors().get(0).location().source()).contains("container c: label traefik.http.routers.web");
    }

    @Test
    void singleServerLabelFormAndPresenceOnlyOptions() {
        DecodeResult r = FlatKeyDecoder.labels().decode(map(
                "traefik.http.routers.web.rule", "Path(`/`)",
                "traefik.http.routers.web.service", "s",
                "traefik.http.routers.web.tls", "true",
                "traefik.http.routers.web.tls.certresolver", "le",
                "traefik.http.routers.plain.rule", "Path(`/p`)",
                "traefik.http.routers.plain.service", "s",
                "traefik.http.routers.plain.tls", "false",
                "traefik.http.services.s.loadbalancer.server.url", "http://a:80",
                "traefik.http.services.s.loadbalancer.server.weight", "2",
                "traefik.http.services.s.loadbalancer.sticky.cookie", "true",
                "traefik.http.services.s.loadbalancer.passivehealthcheck", "true"), "c");
        assertThat(r.errors()).isEmpty();
        DynamicConfig c = r.config();
        assertThat(c.http().routers().get("web").tls().certResolver()).isEqualTo("le");
        assertThat(c.http().routers().get("plain").tls()).isNull();
        var lb = c.http().services().get("s").loadBalancer();
        assertThat(lb.servers()).containsExactly(new ServerConfig("http://a:80", 2, false));
        assertThat(lb.sticky().cookie().path()).isEqualTo("/");
        assertThat(lb.passiveHealthCheck()).isNotNull();
        // KV has no such shorthand: 'server' is an unknown key there.
        DecodeResult kv = FlatKeyDecoder.kv().decode(map(
                "traefik/http/services/s/loadbalancer/server/url", "http://a:80"), "k");
        assertThat(at(kv.errors(), "http.services.s.loadBalancer.server").message()).contains("did you mean 'servers'?");
    }

    @Test
    void labelOnlyPortAndSchemeAreKeptForTheProvider() {
        DecodeResult r = FlatKeyDecoder.labels().decode(map(
                "traefik.http.services.a.loadbalancer.server.port", "8080",
                "traefik.http.services.a.loadbalancer.server.scheme", "h2c",
                "traefik.http.services.b.loadbalancer.passhostheader", "false",
                "traefik.http.services.c.loadbalancer.server.port", "99999",
                "traefik.http.services.d.loadbalancer.server.port", "80",
                "traefik.http.services.d.loadbalancer.server.url", "http://x"), "c");
        assertThat(r.errors()).extracting(ConfigError::path).containsExactlyInAnyOrder(
                "http.services.c.loadBalancer.server.port", "http.services.d.loadBalancer.server");
        assertThat(r.config().http().services().get("a").loadBalancer().servers())
                .containsExactly(new ServerConfig(null, 1, false, "8080", "h2c"));
        assertThat(r.config().http().services().get("b").loadBalancer().servers()).isEmpty();
        // Files and KV have no such options, as in Traefik.
        DecodeResult kv = FlatKeyDecoder.kv().decode(map(
                "traefik/http/services/a/loadbalancer/servers/0/port", "8080"), "k");
        assertThat(kv.errors()).extracting(ConfigError::path).contains("http.services.a.loadBalancer.servers[0].port");
    }

    @Test
    void aMiddlewareWithDefaultOptionsIsEnabledWithTrue() {
        DecodeResult r = FlatKeyDecoder.labels().decode(map("traefik.http.middlewares.m.testheader", "true"), "c");
        assertThat(r.errors()).isEmpty();
        assertThat(r.config().http().middlewares().get("m").type()).isEqualTo("testHeader");
        DecodeResult yaml = ConfigDecoder.create().decode("http: {middlewares: {m: {testHeader: }}}", Format.YAML, "f");
        assertThat(yaml.config()).isEqualTo(r.config());
        DecodeResult bad = FlatKeyDecoder.labels().decode(map("traefik.http.middlewares.m.testheader", "yes"), "c");
        assertThat(bad.errors()).extracting(ConfigError::path).containsExactly("http.middlewares.m.testHeader");
    }

    @Test
    void providerKeysAndForeignKeysAreIgnoredTyposInSectionsAreWarned() {
        DecodeResult r = FlatKeyDecoder.labels().decode(map(
                "traefik.enable", "true",
                "traefik.docker.network", "proxy",
                "com.docker.compose.project", "demo",
                "maintainer", "someone",
                "traefik.htp.routers.web.rule", "Path(`/`)"), "c");
        assertThat(r.errors()).isEmpty();
        assertThat(r.warnings()).hasSize(1);
        assertThat(r.warnings().get(0).message()).contains("'htp'").contains("did you mean 'http'?");
        assertThat(r.config()).isEqualTo(DynamicConfig.EMPTY);
    }

    @Test
    void tcpAndUdpLabelsAreWarnings() {
        DecodeResult r = FlatKeyDecoder.labels().decode(map(
                "traefik.tcp.routers.t.rule", "HostSNI(`*`)",
                "traefik.udp.services.u.loadbalancer.server.port", "53"), "c");
        assertThat(r.errors()).isEmpty();
        assertThat(r.warnings()).extracting(ConfigError::path).containsExactly("tcp", "udp");
    }

    @Test
    void malformedKeysAreErrorsNamingTheKey() {
        DecodeResult r = FlatKeyDecoder.labels().decode(map(
                "traefik.http.routers..rule", "x",
                "traefik.http.services.s.loadbalancer.[0].url", "x",
                "traefik.http.services.s.loadbalancer.servers[a].url", "x",
                "traefik.http.services.s.loadbalancer.servers[0.url", "x",
                "traefik.http.services.s.loadbalancer.servers]0[.url", "x",
                "traefik.http.services.s.loadbalancer.servers[99999999999].url", "x",
                "traefik.http.services.t.loadbalancer.servers[0].url", "http://a",
                "traefik.http.services.t.loadbalancer.servers.x", "y",
                "traefik.http.routers.r.rule", "Path(`/`)",
                "traefik.http.routers.r.rule.extra", "z",
                "traefik.http.routers.r.service", "s"), "c");
        assertThat(r.errors()).extracting(ConfigError::path).contains(
                "traefik.http.routers..rule",
                "traefik.http.services.s.loadbalancer.[0].url",
                "traefik.http.services.s.loadbalancer.servers[a].url",
                "traefik.http.services.s.loadbalancer.servers[0.url",
                "traefik.http.services.s.loadbalancer.servers]0[.url",
                "traefik.http.services.s.loadbalancer.servers[99999999999].url",
                "http.services.t.loadbalancer.servers",
                "http.routers.r.rule");
        assertThat(r.errors()).allSatisfy(e -> assertThat(e.location()).isNotNull());
    }

    @Test
    void kvDirectoriesAndLeadingSlashesAreTolerated() {
        DecodeResult r = FlatKeyDecoder.kv().decode(map(
                "traefik/", "",
                "traefik/http/", "",
                "/traefik/http/routers/r/rule", "Path(`/`)",
                "traefik/http/routers/r/service", "s",
                "traefik/http/services/s/loadBalancer/servers/0/url", "http://a"), "consul");
        assertThat(r.errors()).isEmpty();
        assertThat(r.config().http().routers().get("r").rule()).isEqualTo("Path(`/`)");
    }

    @Test
    void errorsUseTheCanonicalPathAndNameTheKey() {
        DecodeResult r = FlatKeyDecoder.labels().decode(map(
                "traefik.http.routers.r.rule", "Path(`/`)",
                "traefik.http.routers.r.service", "s",
                "traefik.http.routers.r.priority", "high",
                "traefik.http.services.s.loadbalancer.healthcheck.interval", "10x",
                "traefik.http.services.s.loadbalancer.servers[0].url", "http://a"), "container web-1");
        ConfigError priority = at(r.errors(), "http.routers.r.priority");
        assertThat(priority.value()).isEqualTo("high");
        assertThat(priority.location().toString()).isEqualTo("container web-1: label traefik.http.routers.r.priority");
        assertThat(at(r.errors(), "http.services.s.loadBalancer.healthCheck.interval").message())
                .contains("unknown unit 'x'");
    }

    @Test
    void incompleteRoutersCanBeAllowedForProvidersThatFillThemIn() {
        Map<String, String> labels = map("traefik.http.routers.web.entrypoints", "web");
        assertThat(FlatKeyDecoder.labels().decode(labels, "c").errors()).hasSize(2);
        DecodeResult lenient = FlatKeyDecoder.labels()
                .withDecoder(ConfigDecoder.create().allowingIncompleteRouters()).decode(labels, "c");
        assertThat(lenient.errors()).isEmpty();
        assertThat(lenient.config().http().routers().get("web").rule()).isNull();
    }

    @Test
    void hostileInputNeverThrows() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("traefik." + "a.".repeat(10_000) + "b", "x");
        m.put("traefik.http." + "x.".repeat(50) + "y", "x");
        m.put("traefik.http.routers.r.rule", null);
        m.put("traefik", "x");
        m.put("traefik.http", "x");
        m.put("", "");
        DecodeResult r = FlatKeyDecoder.labels().decode(m, "c");
        assertThat(r.config()).isNotNull();
        assertThat(r.ok()).isFalse();
    }
}
