package io.gatehouse.core.service.balance;

import io.gatehouse.core.service.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static io.gatehouse.core.service.balance.Servers.counts;
import static io.gatehouse.core.service.balance.Servers.sequence;
import static io.gatehouse.core.service.balance.Servers.tried;
import static io.gatehouse.core.service.balance.Servers.weighted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class WeightedRoundRobinTest {

    @Test
    void equalWeightsAlternate() {
        assertThat(sequence(new WeightedRoundRobin(weighted(1, 1)), 6)).isEqualTo("ababab");
    }

    @Test
    void fiveOneOneIsSmoothAsNginx() {
        assertThat(sequence(new WeightedRoundRobin(weighted(5, 1, 1)), 14)).isEqualTo("aabacaa" + "aabacaa");
    }

    @Test
    void weightZeroIsNeverPicked() {
        assertThat(sequence(new WeightedRoundRobin(weighted(3, 0, 1)), 8)).isEqualTo("aaca" + "aaca");
    }

    @Test
    void scaledWeightsGiveTheSameSequence() {
        assertThat(sequence(new WeightedRoundRobin(weighted(50, 10, 10)), 14)).isEqualTo("aabacaa" + "aabacaa");
    }

    @Test
    void canaryNinetyTenIsExactOverWholePeriods() {
        Map<String, Integer> counts = counts(new WeightedRoundRobin(weighted(90, 10)), 10_000, null);
        assertThat(counts).containsEntry("a", 9000).containsEntry("b", 1000);
        // and smooth: the canary never waits more than ten picks
        String picks = sequence(new WeightedRoundRobin(weighted(90, 10)), 100);
        assertThat(picks).doesNotContain("a".repeat(10));
    }

    @Test
    void allDrainedOrNoServersPickNothing() {
        assertThat(new WeightedRoundRobin(weighted(0, 0)).pick(null, null)).isNull();
        assertThat(new WeightedRoundRobin(List.of()).pick(null, null)).isNull();
    }

    @Test
    void triedServersAreSkippedAndTheOthersKeepTheirShares() {
        List<Server> servers = weighted(5, 1, 1);
        WeightedRoundRobin wrr = new WeightedRoundRobin(servers);
        Map<String, Integer> counts = counts(wrr, 7000, tried(servers.get(0)));
        assertThat(counts).doesNotContainKey("a");
        assertThat(counts.get("b") + counts.get("c")).isEqualTo(7000);
        assertThat((double) counts.get("b") / 7000).isCloseTo(0.5, within(0.05));
        assertThat(wrr.pick(null, tried(servers.toArray(Server[]::new)))).isNull();
    }

    @Test
    void hugeWeightsAreScaledButKeepTheirProportions() {
        int[] weights = new int[1000];
        java.util.Arrays.fill(weights, 1_000_000);
        weights[0] = 3_000_000; // 3x the others, total far above the build bound
        weights[1] = 7;          // tiny but non-zero: still picked
        WeightedRoundRobin wrr = new WeightedRoundRobin(weighted(weights));
        Map<String, Integer> counts = counts(wrr, 1001 * 100, null);
        int a = counts.get("a");
        int other = counts.get(String.valueOf((char) ('a' + 2)));
        assertThat((double) a / other).isCloseTo(3.0, within(0.2));
        assertThat(WeightedRoundRobin.smoothSequence(weighted(weights).toArray(Server[]::new)).length)
                .isLessThanOrEqualTo((int) (WeightedRoundRobin.MAX_BUILD_STEPS / 1000) + 1000);
    }

    @Test
    @Timeout(60)
    void concurrentPicksStillGiveExactSharesOverWholePeriods() throws Exception {
        WeightedRoundRobin wrr = new WeightedRoundRobin(weighted(5, 1, 1));
        Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 7 * 2500; i++) {
                    counts.computeIfAbsent(Servers.name(wrr.pick(null, null)), k -> new AtomicInteger()).incrementAndGet();
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(counts.get("a").get()).isEqualTo(4 * 5 * 2500);
        assertThat(counts.get("b").get()).isEqualTo(4 * 2500);
        assertThat(counts.get("c").get()).isEqualTo(4 * 2500);
    }
}
