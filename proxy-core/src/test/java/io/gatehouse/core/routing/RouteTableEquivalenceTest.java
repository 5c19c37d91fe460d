package io.gatehouse.core.routing;

import io.gatehouse.core.rule.MatchInput;
import io.gatehouse.core.rule.RuleParser;
import io.gatehouse.core.rule.RuleSyntax;
import io.gatehouse.core.rule.RuleSyntaxException;
import io.undertow.server.HttpHandler;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The indexed table against the definition: sort the routes (priority descending, name ascending,
 * then the given order) and take the first whose whole rule matches. Random route sets with exact,
 * wildcard, regexp and host-less rules, shared hosts, ties and negative priorities; random requests.
 */
class RouteTableEquivalenceTest {

    private static final HttpHandler NOOP = exchange -> { };

    private static final List<String> HOSTS = List.of("a.example.com", "b.example.com", "example.com",
            "c.example.com", "x.a.example.com", "x.y.a.example.com", "A.Example.com.", "a.example.org",
            "127.0.0.1", "svc-1.internal", "svc-2.internal");
    private static final List<String> REQUEST_HOSTS = List.of("a.example.com", "b.example.com", "example.com",
            "c.example.com", "x.a.example.com", "x.y.a.example.com", "a.example.org", "127.0.0.1",
            "svc-1.internal", "svc-2.internal", "svc-3.internal", "", "com", ".example.com", "a.", "z.a.example.com");
    private static final List<String> PATHS = List.of("/", "/api", "/api/", "/api/x", "/apix", "/other",
            "/shared/1", "/shared/12", "/é");
    private static final List<String> WILDCARDS = List.of("*.example.com", "*.a.example.com", "*.internal",
            "*.example.org");

    private static String atom(Random random) {
        return switch (random.nextInt(9)) {
            case 0, 1, 2 -> "Host(`" + HOSTS.get(random.nextInt(HOSTS.size())) + "`)";
            case 3 -> "Host(`" + WILDCARDS.get(random.nextInt(WILDCARDS.size())) + "`)";
            case 4 -> random.nextInt(4) == 0 ? "Host(`*`)" : "HostRegexp(`^[ab]\\.`)";
            case 5, 6 -> "PathPrefix(`" + PATHS.get(random.nextInt(PATHS.size())) + "`)";
            case 7 -> "Path(`" + PATHS.get(random.nextInt(PATHS.size())) + "`)";
            default -> "Method(`" + (random.nextBoolean() ? "GET" : "POST") + "`)";
        };
    }

    private static String rule(Random random, int depth) {
        int pick = random.nextInt(depth <= 0 ? 1 : 6);
        return switch (pick) {
            case 0 -> atom(random);
            // the common shapes, more often than a uniform tree would produce them
            case 1 -> "Host(`" + HOSTS.get(random.nextInt(HOSTS.size())) + "`) && " + atom(random);
            case 2 -> "(" + rule(random, depth - 1) + " && " + rule(random, depth - 1) + ")";
            case 3 -> "(" + rule(random, depth - 1) + " || " + rule(random, depth - 1) + ")";
            case 4 -> "Host(`" + WILDCARDS.get(random.nextInt(WILDCARDS.size())) + "`) && " + atom(random);
            default -> "!" + rule(random, depth - 1);
        };
    }

    private static String v2Rule(Random random) {
        String hosts = "Host(`" + HOSTS.get(random.nextInt(HOSTS.size())) + "`, `"
                + HOSTS.get(random.nextInt(HOSTS.size())) + "`)";
        return random.nextBoolean() ? hosts
                : hosts + " && PathPrefix(`" + PATHS.get(random.nextInt(PATHS.size())) + "`, `/other`)";
    }

