package io.gatehouse.core.service.composite;

import io.gatehouse.core.config.HighestRandomWeightConfig;
import io.gatehouse.core.config.LoadBalancerConfig;
import io.gatehouse.core.config.ServerConfig;
import io.gatehouse.core.service.LoadBalancedService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class HighestRandomWeightServiceTest {

    private final CompositeHarness h = new CompositeHarness();

    @AfterEach
    void close() throws Exception {
        h.close();
    }

    private static LoadBalancedService service(String name, String... urls) throws Exception {
        return LoadBalancedService.create(name, new LoadBalancerConfig(
                java.util.Arrays.stream(urls).map(ServerConfig::of).toList(), true, null, null), null);
    }

    private static byte[] randomIp(Random random) {
        byte[] ip = new byte[4];
        random.nextBytes(ip);
        return ip;
    }

    @Test
    void clientsSpreadByWeightWithinTolerance() throws Exception {
        LoadBalancedService a = service("a@file", "http://127.0.0.1:1");
        LoadBalancedService b = service("b@file", "http://127.0.0.1:2");
        HighestRandomWeightService hrw = new HighestRandomWeightService("hrw@file",
                new HighestRandomWeightConfig(List.of(), false), List.of(Child.of(a, 1), Child.of(b, 3)));
        Random random = new Random(42);
        int[] counts = new int[2];
        for (int i = 0; i < 10_000; i++) {
            counts[hrw.pick(randomIp(random))]++;
        }
        assertThat(counts[0]).isBetween(2250, 2750); // expected 2,500
        assertThat(counts[1]).isBetween(7250, 7750);
    }

    @Test
    void aClientKeepsItsChildAndRemovingAChildMovesOnlyItsClients() throws Exception {
        LoadBalancedService a = service("a@file", "http://127.0.0.1:1");
        LoadBalancedService b = service("b@file", "http://127.0.0.1:2");
        LoadBalancedService c = service("c@file", "http://127.0.0.1:3");
        HighestRandomWeightConfig config = new HighestRandomWeightConfig(List.of(), false);
        HighestRandomWeightService three = new HighestRandomWeightService("hrw", config,
                List.of(Child.of(a, 1), Child.of(b, 1), Child.of(c, 1)));
        HighestRandomWeightService two = new HighestRandomWeightService("hrw", config,
                List.of(Child.of(a, 1), Child.of(b, 1)));
        Random random = new Random(7);
        int moved = 0;
        for (int i = 0; i < 3000; i++) {
            byte[] ip = randomIp(random);
            int before = three.pick(ip);
            assertThat(three.pick(ip)).isEqualTo(before);
            int after = two.pick(ip);
            if (before != 2) {
                assertThat(after).isEqualTo(before);
            } else {
                moved++;
            }
        }
        assertThat(moved).isBetween(800, 1200); // c's third
    }

    @Test
    void throughGatehouseAClientSticksToOneChildAndDownChildrenAreLeftOut() throws Exception {
        String yaml = """
                http:
                  routers:
                    web: {rule: "PathPrefix(`/`)", service: hrw}
                  services:
                    hrw:
                      highestRandomWeight:
                        healthCheck: {}
                        services: [{name: a, weight: 2}, {name: b}]
                    a: {loadBalancer: {servers: [%s]}}
                    b: {loadBalancer: {servers: [%s]}}
                """;
        String a = "{url: \"" + h.backend("a") + "\"}";
        String b = "{url: \"" + h.backend("b") + "\"}";
        h.apply(yaml.formatted(a, b));
        String first = h.get("/").body();
        for (int i = 0; i < 10; i++) {
            assertThat(h.get("/").body()).isEqualTo(first);
        }
        // Take the chosen child's servers away: the other one takes over.
        h.apply(first.equals("a") ? yaml.formatted("", b) : yaml.formatted(a, ""));
        String second = h.get("/").body();
        assertThat(second).isNotEqualTo(first).isIn("a", "b");
        h.apply(yaml.formatted("", ""));
        assertThat(h.get("/").statusCode()).isEqualTo(503);
    }
}
