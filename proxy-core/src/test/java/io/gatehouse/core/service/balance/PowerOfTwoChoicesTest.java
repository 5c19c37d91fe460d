package io.gatehouse.core.service.balance;

import io.gatehouse.core.service.Server;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.gatehouse.core.service.balance.Servers.counts;
import static io.gatehouse.core.service.balance.Servers.tried;
import static io.gatehouse.core.service.balance.Servers.weighted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PowerOfTwoChoicesTest {

    @Test
    void idleServersShareEvenly() {
        Map<String, Integer> counts = counts(new PowerOfTwoChoices(weighted(1, 1, 1), RandomSource.seeded(42)), 10_000, null);
        for (String name : List.of("a", "b", "c")) {
            assertThat(counts.get(name) / 10_000.0).as(name).isCloseTo(1 / 3.0, within(0.03));
        }
    }

    @Test
    void theBusiestServerNeverWinsADraw() {
        List<Server> servers = weighted(1, 1, 1);
        for (int i = 0; i < 5; i++) {
            servers.get(0).requestStarted();
        }
        Map<String, Integer> counts = counts(new PowerOfTwoChoices(servers, RandomSource.seeded(7)), 10_000, null);
        assertThat(counts).doesNotContainKey("a");
        assertThat(counts.get("b") / 10_000.0).isCloseTo(0.5, within(0.03));
    }

    @Test
    void fewerInFlightWinsInProportion() {
        // a: 0 in flight, b: 1, c: 2. a wins every draw it is in (2/3 of draws), b wins the b-c draws (1/3).
        List<Server> servers = weighted(1, 1, 1);
        servers.get(1).requestStarted();
        servers.get(2).requestStarted();
        servers.get(2).requestStarted();
        Map<String, Integer> counts = counts(new PowerOfTwoChoices(servers, RandomSource.seeded(3)), 10_000, null);
        assertThat(counts.get("a") / 10_000.0).isCloseTo(2 / 3.0, within(0.03));
        assertThat(counts.get("b") / 10_000.0).isCloseTo(1 / 3.0, within(0.03));
        assertThat(counts).doesNotContainKey("c");
        servers.get(2).requestEnded();
        servers.get(2).requestEnded();
        assertThat(servers.get(2).inFlight()).isZero();
    }

    @Test
    void drainedAndTriedServersAreNeverPicked() {
        List<Server> servers = weighted(1, 0, 1, 1);
        PowerOfTwoChoices p2c = new PowerOfTwoChoices(servers, RandomSource.seeded(1));
        Map<String, Integer> counts = counts(p2c, 10_000, tried(servers.get(0)));
        assertThat(counts).containsOnlyKeys("c", "d");
        assertThat(counts.get("c") / 10_000.0).isCloseTo(0.5, within(0.03));
        assertThat(p2c.pick(null, tried(servers.get(0), servers.get(2), servers.get(3)))).isNull();
    }

    @Test
    void oneOrNoServer() {
        List<Server> one = weighted(1);
        assertThat(new PowerOfTwoChoices(one, RandomSource.seeded(1)).pick(null, null)).isSameAs(one.get(0));
        assertThat(new PowerOfTwoChoices(one, RandomSource.seeded(1)).pick(null, tried(one.get(0)))).isNull();
        assertThat(new PowerOfTwoChoices(List.of(), RandomSource.seeded(1)).pick(null, null)).isNull();
    }

    @Test
    void mostServersTriedStillFindsTheLastOne() {
        List<Server> servers = weighted(1, 1, 1, 1, 1, 1, 1, 1, 1, 1);
        Server[] allButLast = servers.subList(0, 9).toArray(Server[]::new);
        PowerOfTwoChoices p2c = new PowerOfTwoChoices(servers, RandomSource.seeded(5));
        for (int i = 0; i < 100; i++) {
            assertThat(p2c.pick(null, tried(allButLast))).isSameAs(servers.get(9));
        }
    }
}