    private static List<Route> routes(Random random, int count) throws RuleSyntaxException {
        List<Route> routes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            var parsed = random.nextInt(10) == 0
                    ? RuleParser.parse(v2Rule(random), RuleSyntax.V2)
                    : RuleParser.parse(rule(random, 2));
            int priority = switch (random.nextInt(4)) {
                case 0 -> 0; // the rule's length
                case 1 -> random.nextInt(5) - 2; // ties, negatives
                default -> random.nextInt(100);
            };
            // few distinct names, so equal priorities and equal names both occur
            routes.add(new Route("r" + random.nextInt(count / 2 + 1), parsed, priority, NOOP));
        }
        return routes;
    }

    /** The definition: every route in order, the whole rule. */
    private static Route linearScan(List<Route> routes, MatchInput request) {
        List<Route> ordered = new ArrayList<>(routes);
        ordered.sort(Comparator.comparingInt(Route::effectivePriority).reversed().thenComparing(Route::name));
        for (Route route : ordered) {
            if (route.rule().rule().matches(request)) {
                return route;
            }
        }
        return null;
    }

    private static void assertFindsAsLinearScan(RouteTable table, List<Route> routes, MatchInput request) {
        assertThat(table.lookup(request)).as("%s", request).isSameAs(linearScan(routes, request));
    }

    @Test
    void indexedLookupEqualsLinearScanOverRandomTablesAndRequests() throws RuleSyntaxException {
        Random random = new Random(20261129);
        int matched = 0;
        int unmatched = 0;
        for (int t = 0; t < 300; t++) {
            List<Route> routes = routes(random, 1 + random.nextInt(40));
            RouteTable table = RouteTable.build(routes);
            for (int r = 0; r < 40; r++) {
                String host = RequestHost.canonical(REQUEST_HOSTS.get(random.nextInt(REQUEST_HOSTS.size())));
                MatchInput request = new FixedInput(host, PATHS.get(random.nextInt(PATHS.size())),
                        random.nextBoolean() ? "GET" : "POST");
                Route expected = linearScan(routes, request);
                assertThat(table.lookup(request)).as("%s for %s", request, routes).isSameAs(expected);
                if (expected == null) {
                    unmatched++;
                } else {
                    matched++;
                }
            }
        }
        // the generator exercises both outcomes
        assertThat(matched).isGreaterThan(1_000);
        assertThat(unmatched).isGreaterThan(1_000);
    }

    @Test
    void largeMultiTenantTableEqualsLinearScan() throws RuleSyntaxException {
        List<Route> routes = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            String rule;
            if (i % 50 == 7) {
                rule = "PathPrefix(`/shared/" + i + "`)";
            } else if (i % 20 == 3) {
                rule = "Host(`*.tenant-" + (i % 60) + ".example.com`) && PathPrefix(`/`)";
            } else {
                rule = "Host(`orders-" + (i % 700) + ".svc.example.com`) && PathPrefix(`/api/v" + (i % 3 + 1) + "`)";
            }
            routes.add(new Route("router-" + i, RuleParser.parse(rule), 0, NOOP));
        }
        RouteTable table = RouteTable.build(routes);
        Random random = new Random(3);
        for (int r = 0; r < 5_000; r++) {
            int i = random.nextInt(2_100);
            String host = switch (random.nextInt(3)) {
                case 0 -> "orders-" + (i % 700) + ".svc.example.com";
                case 1 -> "app.tenant-" + (i % 60) + ".example.com";
                default -> "www.example.com";
            };
            String path = switch (random.nextInt(4)) {
                case 0 -> "/shared/" + i + "/x";
                case 1 -> "/api/v" + (i % 4 + 1) + "/orders";
                case 2 -> "/";
                default -> "/api";
            };
            assertFindsAsLinearScan(table, routes, new FixedInput(host, path, "GET"));
        }
    }

    /**
     * Records of every size: long names, names too long to index (over 511 characters, tried for
     * every host), many routes under one host, long and shared paths, and hosts whose hashes collide
     * ("0c..." and "na..." hash alike).
     */
    @Test
    void recordsOfEverySizeEqualLinearScan() throws RuleSyntaxException {
        List<String> hosts = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            hosts.add("h" + i + ".example.com"); // small record
            hosts.add("a-very-long-host-name-of-many-characters-" + i + ".example.com");
        }
        for (String[] pair : new String[][] {{"0c", "na"}, {"1c", "oa"}, {"0d", "nb"}}) {
            String first = pair[0] + ".example.com";
            String second = pair[1] + ".example.com";
            assertThat(HostIndex.hash(first, 0)).isEqualTo(HostIndex.hash(second, 0));
            hosts.add(first);
            hosts.add(second);
            hosts.add(pair[0] + "-a-very-long-host-name-of-many-characters.example.com");
            hosts.add(pair[1] + "-a-very-long-host-name-of-many-characters.example.com");
        }
        hosts.add("x".repeat(300) + ".example.com");
        hosts.add("y".repeat(600) + ".example.com");
        Random random = new Random(64);
        List<Route> routes = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            String host = hosts.get(random.nextInt(hosts.size()));
            String path = random.nextInt(10) == 0 ? "/" + "p".repeat(200) : "/api/v" + random.nextInt(4);
            String rule = random.nextInt(5) == 0 ? "Host(`" + host + "`)"
                    : "Host(`" + host + "`) && " + (random.nextBoolean() ? "Path" : "PathPrefix") + "(`" + path + "`)";
            routes.add(new Route("r" + i, RuleParser.parse(rule), random.nextInt(20), NOOP));
        }
        RouteTable table = RouteTable.build(routes);
        List<String> requestHosts = new ArrayList<>(hosts);
        requestHosts.add("unknown.example.com");
        requestHosts.add("a-very-long-host-name-of-many-characters-99.example.com");
        for (String host : requestHosts) {
            for (String path : List.of("/api/v1", "/api/v2/x", "/" + "p".repeat(200), "/" + "p".repeat(201), "/")) {
                assertFindsAsLinearScan(table, routes, new FixedInput(host, path, "GET"));
            }
        }
    }

    /**
     * Every one of 20,000 hosts (short and long names, one to three routes each) is found in its
     * single slot, and none of 20,000 hosts that are not in the table is.
     */
    @Test
    void twentyThousandHostsAreEachFoundAndUnknownOnesAreNot() throws RuleSyntaxException {
        List<Route> routes = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            String host = numberedHost(i);
            for (int r = 0; r <= i % 3; r++) {
                routes.add(new Route("r" + i + "-" + r,
                        RuleParser.parse("Host(`" + host + "`) && PathPrefix(`/v" + r + "`)"), 0, NOOP));
            }
        }
        RouteTable table = RouteTable.build(routes);
        int next = 0;
        for (int i = 0; i < 20_000; i++) {
            String host = numberedHost(i);
            for (int r = 0; r <= i % 3; r++) {
                assertThat(table.lookup(new FixedInput(host, "/v" + r + "/x", "GET"))).isSameAs(routes.get(next++));
            }
            assertThat(table.lookup(new FixedInput(host, "/other", "GET"))).isNull();
            assertThat(table.lookup(new FixedInput("x" + host, "/v0", "GET"))).isNull();
            assertThat(table.lookup(new FixedInput("h" + (20_000 + i) + ".example.com", "/v0", "GET"))).isNull();
        }
    }

    private static String numberedHost(int i) {
        return i % 7 == 0 ? "a-rather-long-service-name-" + i + ".team.internal.example.com" : "h" + i + ".example.com";
    }

    /** Host-less path rules (the path index) interleaved by priority with rules it cannot index. */
    @Test
    void nestedHostlessPathsEqualLinearScan() throws RuleSyntaxException {
        List<String> paths = List.of("", "/", "/a", "/a/", "/a/b", "/ab", "/a/b/c", "/b", "/é/x");
        Random random = new Random(11);
        for (int t = 0; t < 200; t++) {
            List<Route> routes = new ArrayList<>();
            int count = 1 + random.nextInt(30);
            for (int n = 0; n < count; n++) {
                String path = paths.get(1 + random.nextInt(paths.size() - 1));
                String rule = switch (random.nextInt(5)) {
                    case 0 -> "Path(`" + path + "`)";
                    case 1 -> "Host(`*`)";
                    case 2 -> "PathPrefix(`" + path + "`) && Method(`GET`)";
                    case 3 -> "Host(`a.com`) && PathPrefix(`" + path + "`)";
                    default -> "PathPrefix(`" + path + "`)";
                };
                routes.add(new Route("r" + n, RuleParser.parse(rule), random.nextInt(7) - 3, NOOP));
            }
            RouteTable table = RouteTable.build(routes);
            for (String path : paths) {
                for (String host : List.of("a.com", "b.com")) {
                    for (String method : List.of("GET", "POST")) {
                        MatchInput request = new FixedInput(host, path, method);
                        assertThat(table.lookup(request)).as("%s for %s", request, routes)
                                .isSameAs(linearScan(routes, request));
                    }
                }
            }
        }
    }

    /** Keys are stored as Latin-1; a hand-built rule naming another host is still found, in order. */
    @Test
    void hostsBeyondLatin1AreTriedForEveryHost() {
        List<Route> routes = List.of(
                new Route("wide", TestRules.hostAndPathPrefix("ħost.com", "/a"), 5, NOOP),
                new Route("latin", TestRules.hostAndPathPrefix("hôst.com", "/a"), 5, NOOP),
                new Route("low", TestRules.pathPrefix("/"), 1, NOOP));
        RouteTable table = RouteTable.build(routes);
        for (String host : List.of("ħost.com", "hôst.com", "host.com")) {
            for (String path : List.of("/a", "/b")) {
                assertFindsAsLinearScan(table, routes, new FixedInput(host, path, "GET"));
            }
        }
        assertThat(table.lookup(new FixedInput("ħost.com", "/a", "GET")).name()).isEqualTo("wide");
    }

}
