package io.gatehouse.core.routing;

import io.gatehouse.core.rule.HostScope;
import io.gatehouse.core.rule.MatchInput;
import io.gatehouse.core.rule.ParsedRule;
import io.gatehouse.core.rule.RuleParser;
import io.undertow.server.HttpHandler;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class RouteTableTest {

    private static final HttpHandler NOOP = exchange -> { };

    private static Route route(String name, ParsedRule rule, int priority) {
        return new Route(name, rule, priority, NOOP);
    }

    private static String match(RouteTable table, String host, String path) {
        Route route = table.lookup(new FixedInput(host, path));
        return route == null ? null : route.name();
    }

    @Test
    void higherPriorityWins() {
        RouteTable table = RouteTable.build(List.of(
                route("low", TestRules.pathPrefix("/"), 1),
                route("high", TestRules.pathPrefix("/"), 10),
                route("middle", TestRules.pathPrefix("/"), 5)));

        assertThat(match(table, "a.com", "/x")).isEqualTo("high");
        assertThat(table.routes()).extracting(Route::name).containsExactly("high", "middle", "low");
    }

    @Test
    void defaultPriorityIsTheRuleLengthSoLongerRulesWin() {
        RouteTable table = RouteTable.build(List.of(
                route("short", TestRules.pathPrefix("/a"), 0),
                route("long", TestRules.pathPrefix("/api"), 0)));

        assertThat(table.routes().get(0).effectivePriority()).isEqualTo("PathPrefix(`/api`)".length());
        assertThat(match(table, "", "/api/x")).isEqualTo("long");
        assertThat(match(table, "", "/a")).isEqualTo("short");
    }

    @Test
    void negativePrioritiesComeLast() {
        RouteTable table = RouteTable.build(List.of(
                route("fallback", TestRules.any(), -1),
                route("api", TestRules.pathPrefix("/api"), 1)));

        assertThat(match(table, "", "/api")).isEqualTo("api");
        assertThat(match(table, "", "/other")).isEqualTo("fallback");
    }

    @Test
    void equalPrioritiesAreOrderedByNameWhateverTheInputOrder() {
        List<Route> routes = new ArrayList<>();
        for (String name : List.of("delta", "alpha", "charlie", "bravo")) {
            routes.add(route(name, TestRules.any(), 7));
        }
        for (long seed = 0; seed < 5; seed++) {
            Collections.shuffle(routes, new Random(seed));
            RouteTable table = RouteTable.build(routes);
            assertThat(table.routes()).extracting(Route::name).containsExactly("alpha", "bravo", "charlie", "delta");
            assertThat(match(table, "x.com", "/")).isEqualTo("alpha");
        }
    }

    @Test
    void higherPriorityHostlessRouteBeatsLowerPriorityExactHostRoute() {
        RouteTable table = RouteTable.build(List.of(
                route("by-host", TestRules.host("a.com"), 5),
                route("hostless", TestRules.pathPrefix("/"), 50)));

        assertThat(match(table, "a.com", "/")).isEqualTo("hostless");
    }

    @Test
    void exactWildcardAndHostlessAreMergedInPriorityOrder() {
        RouteTable table = RouteTable.build(List.of(
                route("exact", TestRules.hostAndPathPrefix("a.example.com", "/e"), 30),
                route("wild", TestRules.wildcardHost("example.com"), 20),
                route("any-x", TestRules.pathPrefix("/x"), 25),
                route("any", TestRules.any(), 10)));

        assertThat(match(table, "a.example.com", "/e")).isEqualTo("exact");
        assertThat(match(table, "a.example.com", "/x")).isEqualTo("any-x");
        assertThat(match(table, "a.example.com", "/y")).isEqualTo("wild");
        assertThat(match(table, "b.example.com", "/e")).isEqualTo("wild");
        assertThat(match(table, "other.com", "/y")).isEqualTo("any");
    }

    @Test
    void wildcardMatchesExactlyOneLabel() {
        RouteTable table = RouteTable.build(List.of(route("wild", TestRules.wildcardHost("example.com"), 1)));

        assertThat(match(table, "a.example.com", "/")).isEqualTo("wild");
        assertThat(match(table, "example.com", "/")).isNull();
        assertThat(match(table, "a.b.example.com", "/")).isNull();
        assertThat(match(table, ".example.com", "/")).isNull();
        assertThat(match(table, "aexample.com", "/")).isNull();
    }

    @Test
    void noMatchIsNull() {
        RouteTable table = RouteTable.build(List.of(
                route("a", TestRules.host("a.com"), 1),
                route("api", TestRules.pathPrefix("/api"), 1)));

        assertThat(match(table, "b.com", "/web")).isNull();
        assertThat(match(table, "", "/web")).isNull();
        assertThat(RouteTable.EMPTY.lookup(new FixedInput("a.com", "/"))).isNull();
        assertThat(RouteTable.EMPTY.size()).isZero();
        assertThat(RouteTable.build(List.of()).lookup(new FixedInput("a.com", "/"))).isNull();
    }

    /**
     * A scope is used as given: its hosts are the canonical request hosts the rule can match (the parser
     * canonicalizes once), so a rule host with two trailing dots loses one, not two.
     */
    @Test
    void hostScopeKeysAreTheCanonicalRequestHosts() throws Exception {
        ParsedRule twoDots = RuleParser.parse("Host(`b.com..`)");
        ParsedRule ipv6 = RuleParser.parse("Host(`[::1]`)");
        RouteTable table = RouteTable.build(List.of(route("dots", twoDots, 1), route("v6", ipv6, 1)));

        assertThat(match(table, "b.com.", "/")).isEqualTo("dots");
        assertThat(match(table, "b.com", "/")).isNull();
        assertThat(match(table, "::1", "/")).isEqualTo("v6");
        assertThat(match(table, "[::1]", "/")).isNull(); // request hosts never keep brackets
    }

    @Test
    void routeInBothExactAndWildcardListsIsTriedOnce() {
        AtomicInteger evaluations = new AtomicInteger();
        ParsedRule both = new ParsedRule("Host(`a.example.com`) || Host(`*.example.com`)",
                request -> {
                    evaluations.incrementAndGet();
                    return false;
                },
                HostScope.of(Set.of("a.example.com"), Set.of("example.com")));
        RouteTable table = RouteTable.build(List.of(route("both", both, 1)));

        assertThat(match(table, "a.example.com", "/")).isNull();
        assertThat(evaluations).hasValue(1);
    }

    @Test
    void lookupOnlyEvaluatesCandidatesForTheHost() {
        AtomicInteger evaluations = new AtomicInteger();
        List<Route> routes = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            String host = "h" + i + ".com";
            ParsedRule counted = new ParsedRule("Host(`" + host + "`)", request -> {
                evaluations.incrementAndGet();
                return request.host().equals(host);
            }, HostScope.of(Set.of(host), Set.of()));
            routes.add(route("r" + i, counted, 1));
        }
        RouteTable table = RouteTable.build(routes);

        assertThat(match(table, "h500.com", "/")).isEqualTo("r500");
        assertThat(match(table, "nowhere.com", "/")).isNull();
        assertThat(evaluations).hasValue(1);
    }

    @Test
    void buildsAndServesTenThousandRoutes() {
        List<Route> routes = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            switch (i % 4) {
                case 0 -> routes.add(route("exact-" + i, TestRules.host("host" + i + ".example.com"), 0));
                case 1 -> routes.add(route("wild-" + i, TestRules.wildcardHost("zone" + i + ".example.com"), 0));
                case 2 -> routes.add(route("path-" + i, TestRules.hostAndPathPrefix("shared.com", "/p" + i + "/"), 0));
                default -> routes.add(route("prefix-" + i, TestRules.pathPrefix("/only/" + i + "/"), 0));
            }
        }
        RouteTable table = RouteTable.build(routes);

        assertThat(table.size()).isEqualTo(10_000);
        assertThat(match(table, "host9996.example.com", "/")).isEqualTo("exact-9996");
        assertThat(match(table, "x.zone9997.example.com", "/")).isEqualTo("wild-9997");
        assertThat(match(table, "shared.com", "/p9998/x")).isEqualTo("path-9998");
        assertThat(match(table, "any.com", "/only/9999/x")).isEqualTo("prefix-9999");
        assertThat(match(table, "any.com", "/nothing")).isNull();
        RouteTable rebuilt = RouteTable.build(table.routes());
        assertThat(rebuilt.routes()).isEqualTo(table.routes());
    }

    @Test
    void tableIsIndependentOfTheListItWasBuiltFrom() {
        List<Route> routes = new ArrayList<>(List.of(route("a", TestRules.any(), 1)));
        RouteTable table = RouteTable.build(routes);
        routes.clear();

        assertThat(table.size()).isEqualTo(1);
        assertThat(match(table, "", "/")).isEqualTo("a");
    }

    @Test
    void matchInputSeenByRulesIsTheRequest() {
        List<MatchInput> seen = new ArrayList<>();
        ParsedRule recording = new ParsedRule("X", request -> seen.add(request), HostScope.ANY);
        RouteTable table = RouteTable.build(List.of(route("r", recording, 1)));
        FixedInput input = new FixedInput("a.com", "/x");

        assertThat(table.lookup(input).name()).isEqualTo("r");
        assertThat(seen).containsExactly(input);
    }
}
