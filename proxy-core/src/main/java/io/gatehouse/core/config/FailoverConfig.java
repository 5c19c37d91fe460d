package io.gatehouse.core.config;

import java.util.List;

/**
 * {@code http.services.<name>.failover}.
 *
 * @param service     the main service
 * @param fallback    the service used while the main one is down
 * @param healthCheck whether health is propagated to parents ({@code healthCheck: {}})
 * @param errors      also fail over on these responses; null for only when the main service is down
 */
public record FailoverConfig(String service, String fallback, boolean healthCheck, Errors errors) {

    /**
     * {@code failover.errors}.
     *
     * @param status              status codes or ranges ({@code 500-599}) that trigger the fallback
     * @param maxRequestBodyBytes the largest request body kept for replay; -1 means no limit
     */
    public record Errors(List<String> status, long maxRequestBodyBytes) {
        public Errors {
            status = status == null ? List.of() : List.copyOf(status);
        }
    }
}
