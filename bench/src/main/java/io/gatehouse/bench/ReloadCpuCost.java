package io.gatehouse.bench;

import io.gatehouse.core.config.DynamicConfig;
import io.gatehouse.core.middleware.MiddlewareTypes;
import io.gatehouse.core.server.Gatehouse;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Arrays;

/**
 * The CPU time a reload costs the configuration thread, which is what the targets bound (a full
 * rebuild of 10,000 routers and services under 250 ms of CPU, a one-route change under 20 ms). Wall
 * time (ReloadBenchmark) also counts whatever else the machine runs; CPU time does not. The work of
 * retiring the old services is included. Run:
 * {@code java -cp bench/target/benchmarks.jar io.gatehouse.bench.ReloadCpuCost [routes] [rounds]}.
 */
public final class ReloadCpuCost {

    private ReloadCpuCost() {
    }

    public static void main(String[] args) throws Exception {
        int routes = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        ReloadBenchmark.BenchProvider provider = new ReloadBenchmark.BenchProvider();
        try (Gatehouse gatehouse = Gatehouse.builder().ioThreads(1).entryPoint("web", "127.0.0.1:0")
                .middlewareTypes(MiddlewareTypes.none())
                .providersThrottleDuration(Duration.ZERO)
                .removedRouteGracePeriod(Duration.ZERO)
                .provider(provider)
                .build()) {
            DynamicConfig[] full = {ReloadBenchmark.configuration(routes, "a", -1), ReloadBenchmark.configuration(routes, "b", -1)};
            DynamicConfig[] oneRoute = {ReloadBenchmark.configuration(routes, "c", 0), ReloadBenchmark.configuration(routes, "c", 1)};
            apply(gatehouse, provider, full[1]); // starts the config thread
            Thread configThread = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().equals("gatehouse-config")).findFirst().orElseThrow();
            if (System.getProperty("oneRouteOnly") == null) {
                report("full rebuild", measure(gatehouse, provider, configThread, full, rounds), routes);
            }
            report("one-route change", measure(gatehouse, provider, configThread, oneRoute, rounds), routes);
        }
    }

    private static long[] measure(Gatehouse gatehouse, ReloadBenchmark.BenchProvider provider, Thread thread,
                                  DynamicConfig[] configs, int rounds) throws Exception {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long[] cpu = new long[rounds];
        for (int warmup = 0; warmup < rounds; warmup++) {
            apply(gatehouse, provider, configs[warmup & 1]);
        }
        for (int i = 0; i < rounds; i++) {
            long before = mx.getThreadCpuTime(thread.getId());
            apply(gatehouse, provider, configs[i & 1]);
            cpu[i] = mx.getThreadCpuTime(thread.getId()) - before;
        }
        return cpu;
    }

    private static void apply(Gatehouse gatehouse, ReloadBenchmark.BenchProvider provider, DynamicConfig config)
            throws InterruptedException {
        provider.sink.publish(config);
        if (!gatehouse.awaitConfigApplied(Duration.ofMinutes(5)) || !gatehouse.errors().isEmpty()) {
            throw new IllegalStateException("not applied: " + gatehouse.errors());
        }
        Thread.sleep(250); // lets the retired services close on the config thread, so their cost is counted
    }

    private static void report(String what, long[] cpuNanos, int routes) {
        long[] sorted = cpuNanos.clone();
        Arrays.sort(sorted);
        System.out.printf("%s at %d routes: CPU of the config thread median %.1f ms, min %.1f ms, max %.1f ms%n",
                what, routes, sorted[sorted.length / 2] / 1e6, sorted[0] / 1e6, sorted[sorted.length - 1] / 1e6);
    }
}
