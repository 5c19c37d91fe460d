package io.gatehouse.docker;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the provider needs to know about one container, independent of the Docker client library:
 * built from an inspection by {@link EngineSession}, or by hand in tests.
 *
 * @param id           the container's id
 * @param name         its name without the leading slash
 * @param labels       all its labels
 * @param state        Docker's state: {@code running}, {@code created}, {@code exited}, {@code paused} ...
 * @param health       {@code starting}, {@code healthy} or {@code unhealthy}; null without a health check
 * @param networkMode  the HostConfig network mode ({@code bridge}, {@code host}, {@code container:<id>}, a network name)
 * @param networks     the networks it is attached to, by name, with its IP address on each (in Docker's order)
 * @param ports        its exposed TCP ports (numbers) with their host bindings (possibly none)
 */
public record ContainerInfo(String id, String name, Map<String, String> labels, String state, String health,
                            String networkMode, Map<String, String> networks, Map<Integer, List<PortBinding>> ports) {

    /** A host binding of a container port: {@code -p hostIp:hostPort:port}. */
    public record PortBinding(String hostIp, String hostPort) {
    }

    public ContainerInfo {
        Objects.requireNonNull(id, "id");
        name = name == null ? "" : (name.startsWith("/") ? name.substring(1) : name);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        state = state == null ? "" : state;
        networkMode = networkMode == null ? "" : networkMode;
        networks = networks == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(networks));
        ports = ports == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(ports));
    }

    /** A running container on the host network exposing nothing: the shape of most tests. */
    public static ContainerInfo running(String id, String name, Map<String, String> labels) {
        return new ContainerInfo(id, name, labels, "running", null, "host", Map.of(), Map.of());
    }

    public ContainerInfo withState(String newState, String newHealth) {
        return new ContainerInfo(id, name, labels, newState, newHealth, networkMode, networks, ports);
    }

    public ContainerInfo withNetworks(String mode, Map<String, String> newNetworks) {
        return new ContainerInfo(id, name, labels, state, health, mode, newNetworks, ports);
    }

    public ContainerInfo withPorts(Map<Integer, List<PortBinding>> newPorts) {
        return new ContainerInfo(id, name, labels, state, health, networkMode, networks, newPorts);
    }

    boolean isHostNetwork() {
        return "host".equals(networkMode);
    }

    /** Running, and healthy if it has a health check: the state in which Traefik sends it traffic. */
    boolean isServing() {
        return "running".equals(state) && (health == null || health.isEmpty() || "healthy".equals(health));
    }
}
