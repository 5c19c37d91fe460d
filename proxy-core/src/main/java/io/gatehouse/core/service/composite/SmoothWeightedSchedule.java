package io.gatehouse.core.service.composite;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * The order of a smooth weighted round robin (nginx's algorithm, the order Traefik's EDF balancer also gives),
 * computed once when the service is built: picking is then an array read at a counter, lock-free. Weights (0 left
 * out) are divided by their greatest common divisor; a cycle longer than {@link #MAX_LENGTH} is scaled down
 * proportionally, every positive weight keeping at least one slot.
 */
final class SmoothWeightedSchedule {

    static final int MAX_LENGTH = 10_000;

    private SmoothWeightedSchedule() {
    }

    /** Indexes into {@code weights}, one cycle long; empty when no weight is positive. */
    static int[] of(int[] weights) {
        int[] w = reduce(weights);
        long total = Arrays.stream(w).asLongStream().sum();
        int[] order = new int[(int) total];
        long[] current = new long[w.length];
        for (int slot = 0; slot < order.length; slot++) {
            int best = -1;
            for (int i = 0; i < w.length; i++) {
                if (w[i] == 0) {
                    continue;
                }
                current[i] += w[i];
                if (best < 0 || current[i] > current[best]) {
                    best = i;
                }
            }
            current[best] -= total;
            order[slot] = best;
        }
        return order;
    }

    private static int[] reduce(int[] weights) {
        int[] w = new int[weights.length];
        int gcd = 0;
        long total = 0;
        for (int i = 0; i < weights.length; i++) {
            w[i] = Math.max(0, weights[i]);
            if (w[i] > 0) {
                gcd = BigInteger.valueOf(gcd).gcd(BigInteger.valueOf(w[i])).intValue();
            }
        }
        if (gcd == 0) {
            return w;
        }
        for (int i = 0; i < w.length; i++) {
            w[i] /= gcd;
            total += w[i];
        }
        if (total > MAX_LENGTH) {
            for (int i = 0; i < w.length; i++) {
                if (w[i] > 0) {
                    w[i] = (int) Math.max(1, w[i] * (long) (MAX_LENGTH - w.length) / total);
                }
            }
        }
        return w;
    }
}
