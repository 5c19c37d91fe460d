package io.gatehouse.core.config;

/**
 * A weighted reference to another service ({@code weighted.services[n]},
 * {@code highestRandomWeight.services[n]}).
 *
 * @param name   the service's name
 * @param weight its weight (Traefik default 1)
 */
public record ServiceRef(String name, int weight) {

    public static final int DEFAULT_WEIGHT = 1;

    public static ServiceRef of(String name) {
        return new ServiceRef(name, DEFAULT_WEIGHT);
    }
}
