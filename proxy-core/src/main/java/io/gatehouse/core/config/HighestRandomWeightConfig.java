package io.gatehouse.core.config;

import java.util.List;

/**
 * {@code http.services.<name>.highestRandomWeight}: rendezvous hashing over services.
 *
 * @param services    the services and their weights
 * @param healthCheck whether the children's health is taken into account ({@code healthCheck: {}})
 */
public record HighestRandomWeightConfig(List<ServiceRef> services, boolean healthCheck) {

    public HighestRandomWeightConfig {
        services = services == null ? List.of() : List.copyOf(services);
    }
}
