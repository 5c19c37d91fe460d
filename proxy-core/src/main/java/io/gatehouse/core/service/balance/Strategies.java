package io.gatehouse.core.service.balance;

import io.gatehouse.core.service.LoadBalancer;
import io.gatehouse.core.service.Server;

import java.util.List;

/** {@code loadBalancer.strategy}: the names Traefik knows and the balancer for each. */
public final class Strategies {

    public static final String WRR = "wrr";
    public static final String P2C = "p2c";
    public static final String HRW = "hrw";
    public static final String LEAST_TIME = "leasttime";
    public static final List<String> KNOWN = List.of(WRR, P2C, HRW, LEAST_TIME);

    private Strategies() {
    }

    /** Whether {@code name} is a strategy; the empty string means the default, wrr. */
    public static boolean isKnown(String name) {
        return name != null && (name.isEmpty() || KNOWN.contains(name));
    }

    /**
     * The balancer for a known strategy.
     *
     * @throws IllegalArgumentException for a name {@link #isKnown} rejects (validate first)
     */
    public static LoadBalancer create(String name, List<Server> servers, RandomSource random) {
        return switch (name) {
            case "", WRR -> new WeightedRoundRobin(servers);
            case P2C -> new PowerOfTwoChoices(servers, random);
            case HRW -> new HighestRandomWeight(servers);
            case LEAST_TIME -> new LeastTime(servers);
            default -> throw new IllegalArgumentException("unknown strategy " + name);
        };
    }
}
