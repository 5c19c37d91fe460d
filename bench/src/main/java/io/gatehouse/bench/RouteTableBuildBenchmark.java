package io.gatehouse.bench;

import io.gatehouse.core.routing.Route;
import io.gatehouse.core.routing.RouteTable;
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
 * Building a route table: must stay under 200 ms for 10,000 routes. {@code parseAndBuild} includes
 * compiling every rule, which is what a configuration reload pays.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RouteTableBuildBenchmark {

    @Param({"10000"})
    public int routes;

    private List<Route> parsed;

    @Setup
    public void setUp() {
        parsed = RouteFixtures.routes(routes);
    }

    @Benchmark
    public RouteTable build() {
        return RouteTable.build(parsed);
    }

    @Benchmark
    public RouteTable parseAndBuild() {
        return RouteTable.build(RouteFixtures.routes(routes));
    }
}
