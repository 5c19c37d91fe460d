package io.gatehouse.bench;

import io.gatehouse.core.routing.Route;
import io.gatehouse.core.routing.RouteTable;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;

/**
 * Building a 10,000-route table, in the thread's CPU time (on a shared machine, wall time mostly
 * measures the other processes): the median of 30 builds after 10 warm-up ones, and the median of
 * 10 parse-and-build runs. Same routes as {@code RouteTableBuildBenchmark}.
 */
public final class RouteTableBuildCpu {

    private RouteTableBuildCpu() {
    }

    public static void main(String[] args) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        List<Route> routes = RouteFixtures.routes(10_000);
        double[] build = new double[30];
        long sink = 0;
        for (int i = -10; i < build.length; i++) {
            long start = threads.getCurrentThreadCpuTime();
            sink += RouteTable.build(routes).size();
            if (i >= 0) {
                build[i] = (threads.getCurrentThreadCpuTime() - start) / 1e6;
            }
        }
        double[] parseAndBuild = new double[10];
        for (int i = 0; i < parseAndBuild.length; i++) {
            long start = threads.getCurrentThreadCpuTime();
            sink += RouteTable.build(RouteFixtures.routes(10_000)).size();
            parseAndBuild[i] = (threads.getCurrentThreadCpuTime() - start) / 1e6;
        }
        Arrays.sort(build);
        Arrays.sort(parseAndBuild);
        System.out.printf("10,000 routes, CPU ms: build median %.1f (min %.1f, max %.1f); parse and build median %.1f"
                        + " (max %.1f); checksum %d%n", build[build.length / 2], build[0], build[build.length - 1],
                parseAndBuild[parseAndBuild.length / 2], parseAndBuild[parseAndBuild.length - 1], sink);
    }
}
