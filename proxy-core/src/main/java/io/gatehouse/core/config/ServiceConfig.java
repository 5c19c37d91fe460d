package io.gatehouse.core.config;

/**
 * {@code http.services.<name>}. Exactly one kind is set; this release knows loadBalancer.
 */
public record ServiceConfig(LoadBalancerConfig loadBalancer) {
}
