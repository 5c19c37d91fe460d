package io.gatehouse.core.config;

import java.util.List;

/**
 * {@code http.services.<name>.weighted}: weighted round robin over services.
 *
 * @param services    the services and their weights
 * @param sticky      sticky sessions; null for none
 * @param healthCheck whether the children's health is taken into account ({@code healthCheck: {}})
 */
public record WeightedConfig(List<ServiceRef> services, StickyConfig sticky, boolean healthCheck) {

    public WeightedConfig {
        services = services == null ? List.of() : List.copyOf(services);
    }
}
