package io.gatehouse.core.service.balance;

import io.gatehouse.core.service.Server;
import io.undertow.server.HttpServerExchange;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static io.gatehouse.core.service.balance.Servers.name;
import static io.gatehouse.core.service.balance.Servers.tried;
import static io.gatehouse.core.service.balance.Servers.weighted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class HighestRandomWeightTest {

    static String randomIp(SplittableRandom random) {
        return "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256);
    }

    static Map<String, Integer> counts(HighestRandomWeight hrw, int clients, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < clients; i++) {
            counts.merge(name(hrw.pick(randomIp(random), null)), 1, Integer::sum);
        }
        return counts;
    }

    @Test
    void picksWhatTraefiksHashingPicks() {
        // expected winners computed independently from Traefik's formula: weight / -ln(fnv1a64(ip + url) / 2^64)
        HighestRandomWeight hrw = new HighestRandomWeight(weighted(1, 1, 1));
        Map<String, String> expected = Map.of("10.0.0.1", "a", "10.0.0.2", "c", "10.0.0.3", "b", "10.0.0.4", "a",
                "10.0.0.5", "b", "10.0.0.6", "c", "10.0.0.7", "c", "10.0.0.8", "b", "10.0.0.10", "b");
        expected.forEach((ip, server) -> assertThat(name(hrw.pick(ip, null))).as(ip).isEqualTo(server));
        assertThat(HighestRandomWeight.score(0xcbf29ce484222325L, "10.0.0.1http://a.internal:8080".getBytes(), 1))
                .isCloseTo(61.205559, within(1e-5));
    }

    @Test
    void theEqualWeightShortcutPicksWhatTheScoresPick() {
        List<Server> servers = weighted(1, 1, 1, 1, 1);
        HighestRandomWeight hrw = new HighestRandomWeight(servers);
        SplittableRandom random = new SplittableRandom(8);
        for (int i = 0; i < 2000; i++) {
            String ip = randomIp(random);
            long prefix = 0xcbf29ce484222325L;
            for (char ch : ip.toCharArray()) {
                prefix = (prefix ^ ch) * 0x100000001b3L;
            }
            Server best = null;
            double bestScore = 0;
            for (Server server : servers) {
                double score = HighestRandomWeight.score(prefix, server.url().getBytes(), 1);
                if (best == null || score > bestScore) {
                    best = server;
                    bestScore = score;
                }
            }
            assertThat(hrw.pick(ip, null)).as(ip).isSameAs(best);
        }
    }

    @Test
    void aClientAlwaysGetsTheSameServer() {
        HighestRandomWeight hrw = new HighestRandomWeight(weighted(1, 1, 1, 1));
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 1000; i++) {
            String ip = randomIp(random);
            Server first = hrw.pick(ip, null);
            assertThat(hrw.pick(ip, null)).isSameAs(first);
        }
    }

    @Test
    void equalWeightsShareEvenly() {
        Map<String, Integer> counts = counts(new HighestRandomWeight(weighted(1, 1, 1)), 10_000, 1);
        for (String name : List.of("a", "b", "c")) {
            assertThat(counts.get(name) / 10_000.0).as(name).isCloseTo(1 / 3.0, within(0.03));
        }
    }

    @Test
    void weightsShareInProportion() {
        Map<String, Integer> counts = counts(new HighestRandomWeight(weighted(3, 1)), 10_000, 2);
        assertThat(counts.get("a") / 10_000.0).isCloseTo(0.75, within(0.03));
    }

    @Test
    void canaryNinetyTen() {
        Map<String, Integer> counts = counts(new HighestRandomWeight(weighted(90, 10)), 10_000, 3);
        assertThat(counts.get("b") / 10_000.0).isCloseTo(0.10, within(0.02));
    }

    @Test
    void removingAServerMovesOnlyItsClients() {
        List<Server> four = weighted(1, 1, 1, 1);
        HighestRandomWeight before = new HighestRandomWeight(four);
        HighestRandomWeight after = new HighestRandomWeight(four.subList(0, 3));
        SplittableRandom random = new SplittableRandom(4);
        int moved = 0;
        for (int i = 0; i < 10_000; i++) {
            String ip = randomIp(random);
            Server was = before.pick(ip, null);
            Server now = after.pick(ip, null);
            if (was != four.get(3)) {
                assertThat(now).isSameAs(was);
            } else {
                moved++;
            }
        }
        assertThat(moved / 10_000.0).isCloseTo(0.25, within(0.03));
    }

    @Test
    void aTriedServerGivesWayToTheNextBest() {
        List<Server> servers = weighted(1, 1, 1);
        HighestRandomWeight hrw = new HighestRandomWeight(servers);
        assertThat(name(hrw.pick("10.0.0.3", tried(servers.get(1))))).isEqualTo("c"); // b 55.1, c 17.0, a 4.2
        assertThat(hrw.pick("10.0.0.3", tried(servers.toArray(Server[]::new)))).isNull();
        assertThat(new HighestRandomWeight(weighted(0, 0)).pick("10.0.0.3", null)).isNull();
    }

    @Test
    void usesTheConnectionsPeerAddress() throws Exception {
        HighestRandomWeight hrw = new HighestRandomWeight(weighted(1, 1, 1));
        HttpServerExchange exchange = new HttpServerExchange(null);
        exchange.setSourceAddress(new InetSocketAddress(InetAddress.getByName("10.0.0.3"), 51234));
        assertThat(name(hrw.pick(exchange, null))).isEqualTo("b");
        exchange.setSourceAddress(new InetSocketAddress(InetAddress.getByName("10.0.0.2"), 1));
        assertThat(name(hrw.pick(exchange, null))).isEqualTo("c");
    }
}
