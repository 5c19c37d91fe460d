package io.gatehouse.core.config.decode;

import io.gatehouse.core.config.ConfigError;
import io.gatehouse.core.config.ConfigException;
import io.gatehouse.core.config.DynamicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DecodeErrorsTest {

    private final ConfigDecoder decoder = ConfigDecoder.create();

    private List<ConfigError> errors(String content, Format format) {
        DecodeResult r = decoder.decode(content, format, "dyn." + format.name().toLowerCase());
        assertThat(r.ok()).isFalse();
        return r.errors();
    }

    private static ConfigError at(List<ConfigError> errors, String path) {
        return errors.stream().filter(e -> path.equals(e.path())).findFirst()
                .orElseThrow(() -> new AssertionError("no error at " + path + " in " + errors));
    }

    @Test
    void everyErrorIsCollectedAtOnceWithPathValueAndLine() {
        String yaml = """
                http:
                  routers:
                    web:
                      rule: Host(`a`)
                      service: api
                      priority: high
                      entryPoints: {web: true}
                  services:
                    api:
                      loadBalancer:
                        servers:
                          - url: not a url
                          - url: http://ok:80
                            weight: -2
                        healthCheck:
                          interval: 10 seconds
                          timeout: -1s
                        passHostHeader: maybe
                        sticky:
                          cookie:
                            sameSite: sometimes
                    empty: {}
                    nullKind:
                      loadBalancer:
                    both:
                      loadBalancer:
                        servers: [{url: "http://a"}]
                      weighted:
                        services: [{name: api}]
                """;
        List<ConfigError> errors = errors(yaml, Format.YAML);

        ConfigError priority = at(errors, "http.routers.web.priority");
        assertThat(priority.value()).isEqualTo("high");
        assertThat(priority.message()).contains("whole number");
        assertThat(priority.location().line()).isEqualTo(6);
        assertThat(priority.location().source()).isEqualTo("dyn.yaml");
        assertThat(priority.toString()).startsWith("dyn.yaml:6:");

        assertThat(at(errors, "http.routers.web.entryPoints").message()).contains("expected a list, got a map");
        ConfigError url = at(errors, "http.services.api.loadBalancer.servers[0].url");
        assertThat(url.value()).isEqualTo("not a url");
        assertThat(url.location().line()).isEqualTo(12);
        assertThat(at(errors, "http.services.api.loadBalancer.servers[1].weight").message()).contains("at least 0");
        ConfigError interval = at(errors, "http.services.api.loadBalancer.healthCheck.interval");
        assertThat(interval.message()).contains("invalid duration");
        assertThat(interval.location().line()).isEqualTo(16);
        assertThat(at(errors, "http.services.api.loadBalancer.healthCheck.timeout").message())
                .contains("must not be negative");
        assertThat(at(errors, "http.services.api.loadBalancer.passHostHeader").message()).contains("true or false");
        assertThat(at(errors, "http.services.api.loadBalancer.sticky.cookie.sameSite").message())
                .contains("none, lax, strict");
        assertThat(at(errors, "http.services.empty").message()).contains("needs one of loadBalancer");
        assertThat(at(errors, "http.services.both").message()).contains("exactly one kind")
                .contains("loadBalancer and weighted");
        // every bad health check option at once, the missing path too (at the healthCheck's line)
        assertThat(at(errors, "http.services.api.loadBalancer.healthCheck.path").message()).contains("needs a path");
        assertThat(errors).hasSize(11);
    }

    @Test
    void orThrowCarriesEveryError() {
        DecodeResult r = decoder.decode("http:\n  routers:\n    a: {rule: x}\n    b: {service: y}\n", Format.YAML, "f");
        assertThatThrownBy(r::orThrow).isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).errors()).hasSize(2))
                .hasMessageContaining("http.routers.a.service: a router needs a service")
                .hasMessageContaining("http.routers.b.rule: a router needs a rule");
    }

    @Test
    void unknownKeysSuggestTheClosestKnownOne() {
        String yaml = """
                http:
                  routers:
                    web:
                      rlue: Host(`a`)
                      rule: Host(`a`)
                      service: api
                      entrypoint: [web]
                  servises: {}
                  services:
                    api:
                      loadBalancer:
                        servers: [{url: "http://a", wieght: 2}]
                        helthCheck: {path: /}
                        zzzzzzzz: 1
                """;
        List<ConfigError> errors = errors(yaml, Format.YAML);
        assertThat(at(errors, "http.routers.web.rlue").message()).contains("unknown key 'rlue'")
                .contains("did you mean 'rule'?");
        assertThat(at(errors, "http.routers.web.rlue").location().line()).isEqualTo(4);
        assertThat(at(errors, "http.routers.web.entrypoint").message()).contains("did you mean 'entryPoints'?");
        assertThat(at(errors, "http.servises").message()).contains("did you mean 'services'?");
        assertThat(at(errors, "http.services.api.loadBalancer.servers[0].wieght").message())
                .contains("did you mean 'weight'?");
        assertThat(at(errors, "http.services.api.loadBalancer.helthCheck").message())
                .contains("did you mean 'healthCheck'?");
        assertThat(at(errors, "http.services.api.loadBalancer.zzzzzzzz").message())
                .contains("known keys: ").contains("servers").contains("passHostHeader");
    }

    @Test
    void tcpAndUdpAreWarningsNotErrors() {
        String yaml = """
                tcp:
                  routers:
                    r: {rule: "HostSNI(`*`)", service: s}
                udp:
                  services: {}
                http:
                  routers:
                    r: {rule: "Path(`/`)", service: s}
                  services:
                    s: {loadBalancer: {servers: [{url: "http://a"}]}}
                """;
        DecodeResult r = decoder.decode(yaml, Format.YAML, "f.yml");
        assertThat(r.errors()).isEmpty();
        assertThat(r.warnings()).extracting(ConfigError::path).containsExactly("tcp", "udp");
        assertThat(r.warnings().get(0).message()).contains("not supported yet");
        assertThat(r.warnings().get(0).location().line()).isEqualTo(2);
        assertThat(r.config().http().routers()).containsKey("r");
    }

    @Test
    void unknownMiddlewareTypeNamesItAndTheKnownOnes() {
        String yaml = """
                http:
                  middlewares:
                    a:
                      testHeadr: {value: x}
                    b:
                      stripPrefix: {prefixes: [/api]}
                    c: {}
                    d:
                      testHeader: {}
                      other: {}
                """;
        List<ConfigError> errors = errors(yaml, Format.YAML);
        assertThat(at(errors, "http.middlewares.a.testHeadr").message())
                .contains("unknown middleware type 'testHeadr'").contains("did you mean 'testHeader'?")
                .contains("known types: testHeader");
        assertThat(at(errors, "http.middlewares.b.stripPrefix").message())
                .contains("unknown middleware type 'stripPrefix'");
        assertThat(at(errors, "http.middlewares.c").message()).contains("needs a type");
        assertThat(at(errors, "http.middlewares.d").message()).contains("exactly one type");
    }

    @Test
    void middlewareOptionsAreCheckedLikeTheCoreModel() {
        String yaml = """
                http:
                  middlewares:
                    a:
                      TESTHEADER:
                        headerNmae: X
                        delay: 5 minutes
                        repeat: 0
                    b:
                      testHeader:
                        repeat: 0
                    c:
                      testHeader:
                        mode: sideways
                        methods: "GET,POST"
                    d:
                      testHeader: "not a map"
                """;
        List<ConfigError> errors = errors(yaml, Format.YAML);
        assertThat(at(errors, "http.middlewares.a.testHeader.headerNmae").message())
                .contains("did you mean 'headerName'?");
        assertThat(at(errors, "http.middlewares.a.testHeader.delay").message()).contains("invalid duration");
        // The record's own validation runs only when the options themselves are well-formed.
        assertThat(at(errors, "http.middlewares.b.testHeader").message()).isEqualTo("repeat must be at least 1");
        assertThat(at(errors, "http.middlewares.c.testHeader.mode").message()).contains("append, replace");
        assertThat(at(errors, "http.middlewares.d.testHeader").message()).contains("expected a map");
    }

    @Test
    void routerTlsAndOtherPresenceOnlyOptionsAcceptEmptyValues() {
        String yaml = """
                http:
                  routers:
                    a: {rule: "Path(`/`)", service: s, tls: {}}
                    b: {rule: "Path(`/`)", service: s, tls: }
                    c: {rule: "Path(`/`)", service: s, tls: true}
                    d: {rule: "Path(`/`)", service: s, tls: false}
                    e: {rule: "Path(`/`)", service: s, tls: [x]}
                  services:
                    s: {loadBalancer: {servers: [{url: "http://a"}]}}
                """;
        DecodeResult r = decoder.decode(yaml, Format.YAML, "f.yml");
        assertThat(r.errors()).extracting(ConfigError::path).containsExactly("http.routers.e.tls");
        var routers = r.config().http().routers();
        assertThat(routers.get("a").tls()).isNotNull();
        assertThat(routers.get("b").tls()).isNotNull();
        assertThat(routers.get("c").tls()).isNotNull();
        assertThat(routers.get("d").tls()).isNull();
    }

    @Test
    void otherStructuralChecks() {
        String yaml = """
                http:
                  routers:
                    r: {rule: "Path(`/`)", service: s, ruleSyntax: v4}
                  services:
                    s:
                      mirroring:
                        mirrors: [{name: m, percent: 101}, {percent: 5}]
                        maxBodySize: -7
                    f:
                      failover: {}
                    w:
                      weighted:
                        services: [{weight: 1}, {name: x, weight: -1}]
                    l:
                      loadBalancer:
                        strategy: random
                        servers: [{weight: 1}, {url: "ftp://a"}, {url: "/relative"}]
                        healthCheck: {status: 700, port: 70000, interval: 0s}
                  serversTransports:
                    t: {maxIdleConnsPerHost: -1, minVersion: TLS1.2, forwardingTimeouts: {dialTimeout: -3s}}
                tls:
                  certificates: [{certFile: /a.pem}]
                  options:
                    o: {clientAuth: {clientAuthType: RequireAndVerify}}
                """;
        List<ConfigError> errors = errors(yaml, Format.YAML);
        assertThat(errors).extracting(ConfigError::path).contains(
                "http.routers.r.ruleSyntax",
                "http.services.s.mirroring.service",
                "http.services.s.mirroring.mirrors[0].percent",
                "http.services.s.mirroring.mirrors[1].name",
                "http.services.s.mirroring.maxBodySize",
                "http.services.f.failover.service",
                "http.services.f.failover.fallback",
                "http.services.w.weighted.services[0].name",
                "http.services.w.weighted.services[1].weight",
                "http.services.l.loadBalancer.strategy",
                "http.services.l.loadBalancer.servers[0].url",
                "http.services.l.loadBalancer.servers[1].url",
                "http.services.l.loadBalancer.servers[2].url",
                "http.services.l.loadBalancer.healthCheck.status",
                "http.services.l.loadBalancer.healthCheck.port",
                "http.services.l.loadBalancer.healthCheck.interval",
                "http.serversTransports.t.maxIdleConnsPerHost",
                "http.serversTransports.t.minVersion",
                "http.serversTransports.t.forwardingTimeouts.dialTimeout",
                "tls.certificates[0].keyFile",
                "tls.options.o.clientAuth.clientAuthType");
        assertThat(at(errors, "tls.options.o.clientAuth.clientAuthType").message())
                .contains("did you mean 'RequireAndVerifyClientCert'?");
    }

    @Test
    void lineNumbersInJson() {
        String json = "{\n  \"http\": {\n    \"routers\": {\n      \"r\": {\n        \"rule\": 5,\n"
                + "        \"service\": [\"s\"],\n        \"prio\": 1\n      }\n    }\n  }\n}\n";
        List<ConfigError> errors = errors(json, Format.JSON);
        assertThat(at(errors, "http.routers.r.service").location().line()).isEqualTo(6);
        assertThat(at(errors, "http.routers.r.prio").location().line()).isEqualTo(7);
        assertThat(at(errors, "http.routers.r.prio").message()).contains("did you mean 'priority'?");
    }

    @Test
    void lineNumbersInToml() {
        String toml = """
                [http.routers.r]
                rule = "Path(`/`)"
                service = "s"
                priority = "high"

                [http.services.s.loadBalancer]
                [[http.services.s.loadBalancer.servers]]
                url = "http://a"
                [[http.services.s.loadBalancer.servers]]
                url = "http://b"
                wieght = 2
                """;
        List<ConfigError> errors = errors(toml, Format.TOML);
        assertThat(at(errors, "http.routers.r.priority").location().line()).isEqualTo(4);
        assertThat(at(errors, "http.services.s.loadBalancer.servers[1].wieght").location().line()).isEqualTo(11);
    }

    @Test
    void duplicateKeysAreErrorsWithBothLines() {
        String yaml = """
                http:
                  routers:
                    r:
                      rule: Path(`/a`)
                      service: s
                      rule: Path(`/b`)
                    R:
                      rule: Path(`/`)
                      service: s
                """;
        List<ConfigError> errors = errors(yaml, Format.YAML);
        ConfigError dup = at(errors, "http.routers.r.rule");
        assertThat(dup.message()).contains("duplicate key 'rule'").contains("dyn.yaml:4");
        assertThat(dup.location().line()).isEqualTo(6);
        assertThat(errors).extracting(ConfigError::path).doesNotContain("http.routers.R");

        List<ConfigError> caseErrors = errors("http:\n  routers:\n    r:\n      rule: a\n      RULE: b\n"
                + "      service: s\n", Format.YAML);
        assertThat(at(caseErrors, "http.routers.r.RULE").message()).contains("given twice")
                .contains("case-insensitive");

        List<ConfigError> jsonErrors = errors("{\"http\": {}, \"http\": {}}", Format.JSON);
        assertThat(jsonErrors.get(0).message()).contains("duplicate key 'http'");

        List<ConfigError> tomlErrors = errors("[http]\n[http]\n", Format.TOML);
        assertThat(tomlErrors.get(0).message()).startsWith("malformed TOML");
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void truncatedFilesAreSyntaxErrors(Format format) {
        String full = switch (format) {
            case YAML -> "http:\n  routers:\n    r:\n      rule: \"Path(`/`)";
            case TOML -> "[http.routers.r]\nrule = \"Path(`/`)";
            case JSON -> "{\"http\": {\"routers\": {\"r\": {\"rule\": \"Path(`/`)\"";
        };
        List<ConfigError> errors = errors(full, format);
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).message()).startsWith("malformed " + format);
        assertThat(errors.get(0).location().source()).isEqualTo("dyn." + format.name().toLowerCase());
    }

    @Test
    void tabsInYamlIndentationAreASyntaxErrorWithALine() {
        List<ConfigError> errors = errors("http:\n\trouters: {}\n", Format.YAML);
        assertThat(errors.get(0).message()).startsWith("malformed YAML");
        assertThat(errors.get(0).location().line()).isEqualTo(2);
    }

    @Test
    void wrongTopLevelShapes() {
        assertThat(errors("- a\n- b\n", Format.YAML).get(0).message()).contains("expected a map of options, got a list");
        assertThat(errors("just text", Format.YAML).get(0).message()).contains("got a string");
        assertThat(errors("[1, 2]", Format.JSON).get(0).message()).contains("got a list");
        assertThat(errors("http: [1]\n", Format.YAML).get(0).path()).isEqualTo("http");
        assertThat(errors("http: {routers: [a]}\n", Format.YAML).get(0).path()).isEqualTo("http.routers");
        assertThat(errors("http: {routers: {r: 5}}\n", Format.YAML).get(0).path()).isEqualTo("http.routers.r");
        assertThat(errors("a: 1\n---\nb: 2\n", Format.YAML)).extracting(ConfigError::message)
                .anyMatch(m -> m.contains("more than one YAML document"));
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    @Timeout(60)
    void deeplyNestedInputIsAnErrorNotAStackOverflow(Format format) {
        int depth = 100_000;
        String content = switch (format) {
            case YAML -> "http: " + "[".repeat(depth) + "]".repeat(depth);
            case JSON -> "{\"http\": " + "[".repeat(depth) + "]".repeat(depth) + "}";
            case TOML -> "a = " + "[".repeat(depth) + "]".repeat(depth);
        };
        DecodeResult r = decoder.decode(content, format, "deep");
        assertThat(r.ok()).isFalse();
        assertThat(r.errors().get(0).toString()).isNotBlank();
    }

    @Test
    @Timeout(60)
    void deepButAllowedNestingInsideAnUnknownKeyIsReportedOnce() {
        String json = "{\"http\": {\"x\": " + "[".repeat(200) + "]".repeat(200) + "}}";
        List<ConfigError> errors = errors(json, Format.JSON);
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).path()).isEqualTo("http.x");
    }

    @Test
    @Timeout(60)
    void hugeInputIsHandled() {
        StringBuilder sb = new StringBuilder("http:\n  routers:\n");
        for (int i = 0; i < 20_000; i++) {
            sb.append("    r").append(i).append(": {rule: \"Path(`/").append(i).append("`)\", service: s, bogus: 1}\n");
        }
        DecodeResult r = decoder.decode(sb.toString(), Format.YAML, "big.yml");
        // Either every bogus key is reported, or the parser's size limit is; both are errors, not crashes.
        assertThat(r.ok()).isFalse();
        String longValue = "x".repeat(5_000_000);
        DecodeResult huge = decoder.decode("{\"http\": {\"routers\": {\"r\": {\"rule\": \"" + longValue
                + "\", \"priority\": \"" + longValue + "\"}}}}", Format.JSON, "huge.json");
        assertThat(huge.ok()).isFalse();
        assertThat(huge.errors()).allSatisfy(e -> assertThat(e.toString().length()).isLessThan(2_000));
    }

    @Test
    void garbageNeverThrows() {
        String[] inputs = {"\u0000\u0001\u0002", "{{{{", "]]]]", "key: [unclosed", "? complex\n: key\n", "&a [*a]",
                "*undefined", "!!binary AAAA", "http: !!int notanumber", "\uFEFFhttp: {}", "=", "[[[[a]]]]", "a=1\na=2",
                "http:\n  routers:\n    r: &x {rule: a, service: b}\n    s: *x\n"};
        for (String input : inputs) {
            for (Format f : Format.values()) {
                DecodeResult r = decoder.decode(input, f, "g");
                assertThat(r).isNotNull();
                assertThat(r.config()).isNotNull();
            }
        }
        assertThat(decoder.decode(null, Format.YAML, "null").config()).isEqualTo(DynamicConfig.EMPTY);
    }
}
