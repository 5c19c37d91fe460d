package io.gatehouse.core.service.balance;

import io.gatehouse.core.service.LoadBalancer;
import io.gatehouse.core.service.Server;
import io.gatehouse.core.service.TriedServers;
import io.undertow.server.HttpServerExchange;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code wrr}: smooth weighted round robin (nginx's algorithm), so weights (5,1,1) give a a b a c a a, never
 * a a a a a b c. The whole period is computed once, when the configuration is built; a pick is one atomic
 * increment and an array read. A pick that lands on an unavailable (or already tried) server takes the next
 * position of the shared sequence, so the eligible servers keep their relative shares; after a bounded number of
 * misses (most servers out) it takes the first eligible server in turn.
 */
public final class WeightedRoundRobin implements LoadBalancer {

    /** Bound on the build work (period x servers); larger weight sets are scaled down proportionally. */
    static final long MAX_BUILD_STEPS = 1L << 24;

    private final Server[] servers;
    private final int[] sequence;
    private final int probes;
    private final AtomicLong next = new AtomicLong();

    public WeightedRoundRobin(List<Server> servers) {
        this.servers = Pickable.of(servers);
        this.sequence = smoothSequence(this.servers);
        // positions are spread over the period, so a few probes find an eligible server unless most are out
        this.probes = Math.max(16, 2 * this.servers.length + 2);
    }

    @Override
    public Server pick(HttpServerExchange exchange, TriedServers tried) {
        Server[] all = servers;
        if (all.length == 0) {
            return null;
        }
        int period = sequence.length;
        int start = 0;
        for (int k = 0; k < probes; k++) {
            start = (int) (next.getAndIncrement() % period);
            Server server = all[sequence[start]];
            if (LoadBalancer.eligible(server, tried)) {
                return server;
            }
        }
        for (int k = 0; k < all.length; k++) {
            Server server = all[(start + k) % all.length];
            if (LoadBalancer.eligible(server, tried)) {
                return server;
            }
        }
        return null;
    }

    /** One period of nginx's smooth weighted round robin over the servers' weights (reduced by their gcd). */
    static int[] smoothSequence(Server[] servers) {
        int n = servers.length;
        if (n == 0) {
            return new int[0];
        }
        long[] weights = new long[n];
        for (int i = 0; i < n; i++) {
            weights[i] = servers[i].weight();
        }
        reduce(weights);
        long total = sum(weights);
        if (total * n > MAX_BUILD_STEPS) {
            long limit = Math.max(n, MAX_BUILD_STEPS / n);
            for (int i = 0; i < n; i++) {
                weights[i] = Math.max(1, Math.round((double) weights[i] * limit / total));
            }
            reduce(weights);
            total = sum(weights);
        }
        int[] sequence = new int[(int) total];
        long[] current = new long[n];
        for (int step = 0; step < sequence.length; step++) {
            int best = 0;
            for (int i = 0; i < n; i++) {
                current[i] += weights[i];
                if (current[i] > current[best]) {
                    best = i;
                }
            }
            current[best] -= total;
            sequence[step] = best;
        }
        return sequence;
    }

    private static void reduce(long[] weights) {
        long gcd = 0;
        for (long w : weights) {
            gcd = gcd(gcd, w);
        }
        for (int i = 0; i < weights.length; i++) {
            weights[i] /= gcd;
        }
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    private static long sum(long[] weights) {
        long total = 0;
        for (long w : weights) {
            total += w;
        }
        return total;
    }
}
