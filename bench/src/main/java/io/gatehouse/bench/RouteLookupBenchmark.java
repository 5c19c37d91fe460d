package io.gatehouse.bench;

import io.gatehouse.core.routing.Route;
import io.gatehouse.core.routing.RouteTable;
import io.gatehouse.core.rule.MatchInput;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Route lookup cost by table size: 10,000 routes must stay within 1.5x of 10. {@code traffic}
 * "uniform" spreads requests over every route (a worst case bound by CPU cache misses at 10,000
 * routes); "hot64" sends them to 64 routes picked at random, as skewed real traffic does. Both
 * use the same request mix at every size ({@link RouteFixtures#requests(int, int, long)}); the
 * returned route goes to JMH's blackhole.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RouteLookupBenchmark {

    @Param({"10", "1000", "10000"})
    public int routes;

    @Param({"uniform", "hot64"})
    public String traffic;

    /** More than the largest table has routes: uniform traffic reaches about 80% of 10,000 routes. */
    private static final int REQUESTS = 1 << 14;

    private RouteTable table;
    private MatchInput[] requests;
    private int next;

    @Setup
    public void setUp() {
        table = RouteTable.build(RouteFixtures.routes(routes));
        requests = traffic.equals("hot64")
                ? RouteFixtures.requests(routes, REQUESTS, 42, 64)
                : RouteFixtures.requests(routes, REQUESTS, 42);
        for (MatchInput request : requests) {
            if (table.lookup(request) == null) {
                throw new IllegalStateException("fixture request does not match: " + request);
            }
        }
    }

    @Benchmark
    public Route lookup() {
        MatchInput request = requests[next++ & (requests.length - 1)];
        return table.lookup(request);
    }
}
