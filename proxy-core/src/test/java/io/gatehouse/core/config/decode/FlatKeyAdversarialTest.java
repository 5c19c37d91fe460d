package io.gatehouse.core.config.decode;

import static io.gatehouse.core.config.decode.AdversarialDecoding.assertErrorMentioning;
import static io.gatehouse.core.config.decode.AdversarialDecoding.assertOk;
import static io.gatehouse.core.config.decode.AdversarialDecoding.kv;
import static io.gatehouse.core.config.decode.AdversarialDecoding.labels;
import static io.gatehouse.core.config.decode.AdversarialDecoding.rendered;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.core.config.ServerConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Hostile labels and KV keys. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FlatKeyAdversarialTest {

    private static final String SVC = "traefik.http.services.api.loadbalancer.";

    private static Map<String, String> base() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("traefik.http.routers.web.rule", "Host(`a`)");
        m.put("traefik.http.routers.web.service", "api");
        m.put(SVC + "servers[0].url", "http://10.0.0.1");
        return m;
    }

    private static Map<String, String> with(String key, String value) {
        Map<String, String> m = base();
        m.put(key, value);
        return m;
    }

    private static List<ServerConfig> servers(DecodeResult r) {
        return r.config().http().services().get("api").loadBalancer().servers();
    }

    @Test
    void baselineDecodes() {
        assertOk(labels(base()));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "traefik..http.routers.x.rule",
            "traefik.http.routers.x.rule.",
            "traefik.http.routers..rule",
            "traefik.http.services.api.loadbalancer.servers[x].url",
            "traefik.http.services.api.loadbalancer.servers[-1].url",
            "traefik.http.services.api.loadbalancer.servers[].url",
            "traefik.http.services.api.loadbalancer.servers[0.url",
            "traefik.http.services.api.loadbalancer.servers0].url",
            "traefik.http.services.api.loadbalancer.[0].url",
            "traefik.http.services.api.loadbalancer.servers[0][1].url",
            "traefik.http.services.api.loadbalancer.servers[ 0].url",
            "traefik.http.services.api.loadbalancer.servers[+0].url",
            "traefik.http.services.api.loadbalancer.servers[0x1].url",
            "traefik.http.services.api.loadbalancer.servers[\u0661].url"
    })
    void malformedLabelKeysAreErrorsNamingTheKey(String key) {
        DecodeResult r = labels(with(key, "http://10.0.0.9"));
        assertErrorMentioning(r, key);
    }

    @Test
    void hugeListIndexDoesNotAllocateAndIsEitherOneServerOrAnError() {
        DecodeResult r = labels(with(SVC + "servers[99999999999].url", "http://10.0.0.2"));
        if (r.ok()) {
            assertThat(servers(r)).hasSize(2);
        } else {
            assertErrorMentioning(r, "servers[99999999999]");
        }
        DecodeResult intMax = labels(with(SVC + "servers[2147483647].url", "http://10.0.0.2"));
        if (intMax.ok()) {
            assertThat(servers(intMax)).hasSize(2);
        }
    }

    @Test
    void sparseIndexesAreAllowedAndOrderedNumerically() {
        Map<String, String> m = base();
        m.put(SVC + "servers[10].url", "http://10.0.0.10");
        m.put(SVC + "servers[5].url", "http://10.0.0.5");
        m.put(SVC + "servers[2].url", "http://10.0.0.2");
        DecodeResult r = labels(m);
        assertOk(r);
        assertThat(servers(r)).extracting(ServerConfig::url)
                .containsExactly("http://10.0.0.1", "http://10.0.0.2", "http://10.0.0.5", "http://10.0.0.10");
    }

    @Test
    void leadingZeroIndexesThatCollideAreAnError() {
        // servers[0] and servers[00] are the same number: either merged into one or refused, never two servers.
        DecodeResult r = labels(with(SVC + "servers[00].url", "http://10.0.0.2"));
        if (r.ok()) {
            assertThat(servers(r)).hasSize(1);
        }
    }

    @Test
    void bracketAndDottedIndexesMixedAreAnError() {
        DecodeResult r = labels(with(SVC + "servers.0.url", "http://10.0.0.2"));
        assertErrorMentioning(r, "servers");
    }

    @Test
    void leafAndMapOnTheSameKeyIsAnError() {
        DecodeResult r = labels(with("traefik.http.routers.web.rule.x", "b"));
        assertErrorMentioning(r, "traefik.http.routers.web.rule");
    }

    @Test
    void caseCollidingKeysAreAnErrorEvenWithTheSameValue() {
        assertErrorMentioning(labels(with("traefik.http.routers.web.RULE", "Host(`b`)")), "rule");
        assertErrorMentioning(labels(with("traefik.http.routers.web.Rule", "Host(`a`)")), "rule");
    }

    @Test
    void routerNamesDifferingInCaseAreOneRouterInLabels() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("traefik.http.routers.Web.rule", "Host(`a`)");
        m.put("traefik.http.routers.web.service", "api");
        m.put(SVC + "servers[0].url", "http://10.0.0.1");
        DecodeResult r = labels(m);
        assertOk(r);
        assertThat(r.config().http().routers()).hasSize(1);
    }

    @Test
    void valueWithANewlineInAUrlIsAnError() {
        DecodeResult r = labels(with(SVC + "servers[0].url", "http://10.0.0.1\nX-Injected: 1"));
        assertErrorMentioning(r, "servers[0].url");
    }

    @Test
    void valueWithANewlineInAWeightIsAnError() {
        assertErrorMentioning(labels(with(SVC + "servers[0].weight", "1\n2")), "weight");
    }

    @Test
    void hundredThousandLabelsDecode() {
        Map<String, String> m = new LinkedHashMap<>(base());
        for (int i = 0; i < 25_000; i++) {
            m.put("traefik.http.routers.r" + i + ".rule", "Path(`/" + i + "`)");
            m.put("traefik.http.routers.r" + i + ".service", "api");
            m.put("traefik.http.routers.r" + i + ".priority", Integer.toString(i));
            m.put("traefik.http.routers.r" + i + ".entrypoints", "web");
        }
        DecodeResult r = labels(m);
        assertOk(r);
        assertThat(r.config().http().routers()).hasSize(25_001);
    }

    @Test
    void hundredThousandServersFromIndexesDecode() {
        Map<String, String> m = new LinkedHashMap<>(base());
        for (int i = 1; i < 100_000; i++) {
            m.put(SVC + "servers[" + i + "].url", "http://10.0." + (i / 256 % 256) + "." + (i % 256));
        }
        DecodeResult r = labels(m);
        assertOk(r);
        assertThat(servers(r)).hasSize(100_000);
    }

    @Test
    void wrongRootIsIgnored() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("com.docker.compose.project", "x");
        m.put("other.http.routers.web.rule", "garbage[");
        m.put("traefikx.http.routers.web.rule", "garbage[");
        DecodeResult r = labels(m);
        assertOk(r);
        assertThat(r.config().http().routers()).isEmpty();
    }

    @Test
    void rootMatchesCaseInsensitively() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("TRAEFIK.http.routers.web.rule", "Host(`a`)");
        m.put("Traefik.http.routers.web.service", "api");
        DecodeResult r = labels(m);
        assertOk(r);
        assertThat(r.config().http().routers()).containsOnlyKeys("web");
    }

    @Test
    void rootOnlyKeyIsNotAnError() {
        DecodeResult r = labels(Map.of("traefik", "true"));
        assertOk(r);
    }

    @Test
    void providerKeysAreSkipped() {
        Map<String, String> m = base();
        m.put("traefik.enable", "true");
        m.put("traefik.docker.network", "web");
        m.put("traefik.swarm.lbswarm", "true");
        DecodeResult r = labels(m);
        assertOk(r);
        assertThat(r.warnings()).isEmpty();
    }

    @Test
    void misspelledTopSegmentIsAWarningWithASuggestion() {
        DecodeResult r = labels(with("traefik.htp.routers.x.rule", "Host(`x`)"));
        assertOk(r);
        assertThat(rendered(r.warnings())).contains("did you mean 'http'");
    }

    @Test
    void commaListWithEmptyItemsHasNoEmptyEntries() {
        DecodeResult r = labels(with("traefik.http.routers.web.entrypoints", "web,,websecure,"));
        if (r.ok()) {
            assertThat(r.config().http().routers().get("web").entryPoints()).doesNotContain("");
        } else {
            assertErrorMentioning(r, "entrypoints");
        }
        DecodeResult onlyCommas = labels(with("traefik.http.routers.web.entrypoints", ",,"));
        if (onlyCommas.ok()) {
            assertThat(onlyCommas.config().http().routers().get("web").entryPoints()).doesNotContain("");
        }
    }

    @Test
    void moreThanSixtyFourSegmentsIsAnError() {
        String key = "traefik.http.middlewares.m.headers" + ".a".repeat(70);
        assertErrorMentioning(labels(with(key, "x")), "segments");
    }

    @Test
    void hugeKeyDoesNotThrow() {
        DecodeResult r = labels(with("traefik.http.routers." + "x".repeat(1_000_000) + ".rule", "Host(`a`)"));
        assertThat(r.ok()).isFalse(); // router without service
    }

    @Test
    void labelErrorsNameTheSourceAndTheLabel() {
        DecodeResult r = labels(with("traefik.http.routers.web.priority", "high"));
        assertThat(r.errors()).anySatisfy(e -> assertThat(e.toString())
                .contains("container whoami").contains("traefik.http.routers.web.priority")
                .contains("http.routers.web.priority").contains("high"));
    }

    @Test
    void urlAndPortOnTheSameServerIsAnError() {
        Map<String, String> m = base();
        m.remove(SVC + "servers[0].url");
        m.put(SVC + "server.url", "http://10.0.0.1");
        m.put(SVC + "server.port", "8080");
        assertErrorMentioning(labels(m), "port");
    }

    @Test
    void serverShorthandWithBadPortIsAnError() {
        Map<String, String> m = base();
        m.remove(SVC + "servers[0].url");
        m.put(SVC + "server.port", "99999");
        assertThat(labels(m).ok()).isFalse();
    }

    @Test
    void tcpAndUdpLabelsAreWarnings() {
        Map<String, String> m = base();
        m.put("traefik.tcp.routers.db.rule", "HostSNI(`*`)");
        m.put("traefik.udp.services.dns.loadbalancer.server.port", "53");
        DecodeResult r = labels(m);
        assertOk(r);
        assertThat(r.warnings()).isNotEmpty();
    }

    @Test
    void twoBadRoutersInLabelsGiveTwoErrors() {
        Map<String, String> m = base();
        m.put("traefik.http.routers.a.rule", "Host(`a`)");
        m.put("traefik.http.routers.a.service", "api");
        m.put("traefik.http.routers.a.priority", "high");
        m.put("traefik.http.routers.b.rule", "Host(`b`)");
        m.put("traefik.http.routers.b.service", "api");
        m.put("traefik.http.routers.b.priority", "low");
        DecodeResult r = labels(m);
        assertThat(r.errors()).as(rendered(r.errors())).hasSize(2);
    }

    @Test
    void nullValueInTheMapDoesNotThrow() {
        Map<String, String> m = base();
        m.put("traefik.http.routers.web.priority", null);
        DecodeResult r = labels(m);
        assertThat(r).isNotNull();
    }

    // ---- KV ----

    private static Map<String, String> kvBase() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("traefik/http/routers/web/rule", "Host(`a`)");
        m.put("traefik/http/routers/web/service", "api");
        m.put("traefik/http/services/api/loadBalancer/servers/0/url", "http://10.0.0.1");
        return m;
    }

    @Test
    void kvBaselineAndLeadingSlashDecode() {
        assertOk(kv(kvBase()));
        Map<String, String> slashed = new LinkedHashMap<>();
        kvBase().forEach((k, v) -> slashed.put("/" + k, v));
        DecodeResult r = kv(slashed);
        assertOk(r);
        assertThat(r.config().http().routers()).containsOnlyKeys("web");
    }

    @Test
    void kvEmptyDirectoryEntriesAreSkipped() {
        Map<String, String> m = kvBase();
        m.put("traefik/http/routers/", "");
        m.put("traefik/http/routers/web/", "");
        assertOk(kv(m));
    }

    @Test
    void kvEmptySegmentInTheMiddleIsAnError() {
        Map<String, String> m = kvBase();
        m.put("traefik/http/routers//rule", "x");
        assertErrorMentioning(kv(m), "traefik/http/routers//rule");
    }

    @Test
    void kvListItemsMixedWithNamesIsAnError() {
        Map<String, String> m = kvBase();
        m.put("traefik/http/services/api/loadBalancer/servers/x/url", "http://10.0.0.2");
        assertErrorMentioning(kv(m), "servers");
    }

    @Test
    void kvNegativeAndHugeIndexesDoNotThrow() {
        Map<String, String> m = kvBase();
        m.put("traefik/http/services/api/loadBalancer/servers/-1/url", "http://10.0.0.2");
        assertThat(kv(m).ok()).isFalse();
        Map<String, String> huge = kvBase();
        huge.put("traefik/http/services/api/loadBalancer/servers/99999999999/url", "http://10.0.0.2");
        DecodeResult r = kv(huge);
        if (r.ok()) {
            assertThat(r.config().http().services().get("api").loadBalancer().servers()).hasSize(2);
        }
    }

    @Test
    void kvSparseIndexesAreOrderedNumerically() {
        Map<String, String> m = kvBase();
        m.put("traefik/http/services/api/loadBalancer/servers/10/url", "http://10.0.0.10");
        m.put("traefik/http/services/api/loadBalancer/servers/2/url", "http://10.0.0.2");
        DecodeResult r = kv(m);
        assertOk(r);
        assertThat(r.config().http().services().get("api").loadBalancer().servers()).extracting(ServerConfig::url)
                .containsExactly("http://10.0.0.1", "http://10.0.0.2", "http://10.0.0.10");
    }

    @Test
    void kvLeafAndMapOnTheSameKeyIsAnError() {
        Map<String, String> m = kvBase();
        m.put("traefik/http/routers/web/rule/extra", "y");
        assertErrorMentioning(kv(m), "rule");
    }

    @Test
    void kvWithCustomRoot() {
        Map<String, String> m = new LinkedHashMap<>();
        kvBase().forEach((k, v) -> m.put(k.replaceFirst("^traefik", "gatehouse"), v));
        m.put("traefik/http/routers/ignored/rule", "x");
        DecodeResult r = FlatKeyDecoder.kv().withRoot("gatehouse").decode(m, "etcd");
        assertOk(r);
        assertThat(r.config().http().routers()).containsOnlyKeys("web");
    }

    @Test
    void kvKeysUsingDotsAreNamesNotSeparators() {
        Map<String, String> m = kvBase();
        m.put("traefik/http/routers/a.b/rule", "Host(`b`)");
        m.put("traefik/http/routers/a.b/service", "api");
        DecodeResult r = kv(m);
        assertOk(r);
        assertThat(r.config().http().routers()).containsKey("a.b");
    }
    @Test
    void serverShorthandAndIndexedServerZeroTogetherAreAConflict() {
        // Doc: "loadbalancer.server.url=... is servers[0]"; giving both is the same key set twice.
        DecodeResult r = labels(with(SVC + "server.url", "http://10.0.0.2"));
        assertThat(r.ok()).as("servers[0].url given as http://10.0.0.1 and via server.url; decoded servers: %s",
                r.ok() ? servers(r) : null).isFalse();
    }

    @Test
    void presenceOnlyTlsFollowsGoBooleans() {
        DecodeResult on = labels(with("traefik.http.routers.web.tls", "true"));
        assertOk(on);
        assertThat(on.config().http().routers().get("web").tls()).isNotNull();
        DecodeResult off = labels(with("traefik.http.routers.web.tls", "false"));
        assertOk(off);
        assertThat(off.config().http().routers().get("web").tls()).isNull();
        assertErrorMentioning(labels(with("traefik.http.routers.web.tls", "yes")), "tls");
    }
}
