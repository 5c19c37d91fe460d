package io.gatehouse.core.config.decode;

import io.gatehouse.core.config.CookieConfig;
import io.gatehouse.core.config.DynamicConfig;
import io.gatehouse.core.config.ForwardingTimeouts;
import io.gatehouse.core.config.HealthCheckConfig;
import io.gatehouse.core.config.LoadBalancerConfig;
import io.gatehouse.core.config.MiddlewareConfig;
import io.gatehouse.core.config.ServerConfig;
import io.gatehouse.core.config.ServersTransportConfig;
import io.gatehouse.core.config.TlsOptions;
import io.gatehouse.core.middleware.TestHeaderMiddlewareType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** One configuration (from Traefik's documentation examples) written five ways decodes to equal records. */
class FormatsEquivalenceTest {

    private final ConfigDecoder decoder = ConfigDecoder.create();

    private DynamicConfig decodeClean(DecodeResult result) {
        assertThat(result.errors()).isEmpty();
        assertThat(result.warnings()).isEmpty();
        return result.config();
    }

    @Test
    void yamlTomlJsonLabelsAndKvDecodeToEqualRecords() {
        DynamicConfig yaml = decodeClean(decoder.decode(Fixtures.text("full.yml"), Format.YAML, "full.yml"));
        DynamicConfig toml = decodeClean(decoder.decode(Fixtures.text("full.toml"), Format.TOML, "full.toml"));
        DynamicConfig json = decodeClean(decoder.decode(Fixtures.text("full.json"), Format.JSON, "full.json"));
        DynamicConfig labels = decodeClean(FlatKeyDecoder.labels().decode(Fixtures.keyValues("full.labels"), "c"));
        DynamicConfig kv = decodeClean(FlatKeyDecoder.kv().decode(Fixtures.keyValues("full.kv"), "etcd"));

        assertThat(toml).isEqualTo(yaml);
        assertThat(json).isEqualTo(yaml);
        assertThat(labels).isEqualTo(yaml);
        assertThat(kv).isEqualTo(yaml);
        assertThat(yaml.http().routers()).hasSize(2);
        assertThat(yaml.http().services()).hasSize(6);
    }

    @Test
    void fixtureValuesAreBoundToTheRightFields() {
        DynamicConfig c = decodeClean(decoder.decode(Fixtures.text("full.yml"), Format.YAML, "full.yml"));

        var router = c.http().routers().get("my-router");
        assertThat(router.entryPoints()).containsExactly("web", "websecure");
        assertThat(router.priority()).isEqualTo(10);
        assertThat(router.ruleSyntax()).isEqualTo("v3");
        assertThat(router.tls().certResolver()).isEqualTo("le");
        assertThat(router.tls().domains().get(0).sans()).containsExactly("www.example.com", "api.example.com");
        assertThat(c.http().routers().get("plain").tls()).isNull();

        LoadBalancerConfig lb = c.http().services().get("my-service").loadBalancer();
        assertThat(lb.servers()).containsExactly(new ServerConfig("http://private-ip-server-1/", 2, true),
                ServerConfig.of("http://private-ip-server-2/"));
        assertThat(lb.strategy()).isEqualTo("p2c");
        assertThat(lb.passHostHeader()).isFalse();
        assertThat(lb.flushInterval()).isEqualTo(Duration.ofMillis(150));
        assertThat(lb.sticky().cookie()).isEqualTo(
                new CookieConfig("sticky-cookie", true, true, "lax", 3600, "/app", "example.com"));
        HealthCheckConfig hc = lb.healthCheck();
        assertThat(hc.interval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(hc.unhealthyInterval()).isEqualTo(Duration.ofSeconds(90));
        assertThat(hc.followRedirects()).isFalse();
        assertThat(hc.headers()).containsEntry("My-Custom-Header", "foo");
        assertThat(lb.passiveHealthCheck().maxFailedAttempts()).isEqualTo(3);

        var wrr = c.http().services().get("wrr").weighted();
        assertThat(wrr.services().get(1).weight()).isEqualTo(1);
        assertThat(wrr.healthCheck()).isTrue();
        assertThat(c.http().services().get("mirror").mirroring().mirrorBody()).isFalse();
        assertThat(c.http().services().get("failover").failover().errors().status()).containsExactly("500-599");

        MiddlewareConfig mw = c.http().middlewares().get("add-header");
        assertThat(mw.type()).isEqualTo("testHeader");
        assertThat(mw.config()).isEqualTo(new TestHeaderMiddlewareType.Options("X-Hello", "world",
                List.of("GET", "HEAD"), Duration.ofMillis(250), 2, true, TestHeaderMiddlewareType.Mode.APPEND,
                Map.of()));

        ServersTransportConfig st = c.http().serversTransports().get("my-transport");
        assertThat(st.forwardingTimeouts()).isEqualTo(new ForwardingTimeouts(Duration.ofSeconds(30),
                Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(5), Duration.ofSeconds(15)));
        assertThat(st.maxIdleConnsPerHost()).isEqualTo(100);

        TlsOptions modern = c.tls().options().get("modern");
        assertThat(modern.clientAuth().clientAuthType()).isEqualTo("RequireAndVerifyClientCert");
        assertThat(c.tls().certificates().get(0).stores()).containsExactly("default");
        assertThat(c.tls().stores().get("default").defaultCertificate().certFile()).isEqualTo("/path/to/default.cert");
    }

    @Test
    void omittedOptionsTakeTraefiksDefaults() {
        String yaml = """
                http:
                  services:
                    s:
                      loadBalancer:
                        servers:
                          - url: http://a:80
                        healthCheck:
                          path: /ping
                        sticky:
                          cookie: {}
                        passiveHealthCheck: {}
                  serversTransports:
                    t: {}
                tls:
                  options:
                    default: {}
                """;
        DynamicConfig c = decodeClean(decoder.decode(yaml, Format.YAML, "d.yml"));
        LoadBalancerConfig lb = c.http().services().get("s").loadBalancer();
        assertThat(lb.passHostHeader()).isTrue();
        assertThat(lb.flushInterval()).isEqualTo(Duration.ofMillis(100));
        assertThat(lb.strategy()).isEqualTo("wrr");
        assertThat(lb.servers().get(0).weight()).isEqualTo(1);
        assertThat(lb.healthCheck().interval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(lb.healthCheck().unhealthyInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(lb.healthCheck().timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(lb.healthCheck().mode()).isEqualTo("http");
        assertThat(lb.healthCheck().followRedirects()).isTrue();
        assertThat(lb.sticky().cookie().path()).isEqualTo("/");
        assertThat(lb.passiveHealthCheck().failureWindow()).isEqualTo(Duration.ofSeconds(10));
        assertThat(lb.passiveHealthCheck().maxFailedAttempts()).isEqualTo(1);
        assertThat(c.http().serversTransports().get("t")).isEqualTo(ServersTransportConfig.DEFAULT);
        assertThat(c.tls().options().get("default")).isEqualTo(TlsOptions.DEFAULTS);
        assertThat(TlsOptions.DEFAULTS.minVersion()).isEqualTo("VersionTLS12");
        assertThat(TlsOptions.DEFAULTS.alpnProtocols()).containsExactly("h2", "http/1.1", "acme-tls/1");
    }

    @Test
    void keysAreCaseInsensitiveAsInTraefiksDocumentation() {
        // Traefik's own examples write healthcheck, passiveHealthcheck and rootcas.
        String yaml = """
                HTTP:
                  Services:
                    s:
                      LOADBALANCER:
                        servers:
                          - URL: http://a:80
                        healthcheck:
                          path: /health
                        passiveHealthcheck:
                          maxFailedAttempts: "3"
                  serverstransports:
                    t:
                      rootcas: [/ca.pem]
                """;
        DynamicConfig c = decodeClean(decoder.decode(yaml, Format.YAML, "d.yml"));
        LoadBalancerConfig lb = c.http().services().get("s").loadBalancer();
        assertThat(lb.healthCheck().path()).isEqualTo("/health");
        assertThat(lb.passiveHealthCheck().maxFailedAttempts()).isEqualTo(3);
        assertThat(c.http().serversTransports().get("t").rootCAs()).containsExactly("/ca.pem");
    }

    @Test
    @org.junit.jupiter.api.Timeout(120)
    void tenThousandRoutesInOneFileDecode() {
        StringBuilder sb = new StringBuilder("http:\n  routers:\n");
        for (int i = 0; i < 10_000; i++) {
            sb.append("    router-").append(i).append(":\n      entryPoints: [websecure]\n      rule: \"Host(`app")
                    .append(i).append(".example.com`) && PathPrefix(`/api/v1/resources`)\"\n      service: service-")
                    .append(i).append("\n      middlewares: [auth, strip, headers]\n      tls: {certResolver: le}\n");
        }
        sb.append("  services:\n");
        for (int i = 0; i < 10_000; i++) {
            sb.append("    service-").append(i).append(":\n      loadBalancer:\n        servers:\n")
                    .append("          - url: http://10.0.").append(i % 250).append('.').append(i % 200)
                    .append(":8080\n          - url: http://10.1.").append(i % 250).append(".1:8080\n")
                    .append("        healthCheck: {path: /health, interval: 10s}\n");
        }
        assertThat(sb.length()).isGreaterThan(3 * 1024 * 1024); // past SnakeYAML's default limit
        DynamicConfig c = decodeClean(decoder.decode(sb.toString(), Format.YAML, "big.yml"));
        assertThat(c.http().routers()).hasSize(10_000);
        assertThat(c.http().services().get("service-9999").loadBalancer().servers()).hasSize(2);
    }

    @Test
    void namesOfThingsKeepTheirCaseInFiles() {
        String yaml = """
                http:
                  routers:
                    web: {rule: "Path(`/a`)", service: s}
                    Web: {rule: "Path(`/b`)", service: s}
                """;
        DynamicConfig c = decodeClean(decoder.decode(yaml, Format.YAML, "d.yml"));
        assertThat(c.http().routers()).containsOnlyKeys("web", "Web");
    }

    @Test
    void emptyDocumentsAreEmptyConfigurations() {
        for (Format f : Format.values()) {
            String empty = f == Format.JSON ? "{}" : "";
            DecodeResult r = decoder.decode(empty, f, "empty");
            assertThat(r.errors()).as(f.name()).isEmpty();
            assertThat(r.config()).isEqualTo(DynamicConfig.EMPTY);
        }
        assertThat(decoder.decode("# only a comment\n", Format.YAML, "c.yml").config()).isEqualTo(DynamicConfig.EMPTY);
    }

    @Test
    void stringsForNumbersAndBooleansAreAcceptedAsTraefikDoes() {
        String json = """
                {"http": {"routers": {"r": {"rule": "Path(`/`)", "service": "s", "priority": "-5"}},
                          "services": {"s": {"loadBalancer": {"passHostHeader": "false",
                             "servers": [{"url": "http://a", "weight": "3"}]}}}}}
                """;
        DynamicConfig c = decodeClean(decoder.decode(json, Format.JSON, "c.json"));
        assertThat(c.http().routers().get("r").priority()).isEqualTo(-5);
        assertThat(c.http().services().get("s").loadBalancer().passHostHeader()).isFalse();
        assertThat(c.http().services().get("s").loadBalancer().servers().get(0).weight()).isEqualTo(3);
    }

    @Test
    void commaSeparatedListsWorkInFilesToo() {
        String yaml = """
                http:
                  routers:
                    r:
                      entryPoints: "web, websecure"
                      rule: Path(`/`)
                      service: s
                """;
        DynamicConfig c = decoder.decode(yaml, Format.YAML, "c.yml").config();
        assertThat(c.http().routers().get("r").entryPoints()).containsExactly("web", "websecure");
    }
}
