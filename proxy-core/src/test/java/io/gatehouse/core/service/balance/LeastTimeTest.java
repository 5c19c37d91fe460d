package io.gatehouse.core.service.balance;

import io.gatehouse.core.service.Server;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

import static io.gatehouse.core.service.balance.Servers.counts;
import static io.gatehouse.core.service.balance.Servers.name;
import static io.gatehouse.core.service.balance.Servers.sequence;
import static io.gatehouse.core.service.balance.Servers.tried;
import static io.gatehouse.core.service.balance.Servers.weighted;
import static org.assertj.core.api.Assertions.assertThat;

class LeastTimeTest {

    static final long MS = 1_000_000;

    @Test
    void newServersAreTakenInTurn() {
        assertThat(sequence(new LeastTime(weighted(1, 1, 1)), 6)).isEqualTo("abcabc");
    }

    @Test
    void theFastestServerWins() {
        List<Server> servers = weighted(1, 1, 1);
        servers.get(0).recordResponseTime(30 * MS);
        servers.get(1).recordResponseTime(10 * MS);
        servers.get(2).recordResponseTime(20 * MS);
        assertThat(counts(new LeastTime(servers), 100, null)).containsOnlyKeys("b");
    }

    @Test
    void requestsInFlightWeighOnTheScore() {
        // score = time x (1 + in flight) / weight: b 10 x 3 = 30 > c 20 x 1 = 20
        List<Server> servers = weighted(1, 1, 1);
        servers.get(0).recordResponseTime(30 * MS);
        servers.get(1).recordResponseTime(10 * MS);
        servers.get(2).recordResponseTime(20 * MS);
        servers.get(1).requestStarted();
        servers.get(1).requestStarted();
        assertThat(name(new LeastTime(servers).pick(null, null))).isEqualTo("c");
    }

    @Test
    void weightDividesTheScore() {
        List<Server> servers = weighted(1, 4);
        servers.get(0).recordResponseTime(10 * MS);
        servers.get(1).recordResponseTime(30 * MS); // 30 / 4 < 10
        assertThat(name(new LeastTime(servers).pick(null, null))).isEqualTo("b");
    }

    @Test
    void equalScoresGoToFewerInFlight() {
        List<Server> servers = weighted(1, 1);
        servers.get(0).recordResponseTime(10 * MS);
        servers.get(1).recordResponseTime(5 * MS);
        servers.get(1).requestStarted(); // 5 x 2 = 10 x 1
        assertThat(counts(new LeastTime(servers), 10, null)).containsOnlyKeys("a");
    }

    @Test
    void responseTimeDecays() {
        Server server = weighted(1).get(0);
        server.recordResponseTime(100 * MS);
        assertThat(server.responseTimeNanos()).isEqualTo(100 * MS);
        for (int i = 0; i < 100; i++) {
            server.recordResponseTime(10 * MS);
        }
        assertThat(server.responseTimeNanos()).isBetween(10 * MS, 11 * MS);
    }

    @Test
    void triedAndDrainedServersAreSkipped() {
        List<Server> servers = weighted(1, 0, 1);
        servers.get(0).recordResponseTime(MS);
        servers.get(2).recordResponseTime(50 * MS);
        LeastTime leastTime = new LeastTime(servers);
        assertThat(counts(leastTime, 10, tried(servers.get(0)))).containsOnlyKeys("c");
        assertThat(leastTime.pick(null, tried(servers.get(0), servers.get(2)))).isNull();
    }

    /**
     * 10,000 requests, 8 at a time, against servers answering in about 10, 20 and 40 ms (seeded jitter), simulated
     * on a virtual clock: the faster a server, the larger its share, and the slow one still gets some traffic.
     */
    @Test
    void simulatedLoadFavoursFasterServers() {
        List<Server> servers = weighted(1, 1, 1);
        long[] meanMs = {10, 20, 40};
        LeastTime leastTime = new LeastTime(servers);
        SplittableRandom random = new SplittableRandom(99);
        record Done(long at, Server server, long took) {
        }
        PriorityQueue<Done> running = new PriorityQueue<>((x, y) -> Long.compare(x.at(), y.at()));
        Map<String, Integer> counts = new HashMap<>();
        long now = 0;
        for (int i = 0; i < 10_000; i++) {
            if (running.size() == 8) {
                Done done = running.poll();
                now = done.at();
                done.server().recordResponseTime(done.took());
                done.server().requestEnded();
            }
            Server server = leastTime.pick(null, null);
            counts.merge(name(server), 1, Integer::sum);
            server.requestStarted();
            long took = (long) (meanMs[server.index()] * MS * (0.5 + random.nextDouble()));
            running.add(new Done(now + took, server, took));
        }
        double fast = counts.get("a") / 10_000.0;
        double middle = counts.get("b") / 10_000.0;
        double slow = counts.get("c") / 10_000.0;
        assertThat(fast).isGreaterThan(middle).isGreaterThan(0.45);
        assertThat(middle).isGreaterThan(slow);
        assertThat(slow).isGreaterThan(0.02).isLessThan(0.2);
    }
}
