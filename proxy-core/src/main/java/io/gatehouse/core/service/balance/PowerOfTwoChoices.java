package io.gatehouse.core.service.balance;

import io.gatehouse.core.service.LoadBalancer;
import io.gatehouse.core.service.Server;
import io.gatehouse.core.service.TriedServers;
import io.undertow.server.HttpServerExchange;

import java.util.List;

/**
 * {@code p2c}: two distinct servers drawn at random, the one with fewer requests in flight wins (Traefik's
 * power of two random choices). Weights other than 0 (drained) are ignored, as in Traefik.
 */
public final class PowerOfTwoChoices implements LoadBalancer {

    private static final int DRAWS = 4;

    private final Server[] servers;
    private final RandomSource random;

    public PowerOfTwoChoices(List<Server> servers, RandomSource random) {
        this.servers = Pickable.of(servers);
        this.random = random;
    }

    @Override
    public Server pick(HttpServerExchange exchange, TriedServers tried) {
        Server[] all = servers;
        int n = all.length;
        if (n <= 1) {
            return n == 1 && LoadBalancer.eligible(all[0], tried) ? all[0] : null;
        }
        for (int draw = 0; draw < DRAWS; draw++) {
            int a = random.nextInt(n);
            int b = random.nextInt(n - 1);
            if (b >= a) {
                b++;
            }
            Server first = all[a];
            Server second = all[b];
            boolean firstOk = LoadBalancer.eligible(first, tried);
            boolean secondOk = LoadBalancer.eligible(second, tried);
            if (firstOk && secondOk) {
                return second.inFlight() < first.inFlight() ? second : first;
            }
            if (firstOk) {
                return first;
            }
            if (secondOk) {
                return second;
            }
        }
        // most servers are out: the least loaded of the eligible ones
        Server best = null;
        int start = random.nextInt(n);
        for (int k = 0; k < n; k++) {
            Server server = all[(start + k) % n];
            if (LoadBalancer.eligible(server, tried) && (best == null || server.inFlight() < best.inFlight())) {
                best = server;
            }
        }
        return best;
    }
}
