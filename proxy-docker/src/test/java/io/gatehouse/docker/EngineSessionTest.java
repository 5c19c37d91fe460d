package io.gatehouse.docker;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.command.InspectContainerResponse;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Engine answers (as dockerd and podman write them) to the provider's view of a container. */
class EngineSessionTest {

    private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private static ContainerInfo inspect(String json) throws Exception {
        return EngineSession.toInfo(JSON.readValue(json, InspectContainerResponse.class));
    }

    @Test
    void aBridgeContainerWithPublishedAndExposedPorts() throws Exception {
        ContainerInfo c = inspect("""
                {"Id": "abc123", "Name": "/shop-api-1",
                 "State": {"Status": "running", "Running": true, "Paused": false, "Health": {"Status": "healthy"}},
                 "Config": {"Labels": {"traefik.enable": "true"}, "ExposedPorts": {"80/tcp": {}, "53/udp": {}, "9000/tcp": {}}},
                 "HostConfig": {"NetworkMode": "shop_default"},
                 "NetworkSettings": {
                   "Ports": {"80/tcp": [{"HostIp": "10.0.0.1", "HostPort": "8081"}], "53/udp": null, "9000/tcp": null},
                   "Networks": {"shop_default": {"IPAddress": "172.18.0.3"}, "other": {"IPAddress": "", "GlobalIPv6Address": "fd00::3"}}}}
                """);
        assertThat(c.id()).isEqualTo("abc123");
        assertThat(c.name()).isEqualTo("shop-api-1");
        assertThat(c.labels()).isEqualTo(Map.of("traefik.enable", "true"));
        assertThat(c.state()).isEqualTo("running");
        assertThat(c.health()).isEqualTo("healthy");
        assertThat(c.networkMode()).isEqualTo("shop_default");
        assertThat(c.networks()).containsExactly(Map.entry("shop_default", "172.18.0.3"), Map.entry("other", "fd00::3"));
        assertThat(c.ports()).containsOnlyKeys(80, 9000);
        assertThat(c.ports().get(80)).containsExactly(new ContainerInfo.PortBinding("10.0.0.1", "8081"));
        assertThat(c.ports().get(9000)).isEmpty();
        assertThat(c.isServing()).isTrue();
    }

    @Test
    void aHostNetworkContainerKeepsItsDeclaredPorts() throws Exception {
        ContainerInfo c = inspect("""
                {"Id": "h1", "Name": "/web", "State": {"Status": "running", "Running": true},
                 "Config": {"ExposedPorts": {"8080/tcp": {}}},
                 "HostConfig": {"NetworkMode": "host"},
                 "NetworkSettings": {"Ports": {}, "Networks": {"host": {"IPAddress": ""}}}}
                """);
        assertThat(c.isHostNetwork()).isTrue();
        assertThat(c.ports()).containsOnlyKeys(8080);
        assertThat(c.health()).isNull();
        assertThat(c.labels()).isEmpty();
    }

    @Test
    void pausedAndStoppedContainersAreNotServing() throws Exception {
        ContainerInfo paused = inspect("""
                {"Id": "p", "Name": "/p", "State": {"Status": "running", "Running": true, "Paused": true}}
                """);
        assertThat(paused.state()).isEqualTo("paused");
        assertThat(paused.isServing()).isFalse();
        ContainerInfo exited = inspect("""
                {"Id": "e", "Name": "/e", "State": {"Status": "exited", "Running": false}}
                """);
        assertThat(exited.isServing()).isFalse();
        ContainerInfo starting = inspect("""
                {"Id": "s", "Name": "/s", "State": {"Status": "running", "Running": true, "Health": {"Status": "starting"}}}
                """);
        assertThat(starting.isServing()).isFalse();
    }

    @Test
    void sparseAnswersLikePodmansDoNotBreakTheMapping() throws Exception {
        ContainerInfo c = inspect("""
                {"Id": "pod1", "Name": "api", "State": {"Status": "running"}}
                """);
        assertThat(c.name()).isEqualTo("api");
        assertThat(c.networkMode()).isEmpty();
        assertThat(c.networks()).isEmpty();
        assertThat(c.ports()).isEmpty();
        assertThat(ContainerInfo.running("x", "/y", null).labels()).isEmpty();
        assertThat(List.copyOf(EngineSession.RELEVANT_ACTIONS)).contains("destroy", "remove", "health_status", "start", "die");
    }
}
