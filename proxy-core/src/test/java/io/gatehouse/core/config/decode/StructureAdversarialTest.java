package io.gatehouse.core.config.decode;

import static io.gatehouse.core.config.decode.AdversarialDecoding.VALID_YAML;
import static io.gatehouse.core.config.decode.AdversarialDecoding.assertErrorMentioning;
import static io.gatehouse.core.config.decode.AdversarialDecoding.assertOk;
import static io.gatehouse.core.config.decode.AdversarialDecoding.rendered;
import static io.gatehouse.core.config.decode.AdversarialDecoding.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.core.config.ConfigError;
import io.gatehouse.core.config.ConfigException;
import io.gatehouse.core.config.DynamicConfig;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Names, unknown keys, incomplete routers and services, warnings vs errors, error collection. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StructureAdversarialTest {

    private static final String API = """
              services:
                api:
                  loadBalancer:
                    servers:
                      - url: "http://10.0.0.1"
            """;

    // ---- names ----

    @Test
    void namesWithDotsSlashesSpacesAndUnicodeKeepTheirSpelling() {
        DecodeResult r = yaml("""
                http:
                  routers:
                    "my.router": {rule: "Host(`a`)", service: "api.v1"}
                    "a/b": {rule: "Host(`b`)", service: "api.v1"}
                    "with space": {rule: "Host(`c`)", service: "api.v1"}
                    "wéb-ü日本": {rule: "Host(`d`)", service: "api.v1"}
                  services:
                    "api.v1":
                      loadBalancer:
                        servers:
                          - url: "http://10.0.0.1"
                """);
        assertOk(r);
        assertThat(r.config().http().routers()).containsOnlyKeys("my.router", "a/b", "with space", "wéb-ü日本");
        assertThat(Validator.references(r.config())).isEmpty();
    }

    @Test
    void emptyRouterNameIsAnError() {
        DecodeResult r = yaml("http:\n  routers:\n    \"\": {rule: \"Host(`a`)\", service: api}\n" + API);
        assertErrorMentioning(r, "http.routers");
    }

    @Test
    void emptyServiceNameIsAnError() {
        DecodeResult r = yaml("http:\n  services:\n    \"\":\n      loadBalancer:\n        servers:\n          - url: \"http://10.0.0.1\"\n");
        assertErrorMentioning(r, "http.services");
    }

    @Test
    void routerNamesThatDifferOnlyInCaseAreTwoRoutersInFiles() {
        DecodeResult r = yaml("""
                http:
                  routers:
                    Web: {rule: "Host(`a`)", service: api}
                    web: {rule: "Host(`b`)", service: api}
                """ + API);
        assertOk(r);
        assertThat(r.config().http().routers()).containsOnlyKeys("Web", "web");
    }

    @Test
    void keysThatDifferOnlyInCaseInTheSameMapAreAnError() {
        DecodeResult r = yaml("""
                http:
                  services:
                    api:
                      loadBalancer:
                        servers:
                          - url: "http://10.0.0.1"
                      loadbalancer:
                        servers:
                          - url: "http://10.0.0.2"
                """);
        assertThat(r.ok()).isFalse();
        assertThat(r.errors()).anySatisfy(e -> assertThat(e.toString()).containsAnyOf("duplicate", "given twice"));
    }

    @Test
    void camelCaseKeysInAnyCaseAreAccepted() {
        DecodeResult r = yaml("""
                HTTP:
                  ROUTERS:
                    web: {RULE: "Host(`a`)", SERVICE: api, ENTRYPOINTS: [web]}
                  Services:
                    api:
                      LOADBALANCER:
                        PASSHOSTHEADER: false
                        SERVERS:
                          - URL: "http://10.0.0.1"
                """);
        assertOk(r);
        assertThat(r.config().http().routers().get("web").entryPoints()).containsExactly("web");
        assertThat(r.config().http().services().get("api").loadBalancer().passHostHeader()).isFalse();
    }

    @Test
    void providerQualifiedReferencesAreLeftToTheAggregator() {
        DecodeResult r = yaml("http:\n  routers:\n    web: {rule: \"Host(`a`)\", service: \"api@docker\", middlewares: [\"auth@file\"]}\n");
        assertOk(r);
        assertThat(Validator.references(r.config())).isEmpty();
    }

    @Test
    void danglingReferencesAreReportedByTheValidatorOnly() {
        DecodeResult r = yaml("http:\n  routers:\n    web: {rule: \"Host(`a`)\", service: nowhere, middlewares: [missing]}\n");
        assertOk(r);
        List<ConfigError> dangling = Validator.references(r.config());
        assertThat(dangling).hasSizeGreaterThanOrEqualTo(2);
        assertThat(rendered(dangling)).contains("nowhere").contains("missing");
    }

    // ---- unknown keys with suggestions, at every level ----

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "htpp:\\n  routers: {}|htpp|http",
            "http:\\n  routerz: {}|routerz|routers",
            "http:\\n  routers:\\n    web: {rlue: x, service: api}|rlue|rule",
            "http:\\n  routers:\\n    web: {rule: x, service: api, entrypoint: [web]}|entrypoint|entryPoints",
            "http:\\n  routers:\\n    web: {rule: x, service: api, tls: {certresolvr: le}}|certresolvr|certResolver",
            "http:\\n  services:\\n    api: {loadBalancr: {servers: [{url: 'http://a'}]}}|loadBalancr|loadBalancer",
            "http:\\n  services:\\n    api: {loadBalancer: {severs: [{url: 'http://a'}]}}|severs|servers",
            "http:\\n  services:\\n    api: {loadBalancer: {servers: [{ulr: 'http://a'}]}}|ulr|url",
            "http:\\n  services:\\n    api: {loadBalancer: {servers: [{url: 'http://a'}], healthCheck: {path: /, intervall: 5s}}}|intervall|interval",
            "http:\\n  services:\\n    api: {loadBalancer: {servers: [{url: 'http://a'}], sticky: {cookie: {nmae: x}}}}|nmae|name",
            "http:\\n  services:\\n    api: {weighted: {services: [{name: a, wieght: 2}]}}|wieght|weight",
            "http:\\n  serversTransports:\\n    t: {serverNam: x}|serverNam|serverName",
            "http:\\n  serversTransports:\\n    t: {forwardingTimeouts: {dialTimout: 1s}}|dialTimout|dialTimeout",
            "tls:\\n  certificats: []|certificats|certificates",
            "tls:\\n  options:\\n    o: {minVersio: VersionTLS12}|minVersio|minVersion",
            "tls:\\n  stores:\\n    default: {defaultCertificat: {certFile: a, keyFile: b}}|defaultCertificat|defaultCertificate"
    })
    void unknownKeysAreErrorsWithASuggestion(String yamlText, String unknown, String suggestion) {
        DecodeResult r = yaml(yamlText.replace("\\n", "\n"));
        assertErrorMentioning(r, "'" + unknown + "'", "did you mean '" + suggestion + "'");
    }

    @Test
    void unknownKeyErrorCarriesLineAndColumn() {
        DecodeResult r = yaml("http:\n  routers:\n    web:\n      rlue: x\n      service: api\n");
        assertThat(r.errors()).anySatisfy(e -> {
            assertThat(e.path()).isEqualTo("http.routers.web.rlue");
            assertThat(e.location().line()).isEqualTo(4);
            assertThat(e.location().column()).isPositive();
        });
    }

    @Test
    void unknownKeyFarFromAnyKnownOneHasNoMisleadingSuggestion() {
        DecodeResult r = yaml("http:\n  routers:\n    web: {rule: x, service: api, zzzzzzzzzzzz: 1}\n");
        assertErrorMentioning(r, "zzzzzzzzzzzz");
    }

    // ---- incomplete or ambiguous definitions ----

    @Test
    void serviceWithNoKindIsAnError() {
        assertErrorMentioning(yaml("http:\n  services:\n    api: {}\n"), "http.services.api");
        assertErrorMentioning(yaml("http:\n  services:\n    api:\n"), "http.services.api");
    }

    @Test
    void serviceWithTwoKindsIsAnError() {
        DecodeResult r = yaml("""
                http:
                  services:
                    api:
                      loadBalancer:
                        servers:
                          - url: "http://10.0.0.1"
                      weighted:
                        services:
                          - name: other
                """);
        assertErrorMentioning(r, "http.services.api");
    }

    @Test
    void routerWithoutRuleIsAnError() {
        assertErrorMentioning(yaml("http:\n  routers:\n    web: {service: api}\n" + API), "http.routers.web", "rule");
    }

    @Test
    void routerWithoutServiceIsAnError() {
        assertErrorMentioning(yaml("http:\n  routers:\n    web: {rule: \"Host(`a`)\"}\n" + API), "http.routers.web", "service");
    }

    @Test
    void routerWithEmptyRuleOrServiceIsAnError() {
        assertErrorMentioning(yaml("http:\n  routers:\n    web: {rule: \"\", service: api}\n" + API), "http.routers.web");
        assertErrorMentioning(yaml("http:\n  routers:\n    web: {rule: \"Host(`a`)\", service: \"\"}\n" + API), "http.routers.web");
        assertErrorMentioning(yaml("http:\n  routers:\n    web: {rule: \"  \", service: api}\n" + API), "http.routers.web");
    }

    @Test
    void emptyRouterBodyIsAnError() {
        assertErrorMentioning(yaml("http:\n  routers:\n    web:\n" + API), "http.routers.web");
    }

    @Test
    void routerWithoutRuleOrServiceIsAllowedWhenIncompleteRoutersAreAllowed() {
        DecodeResult r = ConfigDecoder.create().allowingIncompleteRouters()
                .decode("http:\n  routers:\n    web: {entryPoints: [web]}\n", Format.YAML, "dynamic.yml");
        assertOk(r);
    }

    @Test
    void loadBalancerWithoutServersIsNotAServerError() {
        // Traefik allows an empty server list (allowEmptyServices); the doc does not make it an error.
        DecodeResult r = yaml("http:\n  services:\n    api:\n      loadBalancer: {servers: []}\n");
        assertThat(r).isNotNull();
    }

    @Test
    void mirroringAndFailoverWithoutTheirServicesAreErrors() {
        assertErrorMentioning(yaml("http:\n  services:\n    m:\n      mirroring: {mirrors: [{name: b, percent: 10}]}\n"), "http.services.m.mirroring");
        assertErrorMentioning(yaml("http:\n  services:\n    f:\n      failover: {fallback: b}\n"), "http.services.f.failover");
    }

    @Test
    void certificateWithoutBothFilesIsAnError() {
        assertErrorMentioning(yaml("tls:\n  certificates:\n    - certFile: a.pem\n"), "tls.certificates[0]");
        assertErrorMentioning(yaml("tls:\n  certificates:\n    - keyFile: a.key\n"), "tls.certificates[0]");
    }

    @Test
    void serverPortAndUrlTogetherInAFileIsAnErrorOrUnknown() {
        DecodeResult r = yaml("http:\n  services:\n    api:\n      loadBalancer:\n        servers:\n          - url: \"http://10.0.0.1\"\n            port: 80\n");
        assertThat(r.ok()).isFalse();
    }

    @Test
    void middlewareWithUnknownTypeOrNoTypeIsAnError() {
        assertErrorMentioning(yaml("http:\n  middlewares:\n    m:\n      nope: {}\n"), "http.middlewares.m", "nope");
        assertErrorMentioning(yaml("http:\n  middlewares:\n    m: {}\n"), "http.middlewares.m");
    }

    // ---- tcp/udp are warnings; unsupported options ----

    @Test
    void tcpAndUdpSectionsAreWarningsAndTheHttpPartLoads() {
        DecodeResult r = yaml(VALID_YAML + """
                tcp:
                  routers:
                    db: {rule: "HostSNI(`*`)", service: db}
                  services:
                    db: {loadBalancer: {servers: [{address: "10.0.0.2:5432"}]}}
                udp:
                  services:
                    dns: {loadBalancer: {servers: [{address: "10.0.0.3:53"}]}}
                """);
        assertOk(r);
        assertThat(r.config().http().routers()).containsOnlyKeys("web");
        assertThat(rendered(r.warnings())).containsIgnoringCase("tcp").containsIgnoringCase("udp");
    }

    @Test
    void tcpSectionWithGarbageInsideIsStillOnlyAWarning() {
        DecodeResult r = yaml(VALID_YAML + "tcp: [1, 2, {x: !!binary AAAA}]\nudp: \"nonsense\"\n");
        assertOk(r);
        assertThat(r.warnings()).isNotEmpty();
    }

    @Test
    void harmlessUnsupportedOptionsAreWarnings() {
        DecodeResult r = yaml(VALID_YAML.replace("service: api", "service: api\n      observability: {accessLogs: false}")
                + "tls:\n  options:\n    o: {preferServerCipherSuites: true}\n  stores:\n    default: {defaultGeneratedCert: {resolver: le}}\n");
        assertOk(r);
        assertThat(r.warnings()).hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void securityRelevantUnsupportedOptionsAreErrors() {
        assertErrorMentioning(yaml("http:\n  serversTransports:\n    t: {peerCertSANs: [a]}\n"), "peerCertSANs", "not supported");
        assertErrorMentioning(yaml("http:\n  serversTransports:\n    t: {spiffe: {ids: [a]}}\n"), "spiffe", "not supported");
    }

    // ---- every error at once ----

    @Test
    void twoBadRoutersGiveTwoErrors() {
        DecodeResult r = yaml("""
                http:
                  routers:
                    a: {rule: "Host(`a`)", service: api, priority: high}
                    b: {rule: "Host(`b`)", service: api, priority: low}
                """ + API);
        assertThat(r.errors()).as(rendered(r.errors())).hasSize(2);
        assertThat(r.errors()).extracting(ConfigError::path)
                .containsExactlyInAnyOrder("http.routers.a.priority", "http.routers.b.priority");
    }

    @Test
    void errorsOfDifferentKindsAcrossSectionsAreAllCollected() {
        DecodeResult r = yaml("""
                http:
                  routers:
                    a: {rlue: x, service: api}
                  services:
                    api:
                      loadBalancer:
                        servers:
                          - url: "not a url"
                            weight: -3
                        healthCheck: {path: /, interval: 10 seconds}
                    empty: {}
                tls:
                  certificates:
                    - certFile: only.pem
                """);
        String all = rendered(r.errors());
        assertThat(all).contains("rlue").contains("servers[0].url").contains("servers[0].weight")
                .contains("healthCheck.interval").contains("http.services.empty").contains("tls.certificates[0]");
    }

    @Test
    void orThrowCarriesEveryError() {
        DecodeResult r = yaml("http:\n  routers:\n    a: {service: x}\n    b: {service: y}\n    c: {service: z}\n");
        ConfigException e = org.assertj.core.api.Assertions.catchThrowableOfType(r::orThrow, ConfigException.class);
        assertThat(e).isNotNull();
        assertThat(e.errors()).hasSizeGreaterThanOrEqualTo(3);
        assertThat(e.getMessage()).contains("http.routers.a").contains("http.routers.b").contains("http.routers.c");
    }

    @Test
    void okResultOrThrowReturnsTheConfig() throws Exception {
        DynamicConfig c = yaml(VALID_YAML).orThrow();
        assertThat(c.http().routers()).containsOnlyKeys("web");
    }

    // ---- Format.forFileName ----

    @Test
    void formatForFileNameHandlesOddNames() {
        assertThat(Format.forFileName("x.yml")).contains(Format.YAML);
        assertThat(Format.forFileName("x.YAML")).contains(Format.YAML);
        assertThat(Format.forFileName("dir.toml/x.json")).contains(Format.JSON);
        assertThat(Format.forFileName("x.toml")).contains(Format.TOML);
        assertThat(Format.forFileName("x.yml.bak")).isEmpty();
        assertThat(Format.forFileName("yml")).isEmpty();
        assertThat(Format.forFileName("")).isEmpty();
        assertThat(Format.forFileName(".")).isEqualTo(Optional.empty());
        assertThat(Format.forFileName("x.")).isEmpty();
    }
}
