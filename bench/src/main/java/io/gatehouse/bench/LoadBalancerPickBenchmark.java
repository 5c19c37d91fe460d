package io.gatehouse.bench;

import io.gatehouse.core.service.LoadBalancer;
import io.gatehouse.core.service.Server;
import io.gatehouse.core.service.balance.RandomSource;
import io.gatehouse.core.service.balance.Strategies;
import io.undertow.server.HttpServerExchange;
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

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The cost of one pick per strategy and service size (must: under 100 ns at 1,000 servers for wrr and p2c).
 * Servers weigh 1 to 10 and carry 0 to 3 requests in flight and response times of 1 to 50 ms (seeded), so p2c and
 * leasttime compare real numbers; picks rotate over 256 client addresses, which only hrw reads.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class LoadBalancerPickBenchmark {

    @Param({"wrr", "p2c", "hrw", "leasttime"})
    public String strategy;

    @Param({"2", "100", "1000"})
    public int servers;

    private LoadBalancer balancer;
    private HttpServerExchange[] clients;
    private int next;

    @Setup
    public void setUp() throws UnknownHostException {
        SplittableRandom random = new SplittableRandom(42);
        List<Server> list = new ArrayList<>();
        for (int i = 0; i < servers; i++) {
            Server server = Server.unconnected("http://10.1." + (i / 250) + "." + (i % 250 + 1) + ":8080", 1 + random.nextInt(10), i);
            for (int f = random.nextInt(4); f > 0; f--) {
                server.requestStarted();
            }
            server.recordResponseTime((1 + random.nextInt(50)) * 1_000_000L);
            list.add(server);
        }
        balancer = Strategies.create(strategy, list, RandomSource.THREAD_LOCAL);
        clients = new HttpServerExchange[256];
        for (int i = 0; i < clients.length; i++) {
            clients[i] = new HttpServerExchange(null);
            clients[i].setSourceAddress(new InetSocketAddress(
                    InetAddress.getByAddress(new byte[] {10, 9, (byte) random.nextInt(256), (byte) i}), 40000 + i));
        }
    }

    @Benchmark
    public Server pick() {
        return balancer.pick(clients[next++ & 255], null);
    }
}
