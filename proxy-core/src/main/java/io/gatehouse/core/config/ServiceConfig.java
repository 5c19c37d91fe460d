package io.gatehouse.core.config;

/**
 * {@code http.services.<name>}. Exactly one kind is set (the decoder reports a service with none
 * or with several).
 */
public record ServiceConfig(LoadBalancerConfig loadBalancer, WeightedConfig weighted, MirroringConfig mirroring,
                            FailoverConfig failover, HighestRandomWeightConfig highestRandomWeight) {

    public ServiceConfig(LoadBalancerConfig loadBalancer) {
        this(loadBalancer, null, null, null, null);
    }

    public static ServiceConfig of(WeightedConfig weighted) {
        return new ServiceConfig(null, weighted, null, null, null);
    }

    public static ServiceConfig of(MirroringConfig mirroring) {
        return new ServiceConfig(null, null, mirroring, null, null);
    }

    public static ServiceConfig of(FailoverConfig failover) {
        return new ServiceConfig(null, null, null, failover, null);
    }

    public static ServiceConfig of(HighestRandomWeightConfig highestRandomWeight) {
        return new ServiceConfig(null, null, null, null, highestRandomWeight);
    }
}
