package io.gatehouse.bench;

import io.gatehouse.core.routing.Route;
import io.gatehouse.core.rule.MatchInput;
import io.gatehouse.core.rule.RuleParser;
import io.gatehouse.core.rule.RuleSyntaxException;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Realistic route sets for the benchmarks: mostly Host + PathPrefix routers (one per team service),
 * some wildcard hosts, and a few host-less PathPrefix routers, as a multi-tenant edge has them.
 */
final class RouteFixtures {

    private RouteFixtures() {
    }

    static List<Route> routes(int count) {
        List<Route> routes = new ArrayList<>(count);
        try {
            for (int i = 0; i < count; i++) {
                String rule;
                if (i % 50 == 7) {
                    rule = "PathPrefix(`/shared/" + i + "`)";
                } else if (i % 20 == 3) {
                    rule = "Host(`*.tenant-" + i + ".example.com`) && PathPrefix(`/`)";
                } else {
                    rule = "Host(`" + host(i) + "`) && PathPrefix(`/api/v" + (i % 3 + 1) + "`)";
                }
                var parsed = RuleParser.parse(rule);
                routes.add(new Route("router-" + i, parsed, parsed.defaultPriority(), exchange -> { }));
            }
        } catch (RuleSyntaxException e) {
            throw new IllegalStateException(e);
        }
        return routes;
    }

    static String host(int i) {
        return "orders-" + i + ".svc.example.com";
    }

    /** Requests that hit routers spread uniformly over the whole table. */
    static MatchInput[] requests(int routeCount, int n, long seed) {
        return requests(routeCount, n, seed, routeCount);
    }

    /**
     * Requests that hit {@code distinct} routers picked at random from the table: real traffic is
     * skewed towards a hot set, which stays in the CPU caches whatever the table's size.
     */
    static MatchInput[] requests(int routeCount, int n, long seed, int distinct) {
        Random random = new Random(seed);
        int[] hot = new int[Math.min(distinct, routeCount)];
        for (int h = 0; h < hot.length; h++) {
            hot[h] = hot.length == routeCount ? h : random.nextInt(routeCount);
        }
        MatchInput[] requests = new MatchInput[n];
        for (int k = 0; k < n; k++) {
            int i = hot[random.nextInt(hot.length)];
            if (i % 50 == 7) {
                requests[k] = new Request("www.example.com", "/shared/" + i + "/x");
            } else if (i % 20 == 3) {
                requests[k] = new Request("app.tenant-" + i + ".example.com", "/home");
            } else {
                requests[k] = new Request(host(i), "/api/v" + (i % 3 + 1) + "/orders/42");
            }
        }
        return requests;
    }

    /** A request as the router sees it, with its facts already normalized. */
    record Request(String host, String path) implements MatchInput {

        @Override
        public String method() {
            return "GET";
        }

        @Override
        public List<String> headerValues(String name) {
            return List.of();
        }

        @Override
        public List<String> queryValues(String name) {
            return List.of();
        }

        @Override
        public boolean hasQueryParameter(String name) {
            return false;
        }

        @Override
        public InetAddress clientAddress() {
            return InetAddress.getLoopbackAddress();
        }
    }
}
