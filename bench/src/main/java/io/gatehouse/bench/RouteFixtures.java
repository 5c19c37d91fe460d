package io.gatehouse.bench;

import io.gatehouse.core.routing.Route;
import io.gatehouse.core.rule.MatchInput;
import io.gatehouse.core.rule.RuleParser;
import io.gatehouse.core.rule.RuleSyntaxException;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
                if (kind(i) == SHARED) {
                    rule = "PathPrefix(`/shared/" + i + "`)";
                } else if (kind(i) == WILDCARD) {
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

    /**
     * Requests over the whole table: 93% to host + path routers, 5% to wildcard-host routers, 2% to
     * host-less ones (a large table's own mix, so at 10,000 routes this is uniform over all routes),
     * uniform within each kind; the same mix at every table size.
     */
    static MatchInput[] requests(int routeCount, int n, long seed) {
        return requests(routeCount, n, seed, Integer.MAX_VALUE);
    }

    /**
     * Requests to {@code distinct} routers picked as {@link #requests(int, int, long)} picks them:
     * real traffic is skewed towards a hot set, which stays in the CPU caches whatever the table's size.
     *
     * <p>Every request has its own host string (as a request parsed off the wire has), so the
     * requests' memory is the same at every table size; paths are shared by content.
     */
    static MatchInput[] requests(int routeCount, int n, long seed, int distinct) {
        List<List<Integer>> byKind = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (int i = 0; i < routeCount; i++) {
            byKind.get(kind(i)).add(i);
        }
        Random random = new Random(seed);
        int[] hot = null;
        if (distinct < routeCount) {
            hot = new int[distinct];
            for (int h = 0; h < distinct; h++) {
                hot[h] = pick(byKind, random);
            }
        }
        Map<String, String> paths = new HashMap<>();
        MatchInput[] requests = new MatchInput[n];
        for (int k = 0; k < n; k++) {
            int i = hot == null ? pick(byKind, random) : hot[random.nextInt(hot.length)];
            String host;
            String path;
            switch (kind(i)) {
                case SHARED -> {
                    host = "www.example.com";
                    path = "/shared/" + i + "/x";
                }
                case WILDCARD -> {
                    host = "app.tenant-" + i + ".example.com";
                    path = "/home";
                }
                default -> {
                    host = host(i);
                    path = "/api/v" + (i % 3 + 1) + "/orders/42";
                }
            }
            requests[k] = new Request(new String(host.toCharArray()), paths.computeIfAbsent(path, p -> p));
        }
        return requests;
    }

    private static final int EXACT = 0;
    private static final int WILDCARD = 1;
    private static final int SHARED = 2;

    private static int kind(int i) {
        return i % 50 == 7 ? SHARED : i % 20 == 3 ? WILDCARD : EXACT;
    }

    /** 2% host-less, 5% wildcard, 93% exact host, uniform within the kind (exact when a kind is absent). */
    private static int pick(List<List<Integer>> byKind, Random random) {
        int roll = random.nextInt(100);
        List<Integer> routes = byKind.get(roll < 2 ? SHARED : roll < 7 ? WILDCARD : EXACT);
        if (routes.isEmpty()) {
            routes = byKind.get(EXACT);
        }
        return routes.get(random.nextInt(routes.size()));
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
