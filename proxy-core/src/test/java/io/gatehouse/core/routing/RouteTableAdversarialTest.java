package io.gatehouse.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.core.rule.ParsedRule;
import io.gatehouse.core.rule.RuleParser;
import io.gatehouse.core.rule.RuleSyntaxException;
import io.undertow.server.HttpHandler;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Hostile configurations for {@link RouteTable}, from docs/routing.md ("Priority and ties", "How a lookup works"). */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RouteTableAdversarialTest {

    private static final HttpHandler NOTHING = exchange -> { };

    static ParsedRule rule(String text) {
        try {
            return RuleParser.parse(text);
        } catch (RuleSyntaxException e) {
            throw new AssertionError(e);
        }
    }

    static Route route(String name, String rule, int priority) {
        return new Route(name, rule(rule), priority, NOTHING);
    }

    static String name(Route route) {
        return route == null ? null : route.name();
    }

    @Test
    void tenThousandIdenticalRulesTieBrokenByName() {
        List<Route> routes = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            routes.add(route(String.format("r%05d@file", i), "PathPrefix(`/`)", 0));
        }
        Collections.shuffle(routes, new Random(42));
        RouteTable table = RouteTable.build(routes);
        assertThat(table.size()).isEqualTo(10_000);
        assertThat(name(table.lookup(new FixedInput("x", "/a")))).isEqualTo("r00000@file");
        List<Route> ordered = table.routes();
        for (int i = 1; i < ordered.size(); i++) {
            assertThat(ordered.get(i - 1).name().compareTo(ordered.get(i).name())).isNegative();
        }
    }

    @Test
    void tenThousandIdenticalHostRulesTieBrokenByName() {
        List<Route> routes = new ArrayList<>();
        for (int i = 9_999; i >= 0; i--) {
            routes.add(route(String.format("h%05d@file", i), "Host(`a.example`)", 0));
        }
        RouteTable table = RouteTable.build(routes);
        assertThat(name(table.lookup(new FixedInput("a.example", "/")))).isEqualTo("h00000@file");
        assertThat(table.lookup(new FixedInput("b.example", "/"))).isNull();
    }

    @Test
    void duplicateNamesWithTheSamePriorityKeepTheGivenOrder() {
        Route first = route("dup@file", "PathPrefix(`/`)", 5);
        Route second = route("dup@file", "PathPrefix(`/`)", 5);
        assertThat(RouteTable.build(List.of(first, second)).lookup(new FixedInput("x", "/"))).isSameAs(first);
        assertThat(RouteTable.build(List.of(second, first)).lookup(new FixedInput("x", "/"))).isSameAs(second);
        List<Route> many = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            many.add(route("dup@file", "PathPrefix(`/`)", 0));
        }
        RouteTable table = RouteTable.build(many);
        assertThat(table.lookup(new FixedInput("x", "/"))).isSameAs(many.get(0));
        assertThat(table.routes()).containsExactlyElementsOf(many);
    }

    @Test
    void extremePrioritiesDoNotOverflowTheOrdering() {
        Route max = route("max@file", "PathPrefix(`/`)", Integer.MAX_VALUE);
        Route min = route("min@file", "PathPrefix(`/`)", Integer.MIN_VALUE);
        Route minusOne = route("minus@file", "PathPrefix(`/`)", -1);
        Route byDefault = route("default@file", "PathPrefix(`/`)", 0);
        Route one = route("one@file", "PathPrefix(`/`)", 1);
        for (List<Route> given : List.of(List.of(min, max, byDefault, minusOne, one),
                List.of(max, min, one, minusOne, byDefault), List.of(minusOne, byDefault, min, one, max))) {
            RouteTable table = RouteTable.build(given);
            assertThat(table.routes()).containsExactly(max, byDefault, one, minusOne, min);
            assertThat(table.lookup(new FixedInput("x", "/"))).isSameAs(max);
        }
        RouteTable onlyExtremes = RouteTable.build(List.of(min, max));
        assertThat(onlyExtremes.lookup(new FixedInput("x", "/"))).isSameAs(max);
        RouteTable minLast = RouteTable.build(List.of(min, minusOne));
        assertThat(minLast.lookup(new FixedInput("x", "/"))).isSameAs(minusOne);
    }

    @Test
    void extremePrioritiesAcrossHostIndexes() {
        Route exactMin = route("exact@file", "Host(`a.example`)", Integer.MIN_VALUE);
        Route wildcardMax = route("wild@file", "Host(`*.example`)", Integer.MAX_VALUE);
        Route anyMinPlusOne = route("any@file", "PathPrefix(`/`)", Integer.MIN_VALUE + 1);
        RouteTable table = RouteTable.build(List.of(exactMin, anyMinPlusOne, wildcardMax));
        assertThat(table.lookup(new FixedInput("a.example", "/"))).isSameAs(wildcardMax);
        assertThat(table.lookup(new FixedInput("b.example", "/"))).isSameAs(wildcardMax);
        assertThat(table.lookup(new FixedInput("example", "/"))).isSameAs(anyMinPlusOne);
        RouteTable noWildcard = RouteTable.build(List.of(exactMin, anyMinPlusOne));
        assertThat(noWildcard.lookup(new FixedInput("a.example", "/"))).isSameAs(anyMinPlusOne);
    }

    @Test
    void hostDoesNotChangeTheOrder() {
        Route hostless = route("hostless@file", "PathPrefix(`/`)", 100);
        Route exact = route("exact@file", "Host(`a.example`)", 99);
        Route wildcard = route("wildcard@file", "Host(`*.example`)", 98);
        RouteTable table = RouteTable.build(List.of(exact, wildcard, hostless));
        assertThat(table.lookup(new FixedInput("a.example", "/"))).isSameAs(hostless);
        RouteTable withoutHostless = RouteTable.build(List.of(exact, wildcard));
        assertThat(withoutHostless.lookup(new FixedInput("a.example", "/"))).isSameAs(exact);
        assertThat(withoutHostless.lookup(new FixedInput("b.example", "/"))).isSameAs(wildcard);
        assertThat(withoutHostless.lookup(new FixedInput("a.b.example", "/"))).isNull();
    }

    @Test
    void tenThousandHostsEachFindTheirOwnRoute() {
        List<Route> routes = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            routes.add(route("exact" + i, "Host(`h" + i + ".example`)", 0));
            routes.add(route("wild" + i, "Host(`*.w" + i + ".example`)", 0));
        }
        routes.add(route("fallback", "PathPrefix(`/`)", -1));
        RouteTable table = RouteTable.build(routes);
        for (int i = 0; i < 10_000; i += 97) {
            assertThat(name(table.lookup(new FixedInput("h" + i + ".example", "/")))).isEqualTo("exact" + i);
            assertThat(name(table.lookup(new FixedInput("x.w" + i + ".example", "/")))).isEqualTo("wild" + i);
            assertThat(name(table.lookup(new FixedInput("x.y.w" + i + ".example", "/")))).isEqualTo("fallback");
        }
        assertThat(name(table.lookup(new FixedInput("", "/")))).isEqualTo("fallback");
        assertThat(name(table.lookup(new FixedInput(".", "/")))).isEqualTo("fallback");
        assertThat(name(table.lookup(new FixedInput("example", "/")))).isEqualTo("fallback");
    }

    @Test
    void sameRouteUnderExactAndWildcardIsReturnedNotDuplicated() {
        Route both = route("both@file", "Host(`a.example`) || Host(`*.example`)", 0);
        Route later = route("later@file", "PathPrefix(`/`)", -5);
        RouteTable table = RouteTable.build(List.of(later, both));
        assertThat(table.lookup(new FixedInput("a.example", "/"))).isSameAs(both);
        assertThat(table.lookup(new FixedInput("b.example", "/"))).isSameAs(both);
        assertThat(table.routes()).containsExactly(both, later);
    }

    @Test
    void emptyTableMatchesNothing() {
        assertThat(RouteTable.build(List.of()).lookup(new FixedInput("a", "/"))).isNull();
        assertThat(RouteTable.EMPTY.lookup(new FixedInput("", ""))).isNull();
    }

    @Test
    void defaultPriorityIsTheRuleLengthAndZeroMeansDefault() {
        Route longer = route("a@file", "Host(`example.com`) && PathPrefix(`/api`)", 0);
        Route shorter = route("z@file", "Host(`example.com`)", 0);
        Route explicit = route("m@file", "Host(`example.com`)", 41);
        RouteTable table = RouteTable.build(List.of(shorter, explicit, longer));
        assertThat(longer.effectivePriority()).isEqualTo(41);
        assertThat(table.routes()).containsExactly(longer, explicit, shorter);
        assertThat(table.lookup(new FixedInput("example.com", "/api/x"))).isSameAs(longer);
        assertThat(table.lookup(new FixedInput("example.com", "/x"))).isSameAs(explicit);
    }
}
