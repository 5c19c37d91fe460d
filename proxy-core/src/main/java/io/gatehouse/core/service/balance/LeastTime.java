package io.gatehouse.core.service.balance;

import io.gatehouse.core.service.LoadBalancer;
import io.gatehouse.core.service.Server;
import io.gatehouse.core.service.TriedServers;
import io.undertow.server.HttpServerExchange;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code leasttime}: the server with the lowest score, Traefik's {@code responseTime x (1 + inFlight) / weight},
 * from each server's decayed time to response headers. Equal scores go to fewer requests in flight, then in
 * turn (the scan starts one server further on every pick). A server without a response yet scores 0, so new
 * servers are tried first, as in Traefik. O(servers) per pick.
 */
public final class LeastTime implements LoadBalancer {

    private final Server[] servers;
    private final double[] inverseWeights;
    private final AtomicInteger rotation = new AtomicInteger();

    public LeastTime(List<Server> servers) {
        this.servers = Pickable.of(servers);
        this.inverseWeights = new double[this.servers.length];
        for (int i = 0; i < this.servers.length; i++) {
            inverseWeights[i] = 1.0 / this.servers[i].weight();
        }
    }

    @Override
    public Server pick(HttpServerExchange exchange, TriedServers tried) {
        Server[] all = servers;
        int n = all.length;
        if (n == 0) {
            return null;
        }
        int start = n == 1 ? 0 : Math.floorMod(rotation.getAndIncrement(), n);
        Server best = null;
        double bestScore = 0;
        int bestInFlight = 0;
        for (int k = 0, i = start; k < n; k++) {
            Server server = all[i];
            if (LoadBalancer.eligible(server, tried)) {
                int inFlight = server.inFlight();
                double score = (double) server.responseTimeNanos() * (1 + inFlight) * inverseWeights[i];
                if (best == null || score < bestScore || (score == bestScore && inFlight < bestInFlight)) {
                    best = server;
                    bestScore = score;
                    bestInFlight = inFlight;
                }
            }
            if (++i == n) {
                i = 0;
            }
        }
        return best;
    }
}
