package io.gatehouse.docker;

import io.gatehouse.core.config.DynamicConfig;
import io.gatehouse.core.config.decode.ConfigDecoder;
import io.gatehouse.core.config.decode.DecodeResult;
import io.gatehouse.core.config.decode.Format;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same configuration written as container labels (through the provider's builder) and as a
 * Traefik YAML file gives equal records, once the provider has filled in what labels leave to it.
 */
class LabelsYamlEquivalenceTest {

    @Test
    void labelsAndYamlGiveEqualRecords() throws Exception {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("traefik.http.routers.api.rule", "Host(`example.com`) && PathPrefix(`/api`)");
        labels.put("traefik.http.routers.api.entrypoints", "web,websecure");
        labels.put("traefik.http.routers.api.middlewares", "hdr");
        labels.put("traefik.http.routers.api.priority", "42");
        labels.put("traefik.http.routers.api.tls", "true");
        labels.put("traefik.http.routers.api.tls.certresolver", "le");
        labels.put("traefik.http.routers.api.service", "api");
        labels.put("traefik.http.services.api.loadbalancer.server.port", "8080");
        labels.put("traefik.http.services.api.loadbalancer.passhostheader", "false");
        labels.put("traefik.http.services.api.loadbalancer.sticky.cookie.name", "session");
        labels.put("traefik.http.services.api.loadbalancer.sticky.cookie.secure", "true");
        labels.put("traefik.http.services.api.loadbalancer.healthcheck.path", "/health");
        labels.put("traefik.http.services.api.loadbalancer.healthcheck.interval", "10s");
        labels.put("traefik.http.middlewares.hdr.testheader.headername", "X-Api");
        labels.put("traefik.http.middlewares.hdr.testheader.value", "1");
        ContainerInfo container = new ContainerInfo("abc", "/api", labels, "running", null, "bridge",
                Map.of("bridge", "172.17.0.9"), Map.of(80, List.of()));
        ContainerConfigBuilder.Result fromLabels = new ContainerConfigBuilder(DockerProviderConfig.DEFAULTS, "127.0.0.1")
                .build(List.of(container));
        assertThat(fromLabels.errors()).isEmpty();

        String yaml = """
                http:
                  routers:
                    api:
                      rule: "Host(`example.com`) && PathPrefix(`/api`)"
                      entryPoints: [web, websecure]
                      middlewares: [hdr]
                      priority: 42
                      tls:
                        certResolver: le
                      service: api
                  services:
                    api:
                      loadBalancer:
                        servers:
                          - url: http://172.17.0.9:8080
                        passHostHeader: false
                        sticky:
                          cookie:
                            name: session
                            secure: true
                        healthCheck:
                          path: /health
                          interval: 10s
                  middlewares:
                    hdr:
                      testHeader:
                        headerName: X-Api
                        value: "1"
                """;
        DecodeResult fromYaml = ConfigDecoder.create().decode(yaml, Format.YAML, "dynamic.yml");
        assertThat(fromYaml.errors()).isEmpty();
        DynamicConfig expected = fromYaml.config();
        assertThat(fromLabels.config()).isEqualTo(expected);
    }

    @Test
    void theAutomaticRouterAndServiceEqualTheirYamlForm() throws Exception {
        ContainerInfo container = new ContainerInfo("abc", "/whoami", Map.of(), "running", null, "bridge",
                Map.of("bridge", "172.17.0.9"), Map.of(80, List.of()));
        DynamicConfig fromLabels = new ContainerConfigBuilder(DockerProviderConfig.DEFAULTS, "127.0.0.1")
                .build(List.of(container)).config();
        String yaml = """
                http:
                  routers:
                    whoami:
                      rule: Host(`whoami`)
                      service: whoami
                  services:
                    whoami:
                      loadBalancer:
                        servers:
                          - url: http://172.17.0.9:80
                """;
        assertThat(fromLabels).isEqualTo(ConfigDecoder.create().decode(yaml, Format.YAML, "f").orThrow());
    }
}
