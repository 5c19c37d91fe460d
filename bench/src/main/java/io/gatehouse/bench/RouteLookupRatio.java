package io.gatehouse.bench;

import io.gatehouse.core.routing.Route;
import io.gatehouse.core.routing.RouteTable;
import io.gatehouse.core.rule.MatchInput;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * The route lookup's size ratios on a shared, noisy machine: the table sizes are measured in short
 * alternating batches within one JVM, so a burst of foreign load hits every size alike, and the
 * ratios are the median of the per-round ratios. Batches are timed in the thread's CPU time, so time
 * spent descheduled by other processes does not count (their eviction of our cache lines still
 * does). Same tables and requests as {@code RouteLookupBenchmark} (uniform traffic).
 * Usage: {@code RouteLookupRatio [rounds] [lookupsPerBatch]}.
 */
public final class RouteLookupRatio {

    private static final int[] SIZES = {10, 1_000, 10_000};

    private RouteLookupRatio() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int lookups = args.length > 1 ? Integer.parseInt(args[1]) : 2_000_000;
        RouteTable[] tables = new RouteTable[SIZES.length];
        MatchInput[][] requests = new MatchInput[SIZES.length][];
        for (int s = 0; s < SIZES.length; s++) {
            tables[s] = RouteTable.build(RouteFixtures.routes(SIZES[s]));
            requests[s] = RouteFixtures.requests(SIZES[s], 1 << 14, 42);
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long sink = 0;
        for (int warm = 0; warm < 5; warm++) {
            for (int s = 0; s < SIZES.length; s++) {
                sink += run(tables[s], requests[s], lookups);
            }
        }
        double[][] ns = new double[SIZES.length][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int step = 0; step < SIZES.length; step++) {
                int s = (r + step) % SIZES.length; // rotate which size goes first
                long start = threads.getCurrentThreadCpuTime();
                sink += run(tables[s], requests[s], lookups);
                ns[s][r] = (threads.getCurrentThreadCpuTime() - start) / (double) lookups;
            }
        }
        System.out.printf("rounds %d, %,d lookups per batch (checksum %d)%n", rounds, lookups, sink);
        for (int s = 0; s < SIZES.length; s++) {
            double[] ratio = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                ratio[r] = ns[s][r] / ns[0][r];
            }
            System.out.printf("%,6d routes: median %.1f ns/lookup (min %.1f), ratio to 10 routes: median %.2f"
                            + " (quartiles %.2f-%.2f)%n",
                    SIZES[s], median(ns[s]), Arrays.stream(ns[s]).min().orElse(0), median(ratio),
                    quantile(ratio, 0.25), quantile(ratio, 0.75));
        }
    }

    private static long run(RouteTable table, MatchInput[] requests, int lookups) {
        long sink = 0;
        int mask = requests.length - 1;
        for (int n = 0; n < lookups; n++) {
            Route route = table.lookup(requests[n & mask]);
            sink += route == null ? 1 : 2; // the route itself is not read, as in RouteLookupBenchmark
        }
        return sink;
    }

    private static double median(double[] values) {
        return quantile(values, 0.5);
    }

    private static double quantile(double[] values, double q) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.round(q * (sorted.length - 1))];
    }
}
