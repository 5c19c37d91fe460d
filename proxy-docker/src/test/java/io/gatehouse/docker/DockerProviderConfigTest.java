package io.gatehouse.docker;

import io.gatehouse.core.config.ConfigError;
import io.gatehouse.core.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DockerProviderConfigTest {

    @Test
    void traefiksDefaults() {
        DockerProviderConfig d = DockerProviderConfig.DEFAULTS;
        assertThat(d.endpoint()).isEqualTo("unix:///var/run/docker.sock");
        assertThat(d.exposedByDefault()).isTrue();
        assertThat(d.defaultRule()).isEqualTo("Host(`{{ normalize .Name }}`)");
        assertThat(d.watch()).isTrue();
        assertThat(d.useBindPortIP()).isFalse();
        assertThat(d.allowEmptyServices()).isFalse();
        assertThat(d.network()).isNull();
        assertThat(d.constraints()).isNull();
        assertThat(d.tls()).isNull();
        assertThat(d.labelRoot()).isEqualTo("traefik");
        assertThat(d.validate()).isEmpty();
    }

    @Test
    void blankValuesMeanTheDefaults() {
        DockerProviderConfig c = new DockerProviderConfig(" ", true, "", " ", "", false, true, false, null, "");
        assertThat(c).isEqualTo(DockerProviderConfig.DEFAULTS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"unix:///var/run/docker.sock", "unix:///tmp/x/podman.sock", "tcp://127.0.0.1:2376",
            "tcp://docker.internal:2375", "TCP://[::1]:2376"})
    void acceptedEndpoints(String endpoint) {
        assertThat(DockerProviderConfig.DEFAULTS.withEndpoint(endpoint).validate()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/var/run/docker.sock", "http://127.0.0.1:2375", "tcp://127.0.0.1", "tcp://127.0.0.1:99999",
            "unix://", "unix://host/path", "tcp://:2375", "not a uri at all", "npipe:////./pipe/docker_engine",
            "tcp://127.0.0.1:2375/path"})
    void refusedEndpoints(String endpoint) {
        assertThat(DockerProviderConfig.DEFAULTS.withEndpoint(endpoint).validate())
                .singleElement().satisfies(e -> {
                    assertThat(e.path()).isEqualTo("providers.docker.endpoint");
                    assertThat(e.value()).isEqualTo(endpoint);
                    assertThat(e.message()).contains("unix://").contains("tcp://");
                });
    }

    @Test
    void tlsNeedsATcpEndpointAndCertWithKey() {
        var tls = new DockerProviderConfig.Tls("ca.pem", "cert.pem", null, false);
        assertThat(DockerProviderConfig.DEFAULTS.withTls(tls).validate()).extracting(ConfigError::message)
                .containsExactlyInAnyOrder("TLS applies to a tcp:// endpoint only", "cert and key must be given together");
        assertThat(DockerProviderConfig.DEFAULTS.withEndpoint("tcp://127.0.0.1:2376")
                .withTls(new DockerProviderConfig.Tls("ca.pem", "cert.pem", "key.pem", false)).validate()).isEmpty();
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        DockerProviderConfig bad = DockerProviderConfig.DEFAULTS.withEndpoint("http://x")
                .withDefaultRule("Host(`{{ .Image }}`)").withConstraints("Label(`a`)").withLabelRoot("a..b");
        assertThat(bad.validate()).extracting(ConfigError::path).containsExactly("providers.docker.endpoint",
                "providers.docker.defaultRule", "providers.docker.constraints", "providers.docker.labelRoot");
        assertThatThrownBy(bad::validated).isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown field '.Image'").hasMessageContaining("Label takes two arguments");
        assertThatThrownBy(() -> DockerProvider.create(bad)).isInstanceOf(ConfigException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a..b", ".traefik", "traefik.", "tra efik", "traefik/x", "é"})
    void refusedLabelRoots(String root) {
        assertThat(DockerProviderConfig.DEFAULTS.withLabelRoot(root).validate()).extracting(ConfigError::path)
                .containsExactly("providers.docker.labelRoot");
    }

    @Test
    void acceptedLabelRoots() {
        assertThat(DockerProviderConfig.DEFAULTS.withLabelRoot("acme.proxy").validate()).isEmpty();
        assertThat(DockerProviderConfig.DEFAULTS.withLabelRoot("gatehouse").validate()).isEmpty();
    }

    @Test
    void fromOptionsReadsFlatNamesCaseInsensitively() throws Exception {
        DockerProviderConfig c = DockerProviderConfig.fromOptions(java.util.Map.of(
                "endpoint", "tcp://127.0.0.1:2376", "exposedbydefault", "false", "defaultRule", "Host(`{{ .Name }}.local`)",
                "network", "web", "constraints", "Label(`a`, `b`)", "useBindPortIP", "", "watch", "f",
                "allowEmptyServices", "1", "tls.ca", "ca.pem", "labelRoot", "gatehouse"));
        assertThat(c).isEqualTo(new DockerProviderConfig("tcp://127.0.0.1:2376", false, "Host(`{{ .Name }}.local`)", "web",
                "Label(`a`, `b`)", true, false, true, new DockerProviderConfig.Tls("ca.pem", null, null, false), "gatehouse"));
        assertThat(DockerProviderConfig.fromOptions(java.util.Map.of())).isEqualTo(DockerProviderConfig.DEFAULTS);
    }

    @Test
    void fromOptionsReportsEveryProblem() {
        java.util.Map<String, String> options = new java.util.LinkedHashMap<>();
        options.put("exposedByDefualt", "false");
        options.put("watch", "yes");
        options.put("endpoint", "http://x");
        options.put("Network", "a");
        options.put("network", "b");
        assertThatThrownBy(() -> DockerProviderConfig.fromOptions(options))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).errors()).extracting(ConfigError::toString)
                        .anySatisfy(m -> assertThat(m).contains("providers.docker.exposedByDefualt").contains("did you mean 'exposedByDefault'"))
                        .anySatisfy(m -> assertThat(m).contains("providers.docker.watch").contains("expected true or false").contains("yes"))
                        .anySatisfy(m -> assertThat(m).contains("providers.docker.network").contains("given twice"))
                        .anySatisfy(m -> assertThat(m).contains("providers.docker.endpoint")));
    }
}
