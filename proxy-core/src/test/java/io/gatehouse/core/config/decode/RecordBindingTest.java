package io.gatehouse.core.config.decode;

import io.gatehouse.core.config.ConfigError;
import io.gatehouse.core.middleware.TestPluginMiddlewareType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Middleware options bound into records: nested records, lists of records, free-form maps, renamed options. */
class RecordBindingTest {

    private final ConfigDecoder decoder = ConfigDecoder.create();

    @Test
    void bindsNestedRecordsListsAndFreeFormSettings() {
        String yaml = """
                http:
                  middlewares:
                    p:
                      testPlugin:
                        default: fallback
                        limit: 10
                        main: {path: /m, weight: 2}
                        rules:
                          - path: /a
                            weight: 1
                          - {path: /b}
                        settings:
                          nested: {list: [1, two, null]}
                          flag: true
                """;
        DecodeResult r = decoder.decode(yaml, Format.YAML, "p.yml");
        assertThat(r.errors()).isEmpty();
        var options = (TestPluginMiddlewareType.Options) r.config().http().middlewares().get("p").config();
        assertThat(options.defaultValue()).isEqualTo("fallback");
        assertThat(options.limit()).isEqualTo(10L);
        assertThat(options.main()).isEqualTo(new TestPluginMiddlewareType.Rule("/m", 2));
        assertThat(options.rules()).containsExactly(new TestPluginMiddlewareType.Rule("/a", 1),
                new TestPluginMiddlewareType.Rule("/b", 0));
        assertThat(options.settings()).containsEntry("flag", "true");
        assertThat(options.settings().get("nested")).isEqualTo(Map.of("list", java.util.Arrays.asList("1", "two", null)));
    }

    @Test
    void labelsBindTheSameOptions() {
        DecodeResult labels = FlatKeyDecoder.labels().decode(Map.of(
                "traefik.http.middlewares.p.testplugin.default", "fallback",
                "traefik.http.middlewares.p.testplugin.rules[0].path", "/a",
                "traefik.http.middlewares.p.testplugin.rules[0].weight", "1",
                "traefik.http.middlewares.p.testplugin.settings.flag", "true"), "c");
        assertThat(labels.errors()).isEmpty();
        var options = (TestPluginMiddlewareType.Options) labels.config().http().middlewares().get("p").config();
        assertThat(options.rules()).containsExactly(new TestPluginMiddlewareType.Rule("/a", 1));
        assertThat(options.settings()).isEqualTo(Map.of("flag", "true"));
    }

    @Test
    void reportsEveryOptionErrorWithItsPath() {
        String yaml = """
                http:
                  middlewares:
                    p:
                      testPlugin:
                        defaultValue: x
                        limit: lots
                        main: [1]
                        rules: [{path: /a, weight: heavy}, 7]
                """;
        List<ConfigError> errors = decoder.decode(yaml, Format.YAML, "p.yml").errors();
        assertThat(errors).extracting(ConfigError::path).containsExactlyInAnyOrder(
                "http.middlewares.p.testPlugin.defaultValue",
                "http.middlewares.p.testPlugin.limit",
                "http.middlewares.p.testPlugin.main",
                "http.middlewares.p.testPlugin.rules[0].weight",
                "http.middlewares.p.testPlugin.rules[1]");
        assertThat(errors).allSatisfy(e -> assertThat(e.location().line()).isPositive());
    }

    @Test
    void traefikOptionsWeDoNotActOnAreWarningsOrErrorsByRisk() {
        String yaml = """
                http:
                  routers:
                    r:
                      rule: Path(`/`)
                      service: s
                      observability: {accessLogs: false}
                  services:
                    s: {loadBalancer: {servers: [{url: "http://a"}]}}
                  serversTransports:
                    t:
                      spiffe: {ids: [spiffe://x]}
                      peerCertSANs: [{type: DNSName, value: foo.com}]
                tls:
                  options:
                    o: {preferServerCipherSuites: true}
                """;
        DecodeResult r = decoder.decode(yaml, Format.YAML, "p.yml");
        assertThat(r.warnings()).extracting(ConfigError::path)
                .containsExactly("http.routers.r.observability", "tls.options.o.preferServerCipherSuites");
        assertThat(r.errors()).extracting(ConfigError::path)
                .containsExactly("http.serversTransports.t.spiffe", "http.serversTransports.t.peerCertSANs");
        assertThat(r.errors().get(0).message()).contains("not supported yet");
    }
}
