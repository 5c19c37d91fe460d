package io.gatehouse.core.routing;

import io.gatehouse.core.rule.HostScope;
import io.gatehouse.core.rule.MatchInput;
import io.gatehouse.core.rule.ParsedRule;
import io.gatehouse.core.rule.RuleParser;
import io.gatehouse.core.rule.RuleSyntax;
import io.gatehouse.core.rule.RuleSyntaxException;
import io.gatehouse.core.testing.RawHttp;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.util.Headers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile host sets and requests against the route table's perfect-hash host indexes, written from
 * docs/routing.md ("How a lookup works", "The request host") and docs/performance.md ("Request path:
 * route lookup") and the public API only. Every lookup is compared with the definition: routes sorted by
 * priority descending (0 = the rule's length in UTF-8 bytes), then name ascending, then given order; the
 * first whose whole rule matches wins. Where the expected route is also known by construction from the
 * documented Host semantics (exact host; {@code *.suffix} = exactly one label), both are checked.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RouteTableIndexAdversarialTest {

    private static final HttpHandler NOWHERE = exchange -> exchange.setStatusCode(204);
    private static final String HOST_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789-";

    // ------------------------------------------------------------------ the definition

    /** Priority order as the docs define it; List.sort is stable, so equal (priority, name) keep given order. */
    private static List<Route> definitionOrder(List<Route> routes) {
        List<Route> sorted = new ArrayList<>(routes);
        sorted.sort((a, b) -> {
            int byPriority = Integer.compare(priorityByDefinition(b), priorityByDefinition(a));
            return byPriority != 0 ? byPriority : a.name().compareTo(b.name());
        });
        return sorted;
    }

    private static int priorityByDefinition(Route route) {
        return route.priority() != 0
                ? route.priority()
                : route.rule().source().getBytes(StandardCharsets.UTF_8).length;
    }

    /** Tries every route in definition order. */
    private static Route linearScan(List<Route> order, MatchInput request) {
        for (Route route : order) {
            if (route.rule().rule().matches(request)) {
                return route;
            }
        }
        return null;
    }

    /** Collects every wrong lookup, so a failure lists inputs, expected and actual routes. */
    private static final class Verdicts {
        private final String what;
        private final RouteTable table;
        private final List<Route> order;
        private final List<String> wrong = new ArrayList<>();
        private int lookups;

        Verdicts(String what, RouteTable table, List<Route> given) {
            this.what = what;
            this.table = table;
            this.order = definitionOrder(given);
            assertThat(table.size()).as(what + ": size()").isEqualTo(given.size());
            List<Route> actualOrder = table.routes();
            assertThat(actualOrder).as(what + ": routes()").hasSize(order.size());
            for (int i = 0; i < order.size(); i++) {
                if (actualOrder.get(i) != order.get(i)) {
                    throw new AssertionError(what + ": routes() differs from the definition order at position " + i
                            + ": expected " + name(order.get(i)) + ", actual " + name(actualOrder.get(i)));
                }
            }
        }

        /** Expected = the linear scan of the definition. */
        void expectDefinition(FixedInput request) {
            compare(request, linearScan(order, request), "definition");
        }

        /** Expected by construction; the linear scan of the definition must agree too. */
        void expect(FixedInput request, Route byConstruction) {
            Route byDefinition = linearScan(order, request);
            if (byDefinition != byConstruction) {
                wrong.add(describe(request) + ": the rules themselves (linear scan) give " + name(byDefinition)
                        + " but the documented Host semantics give " + name(byConstruction));
            }
            compare(request, byConstruction, "documented");
        }

        /** Expected by construction only (tables too big for a linear scan per lookup). */
        void expectConstructed(FixedInput request, Route byConstruction) {
            compare(request, byConstruction, "documented");
        }

        private void compare(FixedInput request, Route expected, String source) {
            lookups++;
            Route actual;
            try {
                actual = table.lookup(request);
            } catch (RuntimeException e) {
                wrong.add(describe(request) + ": expected " + name(expected) + " (" + source + "), lookup threw " + e);
                return;
            }
            if (actual != expected) {
                wrong.add(describe(request) + ": expected " + name(expected) + " (" + source + "), actual "
                        + name(actual));
            }
        }

        void assertAllRight() {
            if (!wrong.isEmpty()) {
                throw new AssertionError(what + ": " + wrong.size() + " of " + lookups
                        + " lookups differ from what is expected; first ones:\n  "
                        + String.join("\n  ", wrong.subList(0, Math.min(15, wrong.size()))));
            }
            assertThat(lookups).as(what + ": lookups made").isPositive();
        }
    }

    private static String name(Route route) {
        return route == null ? "null (no route)" : route.name() + " [" + shorten(route.rule().source()) + "]";
    }

    private static String describe(FixedInput request) {
        return "host=\"" + shorten(request.host()) + "\" (" + request.host().length() + " chars) path=\""
                + shorten(request.path()) + "\" (" + request.path().length() + " chars) method=" + request.method();
    }

    /** Long values shortened, non-ASCII escaped, so a failure message stays readable. */
    private static String shorten(String s) {
        String shown = s.length() <= 90 ? s : s.substring(0, 40) + "..." + s.substring(s.length() - 40);
        StringBuilder out = new StringBuilder();
        for (char c : shown.toCharArray()) {
            out.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c));
        }
        return out.toString();
    }

    private static Route route(String name, String rule, int priority) {
        return route(name, rule, priority, RuleSyntax.V3);
    }

    private static Route route(String name, String rule, int priority, RuleSyntax syntax) {
        try {
            return new Route(name, RuleParser.parse(rule, syntax), priority, NOWHERE);
        } catch (RuleSyntaxException e) {
            throw new AssertionError("test rule does not parse: " + rule + ": " + e.getMessage(), e);
        }
    }

    private static RouteTable build(String what, List<Route> routes) {
        try {
            return RouteTable.build(routes);
        } catch (RuntimeException e) {
            throw new AssertionError(what + ": RouteTable.build threw for " + routes.size() + " routes: " + e, e);
        }
    }

    // ------------------------------------------------------------------ the documented Host semantics

    /**
     * Expected routes for tables whose rules are {@code Host(`h`)}, {@code Host(`*.s`)}, each optionally
     * {@code && PathPrefix(`/p`)}: exact host equal, or the host minus a non-empty first label equal to the
     * suffix; the first in definition order wins.
     */
    private static final class HostDefinition {
        private record Entry(Route route, String pathPrefix) {
        }

        private final Map<String, List<Entry>> exact = new HashMap<>();
        private final Map<String, List<Entry>> wildcard = new HashMap<>();
        private final List<Route> routes = new ArrayList<>();
        private Map<Route, Integer> rank;

        Route exact(String name, String host, String pathPrefix, int priority) {
            String rule = "Host(`" + host + "`)" + (pathPrefix == null ? "" : " && PathPrefix(`" + pathPrefix + "`)");
            Route route = route(name, rule, priority);
            exact.computeIfAbsent(host, k -> new ArrayList<>()).add(new Entry(route, pathPrefix));
            routes.add(route);
            return route;
        }

        Route wildcard(String name, String suffix, String pathPrefix, int priority) {
            String rule = "Host(`*." + suffix + "`)" + (pathPrefix == null ? "" : " && PathPrefix(`" + pathPrefix + "`)");
            Route route = route(name, rule, priority);
            wildcard.computeIfAbsent(suffix, k -> new ArrayList<>()).add(new Entry(route, pathPrefix));
            routes.add(route);
            return route;
        }

        List<Route> routes() {
            return routes;
        }

        Route expected(String host, String path) {
            if (rank == null) {
                rank = new IdentityHashMap<>();
                List<Route> order = definitionOrder(routes);
                for (int i = 0; i < order.size(); i++) {
                    rank.put(order.get(i), i);
                }
            }
            Route best = null;
            best = better(best, exact.get(host), path);
            int dot = host.indexOf('.');
            if (dot > 0) {
                best = better(best, wildcard.get(host.substring(dot + 1)), path);
            }
            return best;
        }

        private Route better(Route best, List<Entry> entries, String path) {
            if (entries == null) {
                return best;
            }
            for (Entry entry : entries) {
                if (entry.pathPrefix() == null || path.startsWith(entry.pathPrefix())) {
                    if (best == null || rank.get(entry.route()) < rank.get(best)) {
                        best = entry.route();
                    }
                }
            }
            return best;
        }
    }

    // ------------------------------------------------------------------ hostile host sets

    /** Groups of 3-character blocks over [a-z0-9-] whose 31-polynomial values (String.hashCode) are equal. */
    private static List<List<String>> collidingBlockGroups() {
        Map<Integer, List<String>> byHash = new HashMap<>();
        for (char a : HOST_ALPHABET.toCharArray()) {
            for (char b : HOST_ALPHABET.toCharArray()) {
                for (char c : HOST_ALPHABET.toCharArray()) {
                    String block = "" + a + b + c;
                    byHash.computeIfAbsent(block.hashCode(), k -> new ArrayList<>()).add(block);
                }
            }
        }
        List<List<String>> groups = new ArrayList<>();
        for (List<String> group : byHash.values()) {
            if (group.size() >= 4) {
                Collections.sort(group);
                groups.add(group);
            }
        }
        groups.sort((x, y) -> x.get(0).compareTo(y.get(0)));
        return groups;
    }

    /**
     * Every string made of {@code blocks} blocks of {@code group}, a dot after every second block, then
     * {@code tail}: all the same length, all with the same String.hashCode (the blocks' polynomial
     * contributions are equal in any position), and the same hash for every suffix after a fixed position.
     */
    private static List<String> collidingHosts(List<String> group, int blocks, String tail) {
        List<String> out = new ArrayList<>();
        collect(group, blocks, new StringBuilder(), 0, tail, out);
        return out;
    }

    private static void collect(List<String> group, int blocks, StringBuilder prefix, int done, String tail,
                                List<String> out) {
        if (done == blocks) {
            out.add(prefix + tail);
            return;
        }
        for (String block : group) {
            int mark = prefix.length();
            prefix.append(block);
            if (done % 2 == 1 && done + 1 < blocks) {
                prefix.append('.');
            }
            collect(group, blocks, prefix, done + 1, tail, out);
            prefix.setLength(mark);
        }
    }

    private static String reversed(String s) {
        return new StringBuilder(s).reverse().toString();
    }

    /** Hash of the string read from its end (a hash that yields every suffix's value on the way). */
    private static int hashFromTheEnd(String s) {
        return reversed(s).hashCode();
    }

    private static String randomLabel(Random random, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(HOST_ALPHABET.charAt(random.nextInt(26 + (i == 0 ? 10 : 11))));
        }
        return out.toString();
    }

    private static String randomHost(Random random) {
        int labels = 1 + random.nextInt(4);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < labels; i++) {
            if (i > 0) {
                out.append('.');
            }
            out.append(randomLabel(random, 1 + random.nextInt(12)));
        }
        return out.toString();
    }

    /**
     * Hosts that are not it but look like it: last character changed, cut, extended, prefixed. None starts or
     * ends with a dot (an empty label or a trailing dot is left to the definition-only checks).
     */
    private static List<String> neighbours(String host) {
        List<String> out = new ArrayList<>();
        char last = host.charAt(host.length() - 1);
        String body = host.substring(0, host.length() - 1);
        for (String candidate : List.of(body + (last == 'z' ? 'y' : (char) (last + 1)), body + (last == '0' ? '1' : '0'),
                body, host.substring(1), host + "a", "a" + host, host.substring(0, host.length() / 2))) {
            if (!candidate.startsWith(".") && !candidate.endsWith(".")) {
                out.add(candidate);
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ tests

    @Test
    void hundredsOfHostsWithCollidingHashesFromEitherEndAreAllFoundAndTheirHeldOutTwinsAreNot() {
        List<List<String>> groups = collidingBlockGroups();
        assertThat(groups).hasSizeGreaterThan(8);
        Random random = new Random(20261129);

        // 1,024 hosts with one String.hashCode; 1,024 whose hash read from the end is one value.
        List<String> forward = collidingHosts(groups.get(0), 5, ".example");
        List<String> fromTheEnd = new ArrayList<>();
        for (String host : collidingHosts(groups.get(1), 5, ".elpmaxe")) {
            fromTheEnd.add(reversed(host));
        }
        // wildcard suffixes whose hashes collide (forward and from the end), and hosts under them
        List<String> suffixes = collidingHosts(groups.get(2), 4, ".wild");
        List<String> suffixesFromTheEnd = new ArrayList<>();
        for (String suffix : collidingHosts(groups.get(3), 4, ".dliw")) {
            suffixesFromTheEnd.add(reversed(suffix));
        }
        assertThat(forward).hasSize(1024).allMatch(h -> h.hashCode() == forward.get(0).hashCode());
        assertThat(fromTheEnd).hasSize(1024)
                .allMatch(h -> hashFromTheEnd(h) == hashFromTheEnd(fromTheEnd.get(0)));
        assertThat(suffixes).hasSize(256).allMatch(h -> h.hashCode() == suffixes.get(0).hashCode());
        assertThat(suffixesFromTheEnd).hasSize(256)
                .allMatch(h -> hashFromTheEnd(h) == hashFromTheEnd(suffixesFromTheEnd.get(0)));
        // host "x." + suffix: the full hosts collide too (same length, same chars outside the blocks)
        assertThat(("x." + suffixes.get(0)).hashCode()).isEqualTo(("x." + suffixes.get(255)).hashCode());

        Collections.shuffle(forward, random);
        Collections.shuffle(fromTheEnd, random);
        Collections.shuffle(suffixes, random);
        Collections.shuffle(suffixesFromTheEnd, random);
        List<String> exactIn = new ArrayList<>(forward.subList(0, 700));
        exactIn.addAll(fromTheEnd.subList(0, 700));
        List<String> exactOut = new ArrayList<>(forward.subList(700, 1024));
        exactOut.addAll(fromTheEnd.subList(700, 1024));
        List<String> wildIn = new ArrayList<>(suffixes.subList(0, 180));
        wildIn.addAll(suffixesFromTheEnd.subList(0, 180));
        List<String> wildOut = new ArrayList<>(suffixes.subList(180, 256));
        wildOut.addAll(suffixesFromTheEnd.subList(180, 256));
        Set<String> normal = new LinkedHashSet<>();
        while (normal.size() < 300) {
            normal.add(randomHost(random));
        }

        HostDefinition definition = new HostDefinition();
        int n = 0;
        List<String> allExact = new ArrayList<>(exactIn);
        allExact.addAll(normal);
        Collections.shuffle(allExact, random);
        for (String host : allExact) {
            definition.exact("e" + n + "@file", host, null, 0);
            if (n % 3 == 0) { // a larger record: two and three routes under the host
                definition.exact("p" + n + "@file", host, "/api", 0);
            }
            if (n % 9 == 0) {
                definition.exact("q" + n + "@file", host, "/api/v1", 0);
            }
            n++;
        }
        for (String suffix : wildIn) {
            definition.wildcard("w" + n + "@file", suffix, null, 0);
            if (n % 4 == 0) { // a wildcard suffix that is also an exact host
                definition.exact("s" + n + "@file", suffix, null, 0);
            }
            n++;
        }
        RouteTable table = build("colliding hosts", definition.routes());
        Verdicts verdicts = new Verdicts("colliding hosts (" + table.size() + " routes)", table, definition.routes());

        List<String> requestHosts = new ArrayList<>(allExact);
        requestHosts.addAll(exactOut);
        for (String host : exactIn) {
            requestHosts.addAll(neighbours(host));
        }
        for (String suffix : wildIn) {
            requestHosts.add("x." + suffix);
            requestHosts.add("abc-9." + suffix);
            requestHosts.add(suffix);
            requestHosts.add("x.y." + suffix);
            requestHosts.addAll(neighbours("x." + suffix));
        }
        for (String suffix : wildOut) {
            requestHosts.add("x." + suffix);
            requestHosts.add(suffix);
        }
        requestHosts.add("");
        for (String host : requestHosts) {
            for (String path : List.of("/", "/api", "/api/v1/x")) {
                verdicts.expectConstructed(new FixedInput(host, path), definition.expected(host, path));
            }
        }
        // the definition itself (linear scan over every rule) on a sample
        for (int i = 0; i < 1500; i++) {
            String host = requestHosts.get(random.nextInt(requestHosts.size()));
            String path = random.nextBoolean() ? "/api/v1" : "/x";
            verdicts.expect(new FixedInput(host, path), definition.expected(host, path));
        }
        verdicts.assertAllRight();
    }

    @Test
    void hostNamesOfEveryLengthUpTo600AroundThe511LimitAndTheSlotSize() {
        HostDefinition definition = new HostDefinition();
        List<String> exactHosts = new ArrayList<>();
        List<String> suffixes = new ArrayList<>();
        for (int length = 1; length <= 600; length++) {
            String host = hostOfLength(length, 'a');
            exactHosts.add(host);
            definition.exact("len" + length + "@file", host, null, 0);
            if (length % 3 >= 1) {
                definition.exact("len" + length + "-api@file", host, "/a", 0);
            }
            if (length % 3 == 2) {
                definition.exact("len" + length + "-api-v1@file", host, "/a/v1", 0);
            }
        }
        for (int length = 1; length <= 600; length += (length < 60 || (length >= 495 && length <= 530)) ? 1 : 7) {
            String suffix = hostOfLength(length, 'k');
            suffixes.add(suffix);
            definition.wildcard("wild" + length + "@file", suffix, null, 0);
            if (length % 2 == 0) {
                definition.wildcard("wild" + length + "-api@file", suffix, "/a", 0);
            }
        }
        RouteTable table = build("long hosts", definition.routes());
        Verdicts verdicts = new Verdicts("host lengths 1..600", table, definition.routes());
        List<String> requestHosts = new ArrayList<>();
        for (String host : exactHosts) {
            requestHosts.add(host);
            requestHosts.addAll(neighbours(host));
            requestHosts.add("z" + host.substring(1));
        }
        for (String suffix : suffixes) {
            requestHosts.add("w." + suffix);
            requestHosts.add("w".repeat(63) + "." + suffix);
            requestHosts.add(suffix);
            requestHosts.add("a.b." + suffix);
            requestHosts.addAll(neighbours("w." + suffix));
        }
        for (String host : requestHosts) {
            for (String path : List.of("/", "/a", "/a/v1/x")) {
                verdicts.expect(new FixedInput(host, path), definition.expected(host, path));
            }
        }
        verdicts.assertAllRight();
    }

    /** A distinct host of exactly {@code length} chars: labels of at most 50 chars, never a leading/trailing dot. */
    private static String hostOfLength(int length, char base) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            boolean dot = i % 51 == 50 && i != length - 1;
            out.append(dot ? '.' : (char) (base + (i * 7 + length) % 16));
        }
        return out.toString();
    }

    @Test
    void thousandsOfRoutesUnderOneHostInterleavedWithWildcardAndHostlessRoutesByPriority() {
        Random random = new Random(7);
        List<Route> routes = new ArrayList<>();
        int[] priorities = {0, 0, 0, 1, 2, 3, -1, -7, 50, 1000, Integer.MAX_VALUE, Integer.MIN_VALUE, 24, 25, 26};
        for (int i = 0; i < 4000; i++) {
            String name = "big" + random.nextInt(2500) + "@file"; // duplicate names: given order decides
            int priority = priorities[random.nextInt(priorities.length)];
            String rule = switch (i % 5) {
                case 0 -> "Host(`big.example.com`) && PathPrefix(`/p/" + random.nextInt(300) + "`)";
                case 1 -> "Host(`big.example.com`) && Path(`/p/" + random.nextInt(300) + "`)";
                case 2 -> "Host(`BIG.example.com.`) && PathPrefix(`/p/" + random.nextInt(300) + "/`)";
                case 3 -> "Host(`big.example.com`) && !PathPrefix(`/p/" + random.nextInt(300) + "`)";
                default -> "Host(`big.example.com`) && Method(`POST`) && PathPrefix(`/p/" + random.nextInt(300) + "`)";
            };
            routes.add(route(name, rule, priority));
        }
        for (int i = 0; i < 300; i++) {
            int priority = priorities[random.nextInt(priorities.length)];
            routes.add(route("wild" + i + "@file", "Host(`*.example.com`) && PathPrefix(`/p/" + random.nextInt(300) + "`)",
                    priority));
            routes.add(route("free" + i + "@file", "PathPrefix(`/p/" + random.nextInt(300) + "`)", priority));
        }
        routes.add(route("big-any@file", "Host(`big.example.com`)", -100));
        routes.add(route("catch-all@file", "PathPrefix(`/`)", Integer.MIN_VALUE));
        Collections.shuffle(routes, random);
        RouteTable table = build("one big host", routes);
        Verdicts verdicts = new Verdicts("4,000 routes under one host", table, routes);
        String[] hosts = {"big.example.com", "x.example.com", "big.example.co", "big.example.comm", "example.com", ""};
        for (int i = 0; i < 3000; i++) {
            String path = switch (random.nextInt(4)) {
                case 0 -> "/p/" + random.nextInt(320);
                case 1 -> "/p/" + random.nextInt(320) + "/";
                case 2 -> "/p/" + random.nextInt(320) + "/x" + random.nextInt(10);
                default -> "/q";
            };
            String method = random.nextInt(4) == 0 ? "POST" : "GET";
            verdicts.expectDefinition(new FixedInput(hosts[random.nextInt(hosts.length)], path, method));
        }
        verdicts.assertAllRight();
    }

    @Test
    void pathValuesOfKilobytesSharedByManyHosts() {
        Random random = new Random(11);
        String longPrefix = "/" + "segment/".repeat(512); // 4 KB
        String longPath = longPrefix + "x".repeat(12_000); // 16 KB
        List<Route> routes = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String host = "h" + i + ".example.com";
            routes.add(route("prefix" + i + "@file", "Host(`" + host + "`) && PathPrefix(`" + longPrefix + "`)", 0));
            routes.add(route("path" + i + "@file", "Host(`" + host + "`) && Path(`" + longPath + "`)", 0));
            if (i % 2 == 0) {
                routes.add(route("short" + i + "@file", "Host(`" + host + "`) && PathPrefix(`/segment`)", 0));
            }
        }
        routes.add(route("wild-long@file", "Host(`*.example.com`) && PathPrefix(`" + longPrefix + "seg`)", 0));
        routes.add(route("free-long@file", "PathPrefix(`" + longPath + "y`)", 0));
        RouteTable table = build("long paths", routes);
        Verdicts verdicts = new Verdicts("KB path values", table, routes);
        List<String> paths = List.of(longPrefix, longPrefix.substring(0, longPrefix.length() - 1), longPath,
                longPath + "y", longPath + "y" + "z".repeat(50_000), longPath.substring(0, longPath.length() - 1),
                longPrefix + "segment/zz", "/segment", "/" + "x".repeat(64 * 1024), "/");
        for (int i = 0; i < 1200; i++) {
            String host = random.nextInt(10) == 0 ? "other.example.com" : "h" + random.nextInt(210) + ".example.com";
            verdicts.expectDefinition(new FixedInput(host, paths.get(random.nextInt(paths.size()))));
        }
        verdicts.assertAllRight();
    }

    @Test
    void tableSizesAtBoundariesEveryHostFoundEveryNeighbourNot() {
        int[] sizes = {0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 128, 129, 255, 256, 257,
                511, 512, 513, 1023, 1024, 1025, 2047, 2048, 2049, 4095, 4096, 4097};
        for (int size : sizes) {
            Random random = new Random(size * 31L + 5);
            HostDefinition definition = new HostDefinition();
            Set<String> hosts = new LinkedHashSet<>();
            while (hosts.size() < size) {
                hosts.add(randomHost(random));
            }
            int i = 0;
            for (String host : hosts) {
                if (i % 8 == 7) {
                    definition.wildcard("w" + i + "@file", host, null, 0);
                } else {
                    definition.exact("e" + i + "@file", host, i % 5 == 0 ? "/api" : null, 0);
                }
                i++;
            }
            RouteTable table = build(size + " hosts", definition.routes());
            Verdicts verdicts = new Verdicts(size + " hosts", table, definition.routes());
            List<String> requests = new ArrayList<>();
            for (String host : hosts) {
                requests.add(host);
                requests.add("w." + host);
                requests.addAll(neighbours(host));
            }
            requests.add("");
            requests.add("a");
            requests.add(".");
            for (String host : requests) {
                for (String path : List.of("/", "/api/x")) {
                    if (size <= 65) {
                        verdicts.expect(new FixedInput(host, path), definition.expected(host, path));
                    } else {
                        verdicts.expectConstructed(new FixedInput(host, path), definition.expected(host, path));
                    }
                }
            }
            verdicts.assertAllRight();
        }
    }

    @Test
    void fiftyThousandHostsMixedWithCollidingOnesAndWildcards() {
        Random random = new Random(50_000);
        HostDefinition definition = new HostDefinition();
        List<String> hosts = new ArrayList<>();
        for (int i = 0; i < 47_000; i++) {
            hosts.add("svc-" + i + ".tenant-" + (i % 977) + ".example.com");
        }
        List<List<String>> groups = collidingBlockGroups();
        hosts.addAll(collidingHosts(groups.get(5), 5, ".example.com"));
        for (String host : collidingHosts(groups.get(6), 5, ".moc.elpmaxe")) {
            hosts.add(reversed(host));
        }
        Collections.shuffle(hosts, random);
        assertThat(new LinkedHashSet<>(hosts)).hasSize(hosts.size());
        List<String> held = new ArrayList<>(hosts.subList(49_000, hosts.size()));
        List<String> in = new ArrayList<>(hosts.subList(0, 49_000));
        for (int i = 0; i < in.size(); i++) {
            definition.exact("h" + i + "@file", in.get(i), i % 10 == 0 ? "/api" : null, 0);
        }
        for (int t = 0; t < 977; t++) {
            definition.wildcard("wt" + t + "@file", "tenant-" + t + ".example.com", null, 0);
        }
        for (int i = 0; i < 1000; i++) {
            definition.wildcard("wh" + i + "@file", in.get(i), null, 0);
        }
        RouteTable table = build("50,000 hosts", definition.routes());
        Verdicts verdicts = new Verdicts("50,000 hosts", table, definition.routes());
        for (String host : in) {
            verdicts.expectConstructed(new FixedInput(host, "/"), definition.expected(host, "/"));
            verdicts.expectConstructed(new FixedInput(host, "/api"), definition.expected(host, "/api"));
            String neighbour = host.substring(0, host.length() - 1) + (host.endsWith("m") ? "n" : "m");
            verdicts.expectConstructed(new FixedInput(neighbour, "/"), definition.expected(neighbour, "/"));
        }
        for (String host : held) {
            verdicts.expectConstructed(new FixedInput(host, "/"), definition.expected(host, "/"));
        }
        for (int t = 0; t < 1200; t++) {
            String host = "zz.tenant-" + t + ".example.com";
            verdicts.expectConstructed(new FixedInput(host, "/"), definition.expected(host, "/"));
        }
        for (int i = 0; i < 1200; i++) {
            String host = "w." + in.get(i);
            verdicts.expectConstructed(new FixedInput(host, "/"), definition.expected(host, "/"));
        }
        verdicts.assertAllRight();
    }

    @Test
    void manyRebuiltTablesOfSimilarHostsAndMixedRulesEqualTheLinearScan() {
        String[] bases = {"a", "b", "ab", "ba", "aa", "a.b", "b.a", "a.a", "ab.a", "a-b", "a.b.c", "b.c", "c",
                "ank", "ap-", "c0k", "c2-", "x.ank", "x.ap-", "ank.ap-", "ap-.ank", "1.2.3.4", "2.3.4", "::1",
                "2001:db8::1", "a_b", "a:80"};
        for (int seed = 0; seed < 150; seed++) {
            Random random = new Random(seed);
            List<String> pool = new ArrayList<>();
            for (int i = 0; i < 6 + random.nextInt(10); i++) {
                String host = bases[random.nextInt(bases.length)];
                if (random.nextInt(3) == 0) {
                    host = host + "." + bases[random.nextInt(bases.length)];
                }
                pool.add(host);
            }
            int count = seed < 20 ? seed : random.nextInt(160);
            List<Route> routes = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String h = pool.get(random.nextInt(pool.size()));
                String g = pool.get(random.nextInt(pool.size()));
                String p = "/" + "pq".charAt(random.nextInt(2)) + random.nextInt(3);
                RuleSyntax syntax = RuleSyntax.V3;
                String rule = switch (random.nextInt(16)) {
                    case 0, 1 -> "Host(`" + h + "`)";
                    case 2 -> "Host(`*." + h + "`)";
                    case 3 -> "Host(`" + h + "`) && PathPrefix(`" + p + "`)";
                    case 4 -> "Host(`*." + h + "`) && Path(`" + p + "`)";
                    case 5 -> "Host(`" + h + "`) || Host(`" + g + "`)";
                    case 6 -> "(Host(`" + h + "`) || Host(`*." + g + "`)) && !PathPrefix(`" + p + "`)";
                    case 7 -> "Host(`" + h + "`) && Host(`" + g + "`)";
                    case 8 -> "!Host(`" + h + "`) && PathPrefix(`" + p + "`)";
                    case 9 -> "PathPrefix(`" + p + "`)";
                    case 10 -> "Host(`" + h.toUpperCase() + ".`)";
                    case 11 -> "Host(`" + h + "`) && Method(`POST`)";
                    case 12 -> "Host(`" + h + "`) || PathPrefix(`" + p + "`)";
                    case 13 -> "HostRegexp(`^" + h.replace(".", "\\.") + "$`)";
                    case 14 -> {
                        syntax = RuleSyntax.V2;
                        yield "Host(`" + h + "`, `" + g + "`) && PathPrefix(`" + p + "`)";
                    }
                    default -> "Host(`*`) && Path(`" + p + "`)";
                };
                int priority = random.nextInt(4) == 0 ? random.nextInt(7) - 3 : 0;
                try {
                    routes.add(new Route("r" + random.nextInt(Math.max(1, count)) + "@p", RuleParser.parse(rule, syntax),
                            priority, NOWHERE));
                } catch (RuleSyntaxException refused) {
                    // e.g. a wildcard over an IPv6 literal: not a route, nothing to index
                }
            }
            RouteTable table = build("seed " + seed, routes);
            Verdicts verdicts = new Verdicts("seed " + seed + " (" + count + " routes)", table, routes);
            List<String> requestHosts = new ArrayList<>();
            for (String host : pool) {
                requestHosts.add(host);
                requestHosts.add("x." + host);
                requestHosts.add("." + host);
                requestHosts.add("x.y." + host);
                requestHosts.add(host + ".");
                requestHosts.addAll(neighbours(host));
            }
            requestHosts.add("");
            for (String host : requestHosts) {
                for (String path : List.of("/p0", "/q1/x", "/")) {
                    verdicts.expectDefinition(new FixedInput(host, path, random.nextInt(4) == 0 ? "POST" : "GET"));
                }
            }
            verdicts.assertAllRight();
        }
    }

    @Test
    void hostsThatDifferOnlyFarFromBothEndsOrOnlyInLengthAndRecordsAroundTheSlotSize() {
        HostDefinition definition = new HostDefinition();
        List<String> hosts = new ArrayList<>();
        // differing only in two characters in the middle of 100..600-character names
        for (int length : new int[] {64, 100, 255, 256, 300, 511, 600}) {
            for (int v = 0; v < 150; v++) {
                char[] chars = hostOfLength(length, 'c').toCharArray();
                int middle = length / 2;
                chars[middle] = HOST_ALPHABET.charAt(v % 26);
                chars[middle + 1] = HOST_ALPHABET.charAt(v / 26);
                String host = new String(chars);
                if (!host.startsWith(".") && !host.endsWith(".") && !hosts.contains(host)) {
                    hosts.add(host);
                }
            }
        }
        // only the length differs: "a", "aa", ... up to 520
        for (int length = 1; length <= 520; length++) {
            hosts.add("q".repeat(length));
        }
        // 1..6 routes under hosts of 10..50 characters: records just inside and just outside a 48-byte slot
        for (int length = 10; length <= 50; length++) {
            for (int routesUnder = 1; routesUnder <= 6; routesUnder++) {
                hosts.add(routesUnder + "-" + hostOfLength(length - 2, 'd'));
            }
        }
        int n = 0;
        for (String host : hosts) {
            int routesUnder = Character.isDigit(host.charAt(0)) ? host.charAt(0) - '0' : 1 + n % 3;
            definition.exact("x" + n + "@file", host, null, 0);
            for (int k = 1; k < routesUnder; k++) {
                definition.exact("x" + n + "-" + k + "@file", host, "/r" + k, 0);
            }
            n++;
        }
        RouteTable table = build("middle differences", definition.routes());
        Verdicts verdicts = new Verdicts("hosts differing far from both ends", table, definition.routes());
        for (String host : hosts) {
            List<String> requests = new ArrayList<>(neighbours(host));
            requests.add(host);
            char[] chars = host.toCharArray();
            int middle = chars.length / 2;
            chars[middle] = chars[middle] == 'z' ? '9' : 'z';
            requests.add(new String(chars));
            for (String request : requests) {
                for (String path : List.of("/", "/r1", "/r3/x", "/r5")) {
                    verdicts.expectConstructed(new FixedInput(request, path), definition.expected(request, path));
                }
            }
        }
        for (int i = 0; i < 1500; i++) { // and the linear definition on a sample
            String host = hosts.get((i * 7919) % hosts.size());
            verdicts.expect(new FixedInput(host, "/r2"), definition.expected(host, "/r2"));
        }
        verdicts.assertAllRight();
    }

    @Test
    void seventyThousandRoutesUnderOneHostAndThousandsUnderOneWildcard() {
        List<Route> routes = new ArrayList<>();
        int count = 70_000;
        for (int i = 0; i < count; i++) {
            routes.add(route("p" + i + "@file", "Host(`huge.example`) && Path(`/i/" + i + "`)", 0));
        }
        for (int i = 0; i < 3_000; i++) {
            routes.add(route("w" + i + "@file", "Host(`*.huge.example`) && Path(`/w/" + i + "`)", 0));
        }
        routes.add(route("last@file", "Host(`huge.example`)", Integer.MIN_VALUE));
        RouteTable table = build("70,000 under one host", routes);
        Verdicts verdicts = new Verdicts("70,000 routes under one host", table, routes);
        Random random = new Random(70);
        for (int k = 0; k < 3000; k++) {
            int i = k < 100 ? count - 1 - k : random.nextInt(count);
            verdicts.expectConstructed(new FixedInput("huge.example", "/i/" + i), routes.get(i));
            verdicts.expectConstructed(new FixedInput("huge.example", "/i/" + i + "/"), routes.get(routes.size() - 1));
            verdicts.expectConstructed(new FixedInput("a.huge.example", "/i/" + i), null);
            int w = random.nextInt(3_000);
            verdicts.expectConstructed(new FixedInput("a.huge.example", "/w/" + w), routes.get(count + w));
            verdicts.expectConstructed(new FixedInput("huge.example", "/w/" + w), routes.get(routes.size() - 1));
            verdicts.expectConstructed(new FixedInput("a.b.huge.example", "/w/" + w), null);
        }
        verdicts.assertAllRight();
    }

    /**
     * Blocks of 4 characters whose String.hashCode values are equal in their low {@code bits} bits but differ
     * above: hosts made of them share the low bits of their hash (a group or slot picked by masking) while
     * their full hashes are all different.
     */
    private static List<String> blocksEqualInLowBits(int bits, int wanted, int skip) {
        Map<Integer, List<String>> byLowBits = new HashMap<>();
        int mask = (1 << bits) - 1;
        char[] block = new char[4];
        for (char a : HOST_ALPHABET.toCharArray()) {
            for (char b : HOST_ALPHABET.toCharArray()) {
                for (char c : HOST_ALPHABET.toCharArray()) {
                    for (char d : HOST_ALPHABET.toCharArray()) {
                        block[0] = a;
                        block[1] = b;
                        block[2] = c;
                        block[3] = d;
                        String s = new String(block);
                        byLowBits.computeIfAbsent(s.hashCode() & mask, k -> new ArrayList<>()).add(s);
                    }
                }
            }
        }
        List<List<String>> candidates = new ArrayList<>();
        for (List<String> group : byLowBits.values()) {
            if (group.size() >= wanted) {
                candidates.add(group);
            }
        }
        candidates.sort((x, y) -> x.get(0).compareTo(y.get(0)));
        return candidates.get(skip).subList(0, wanted);
    }

    @Test
    void hostsWhoseHashesShareTheirLowBitsButNotTheirHighBits() {
        List<String> low16 = blocksEqualInLowBits(16, 6, 0);
        List<String> low16b = blocksEqualInLowBits(16, 6, 1);
        HostDefinition definition = new HostDefinition();
        List<String> all = new ArrayList<>(collidingHosts(low16, 4, ".lowbits")); // 1,296 hosts
        for (String host : collidingHosts(low16b, 4, ".stibwol")) {
            all.add(reversed(host)); // the same from the end
        }
        int mask = 0xFFFF;
        assertThat(all.subList(0, 1296)).allMatch(h -> (h.hashCode() & mask) == (all.get(0).hashCode() & mask));
        // the blocks' differences are multiples of 2^16, so many full hashes coincide too; still hundreds differ
        assertThat(all.subList(0, 1296).stream().map(String::hashCode).distinct().count()).isGreaterThan(200);
        assertThat(all.subList(1296, all.size()))
                .allMatch(h -> (hashFromTheEnd(h) & mask) == (hashFromTheEnd(all.get(1296)) & mask));
        Collections.shuffle(all, new Random(16));
        List<String> in = all.subList(0, 2000);
        List<String> out = all.subList(2000, all.size());
        for (int i = 0; i < in.size(); i++) {
            if (i % 6 == 5) {
                definition.wildcard("w" + i + "@file", in.get(i), null, 0);
            } else {
                definition.exact("e" + i + "@file", in.get(i), i % 4 == 0 ? "/api" : null, 0);
            }
        }
        RouteTable table = build("low bits", definition.routes());
        Verdicts verdicts = new Verdicts("hashes equal in the low 16 bits", table, definition.routes());
        List<String> requests = new ArrayList<>(all);
        for (String host : in) {
            requests.add("x." + host);
            requests.addAll(neighbours(host));
        }
        for (String host : requests) {
            for (String path : List.of("/", "/api")) {
                verdicts.expectConstructed(new FixedInput(host, path), definition.expected(host, path));
            }
        }
        for (int i = 0; i < 1000; i++) {
            String host = requests.get((i * 104_729) % requests.size());
            verdicts.expect(new FixedInput(host, "/api"), definition.expected(host, "/api"));
        }
        verdicts.assertAllRight();
    }

    @Test
    void oneRouteListingThousandsOfHostsAndKeysNamedSeveralWays() {
        StringBuilder v2 = new StringBuilder("Host(");
        StringBuilder v3 = new StringBuilder();
        List<String> hosts = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            String host = "m" + i + ".multi";
            hosts.add(host);
            v2.append(i == 0 ? "" : ", ").append('`').append(host.toUpperCase()).append('`');
        }
        v2.append(") && PathPrefix(`/v2`)");
        for (int i = 0; i < 400; i++) {
            v3.append(i == 0 ? "" : " || ").append("Host(`*.").append(hosts.get(i * 5)).append("`)");
        }
        List<Route> routes = new ArrayList<>();
        routes.add(route("v2-many@file", v2.toString(), 0, RuleSyntax.V2));
        routes.add(route("v3-many-wild@file", "(" + v3 + ") && PathPrefix(`/v3`)", 0));
        routes.add(route("same-key-1@file", "Host(`M7.MULTI`)", 5));
        routes.add(route("same-key-2@file", "Host(`m7.multi.`) && PathPrefix(`/x`)", 6));
        routes.add(route("same-key-3@file", "Host(`m7.multi`) || Host(`*.m7.multi`)", 4));
        routes.add(route("both@file", "Host(`m8.multi`) && Host(`*.multi`)", 100));
        routes.add(route("never@file", "Host(`m9.multi`) && Host(`m10.multi`)", 100));
        routes.add(route("not@file", "!Host(`m11.multi`) && PathPrefix(`/not`)", 100));
        RouteTable table = build("multi-host", routes);
        Verdicts verdicts = new Verdicts("routes listing many hosts", table, routes);
        for (String host : hosts) {
            for (String request : List.of(host, "a." + host, "a.b." + host, host + "x")) {
                for (String path : List.of("/v2/x", "/v3", "/x", "/not", "/")) {
                    verdicts.expectDefinition(new FixedInput(request, path));
                }
            }
        }
        verdicts.expect(new FixedInput("m7.multi", "/x"), routes.get(3));
        verdicts.expect(new FixedInput("m7.multi", "/"), routes.get(2));
        verdicts.expect(new FixedInput("a.m7.multi", "/"), routes.get(4));
        verdicts.expect(new FixedInput("m9.multi", "/v2"), routes.get(0));
        verdicts.assertAllRight();
    }

    @Test
    void concurrentLookupsFromManyThreadsAllGetTheirOwnHostsRoute() throws Exception {
        List<List<String>> groups = collidingBlockGroups();
        HostDefinition definition = new HostDefinition();
        List<String> hosts = new ArrayList<>(collidingHosts(groups.get(10), 5, ".conc"));
        Random random = new Random(4);
        while (hosts.size() < 3000) {
            String host = randomHost(random) + ".c" + hosts.size();
            hosts.add(host);
        }
        for (int i = 0; i < hosts.size(); i++) {
            definition.exact("c" + i + "@file", hosts.get(i), i % 2 == 0 ? "/p" : null, 0);
        }
        definition.wildcard("wild@file", "conc", null, -1);
        RouteTable table = build("concurrent", definition.routes());
        List<FixedInput> requests = new ArrayList<>();
        List<Route> expected = new ArrayList<>();
        for (String host : hosts) {
            for (String request : List.of(host, host + "z", "y." + host)) {
                for (String path : List.of("/", "/p/q")) {
                    requests.add(new FixedInput(request, path));
                    expected.add(definition.expected(request, path));
                }
            }
        }
        int threads = 4;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            List<java.util.concurrent.Future<List<String>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int offset = t * 7919;
                results.add(pool.submit(() -> {
                    List<String> wrong = new ArrayList<>();
                    for (int round = 0; round < 3; round++) {
                        for (int k = 0; k < requests.size(); k++) {
                            int i = (k + offset) % requests.size();
                            Route actual = table.lookup(requests.get(i));
                            if (actual != expected.get(i) && wrong.size() < 10) {
                                wrong.add(describe(requests.get(i)) + ": expected " + name(expected.get(i)) + ", actual "
                                        + name(actual));
                            }
                        }
                    }
                    return wrong;
                }));
            }
            List<String> wrong = new ArrayList<>();
            for (java.util.concurrent.Future<List<String>> result : results) {
                wrong.addAll(result.get(100, TimeUnit.SECONDS));
            }
            assertThat(wrong).as("lookups made concurrently by " + threads + " threads").isEmpty();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void rebuildingTablesOfDifferentSubsetsOfCollidingHostsFindsEachTablesHostsOnly() {
        List<List<String>> groups = collidingBlockGroups();
        List<String> forward = collidingHosts(groups.get(12), 5, ".rebuild");
        List<String> fromTheEnd = new ArrayList<>();
        for (String host : collidingHosts(groups.get(13), 5, ".dliuber")) {
            fromTheEnd.add(reversed(host));
        }
        List<String> universe = new ArrayList<>(forward);
        universe.addAll(fromTheEnd);
        for (int build = 0; build < 40; build++) {
            Random random = new Random(1000 + build);
            List<String> shuffled = new ArrayList<>(universe);
            Collections.shuffle(shuffled, random);
            int size = build < 10 ? build : 1 + random.nextInt(shuffled.size());
            HostDefinition definition = new HostDefinition();
            for (int i = 0; i < size; i++) {
                if (random.nextInt(10) == 0) {
                    definition.wildcard("w" + i + "@b" + build, shuffled.get(i), null, 0);
                } else {
                    definition.exact("e" + i + "@b" + build, shuffled.get(i), random.nextBoolean() ? "/p" : null, 0);
                }
            }
            RouteTable table = build("build " + build, definition.routes());
            Verdicts verdicts = new Verdicts("build " + build + " (" + size + " colliding hosts)", table,
                    definition.routes());
            for (int i = 0; i < shuffled.size(); i++) {
                String host = shuffled.get(i);
                verdicts.expectConstructed(new FixedInput(host, "/p"), definition.expected(host, "/p"));
                verdicts.expectConstructed(new FixedInput(host, "/"), definition.expected(host, "/"));
                if (i < size + 50) {
                    String under = "q." + host;
                    verdicts.expectConstructed(new FixedInput(under, "/"), definition.expected(under, "/"));
                }
            }
            verdicts.assertAllRight();
        }
    }

    @Test
    void upperCaseAndTrailingDotsInRulesAreCanonicalKeys() {
        Route upper = route("upper@file", "Host(`EXAMPLE.Com`)", 0);
        Route dotted = route("dotted@file", "Host(`Shop.Example.COM.`)", 0);
        Route wildUpper = route("wild@file", "Host(`*.Wild.EXAMPLE.`)", 0);
        Route twoDots = route("two-dots@file", "Host(`double.example..`)", 0);
        List<Route> routes = List.of(upper, dotted, wildUpper, twoDots);
        RouteTable table = build("canonical keys", routes);
        Verdicts verdicts = new Verdicts("canonical keys", table, routes);
        verdicts.expect(new FixedInput("example.com", "/"), upper);
        verdicts.expect(new FixedInput("shop.example.com", "/"), dotted);
        verdicts.expect(new FixedInput("a.wild.example", "/"), wildUpper);
        verdicts.expect(new FixedInput("wild.example", "/"), null);
        verdicts.expect(new FixedInput("a.b.wild.example", "/"), null);
        verdicts.expect(new FixedInput("example.co", "/"), null);
        // "double.example.." canonicalizes (one dot removed) to "double.example." on both sides
        verdicts.expectDefinition(new FixedInput("double.example.", "/"));
        verdicts.expectDefinition(new FixedInput("double.example", "/"));
        verdicts.expectDefinition(new FixedInput("shop.example.com.", "/"));
        verdicts.assertAllRight();
    }

    @Test
    void ipLiteralHostsAndWildcardsOverNumericLabels() {
        List<Route> routes = List.of(
                route("v4@file", "Host(`192.168.0.1`)", 0),
                route("v4-other@file", "Host(`10.0.0.1`)", 0),
                route("v4-wild@file", "Host(`*.0.0.1`)", 0),
                route("v6-loopback@file", "Host(`::1`)", 0),
                route("v6@file", "Host(`2001:db8::1`)", 0),
                route("v6-bracketed@file", "Host(`[2001:DB8::2]`)", 0),
                route("v6-upper@file", "Host(`FE80::ABCD`)", 0));
        RouteTable table = build("ip literals", routes);
        Verdicts verdicts = new Verdicts("ip literals", table, routes);
        verdicts.expect(new FixedInput("192.168.0.1", "/"), routes.get(0));
        verdicts.expect(new FixedInput("10.0.0.1", "/"), routes.get(1)); // exact (19 chars) before the wildcard (15)
        verdicts.expect(new FixedInput("127.0.0.1", "/"), routes.get(2)); // "*.0.0.1": one label, "127"
        verdicts.expect(new FixedInput("0.0.1", "/"), null);
        verdicts.expect(new FixedInput("192.168.0.2", "/"), null);
        verdicts.expect(new FixedInput("::1", "/"), routes.get(3));
        verdicts.expect(new FixedInput("::2", "/"), null);
        verdicts.expect(new FixedInput("2001:db8::1", "/"), routes.get(4));
        verdicts.expect(new FixedInput("fe80::abcd", "/"), routes.get(6));
        for (String host : List.of("2001:db8::2", "[::1]", "2001:db8::", "2001:db8::11", "fe80::abc", "1.0.0.1.")) {
            verdicts.expectDefinition(new FixedInput(host, "/"));
        }
        verdicts.assertAllRight();
    }

    @Test
    void bracketedIpv6RuleHostAgreesWithTheLinearScanForBracketedAndBareRequestHosts() {
        // docs: the rule sees "::1" for a "[::1]" Host header ("write IPv6 hosts without brackets"); index keys
        // have their brackets removed. Whatever Host(`[2001:DB8::2]`) matches, the index must give the same.
        List<Route> routes = List.of(route("v6-bracketed@file", "Host(`[2001:DB8::2]`)", 0),
                route("v6-bracketed-wild@file", "Host(`*.[2001:DB8::3]`)", 0));
        RouteTable table = build("bracketed ip", routes);
        Verdicts verdicts = new Verdicts("bracketed IPv6 rule hosts", table, routes);
        for (String host : List.of("2001:db8::2", "[2001:db8::2]", "x.2001:db8::3", "x.[2001:db8::3]")) {
            verdicts.expectDefinition(new FixedInput(host, "/"));
        }
        verdicts.assertAllRight();
    }

    @Test
    void wildcardSuffixThatIsAlsoAnExactHostAndSingleLabelWildcards() {
        List<Route> routes = List.of(
                route("exact@file", "Host(`example.com`)", 0),
                route("wild@file", "Host(`*.example.com`)", 0),
                route("com@file", "Host(`*.com`)", 0),
                route("c@file", "Host(`*.c`)", 0),
                route("dotcom@file", "Host(`*..com`)", 0),
                route("sub-exact@file", "Host(`a.example.com`)", -1));
        RouteTable table = build("wildcards", routes);
        Verdicts verdicts = new Verdicts("wildcards", table, routes);
        // priorities by length: *.example.com 21, example.com 19, *..com 14, *.com 13, *.c 11; a.example.com -1
        verdicts.expect(new FixedInput("example.com", "/"), routes.get(0));
        verdicts.expect(new FixedInput("a.example.com", "/"), routes.get(1));
        verdicts.expect(new FixedInput("zz-9.example.com", "/"), routes.get(1));
        verdicts.expect(new FixedInput("a.b.example.com", "/"), null);
        verdicts.expect(new FixedInput("x.com", "/"), routes.get(2));
        verdicts.expect(new FixedInput("com", "/"), null);
        verdicts.expect(new FixedInput("a.b.com", "/"), null);
        verdicts.expect(new FixedInput("a.c", "/"), routes.get(3));
        verdicts.expect(new FixedInput("c", "/"), null);
        verdicts.expect(new FixedInput("a.cc", "/"), null);
        verdicts.expect(new FixedInput("x..com", "/"), routes.get(4));
        for (String host : List.of("..com", ".com", ".c", ".example.com", "example.com.", "a.example.com.", "a.c.")) {
            verdicts.expectDefinition(new FixedInput(host, "/"));
        }
        verdicts.assertAllRight();
        // without the wildcard, the exact sub-host with its negative priority is found
        List<Route> rest = new ArrayList<>(routes);
        rest.remove(1);
        Verdicts second = new Verdicts("wildcards minus *.example.com", build("rest", rest), rest);
        second.expect(new FixedInput("a.example.com", "/"), rest.get(4));
        second.expect(new FixedInput("b.example.com", "/"), null);
        second.assertAllRight();
    }

    @Test
    void hostlessRoutesWithHigherPriorityBeatTheHostIndexAndTiesGoByName() {
        List<Route> routes = new ArrayList<>();
        routes.add(route("z-exact@file", "Host(`tie.example`)", 50));
        routes.add(route("a-hostless@file", "PathPrefix(`/`)", 50));
        routes.add(route("m-wild@file", "Host(`*.example`)", 50));
        routes.add(route("exact-high@file", "Host(`tie.example`) && Path(`/x`)", 51));
        routes.add(route("neg@file", "Host(`neg.other`)", -5));
        routes.add(route("neg-hostless@file", "PathPrefix(`/n`)", -4));
        routes.add(route("same@file", "Host(`same.other`)", 7));
        routes.add(route("same@file", "Host(`same.other`) && PathPrefix(`/s`)", 7));
        RouteTable table = build("ties", routes);
        Verdicts verdicts = new Verdicts("ties", table, routes);
        verdicts.expect(new FixedInput("tie.example", "/x"), routes.get(3));
        verdicts.expect(new FixedInput("tie.example", "/y"), routes.get(1));
        verdicts.expect(new FixedInput("other.example", "/y"), routes.get(1));
        verdicts.expect(new FixedInput("neg.other", "/n"), routes.get(1));
        verdicts.expect(new FixedInput("same.other", "/s"), routes.get(1));
        verdicts.assertAllRight();
        // without the catch-all: negatives and same-name ties in given order
        List<Route> rest = new ArrayList<>(routes);
        rest.remove(1);
        RouteTable second = build("ties without catch-all", rest);
        Verdicts v2 = new Verdicts("ties without catch-all", second, rest);
        v2.expect(new FixedInput("tie.example", "/y"), rest.get(1)); // m-wild before z-exact
        v2.expect(new FixedInput("neg.other", "/n"), rest.get(4)); // -4 before -5
        v2.expect(new FixedInput("neg.other", "/"), rest.get(3));
        v2.expect(new FixedInput("same.other", "/s"), rest.get(5)); // same name: given order
        v2.expect(new FixedInput("same.other", "/"), rest.get(5));
        v2.expect(new FixedInput("same.example", "/"), rest.get(1)); // the wildcard
        v2.expect(new FixedInput("neg.example", "/n"), rest.get(1));
        v2.assertAllRight();
    }

    @Test
    void emptyAndDegenerateRequestHosts() {
        List<Route> routes = List.of(
                route("dot@file", "Host(`..`)", 0),
                route("two-dots@file", "Host(`...`)", 0),
                route("trailing@file", "Host(`t.example..`)", 0),
                route("trailing-wild@file", "Host(`*.w.example..`)", 0),
                route("exact@file", "Host(`a.b`)", 0),
                route("wild@file", "Host(`*.b`)", 0),
                route("star@file", "Host(`*`) && Path(`/star`)", 0),
                route("hostless@file", "Path(`/free`)", 0));
        RouteTable table = build("degenerate", routes);
        Verdicts verdicts = new Verdicts("degenerate hosts", table, routes);
        for (String host : List.of("", ".", "..", "...", ".b", "b", "b.", "a.b.", ".a.b", "a..b", "*.b", "*", "x.b.",
                "t.example", "t.example.", "t.example..", "x.w.example", "x.w.example.", "x.w.example..")) {
            for (String path : List.of("/", "/star", "/free")) {
                verdicts.expectDefinition(new FixedInput(host, path));
            }
        }
        Route wild = routes.get(5);
        Route hostless = routes.get(routes.size() - 1);
        assertThat(wild.name()).isEqualTo("wild@file");
        assertThat(hostless.name()).isEqualTo("hostless@file");
        verdicts.expect(new FixedInput("", "/free"), hostless);
        verdicts.expect(new FixedInput("", "/"), null);
        verdicts.expect(new FixedInput("x.b", "/"), wild);
        verdicts.assertAllRight();
    }

    @Test
    void hostsWithEveryPrintableCharacterTheParserAcceptsAndUpperCaseInRules() {
        List<Route> routes = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (char c = 0x20; c < 0x7f; c++) {
            for (String host : List.of("a" + c + "b.example", c + ".example", "x.y" + c, "q" + c + c)) {
                String rule = "Host(`" + host + "`)";
                try {
                    routes.add(new Route("c" + (int) c + "-" + routes.size() + "@file", RuleParser.parse(rule), 0,
                            NOWHERE));
                    keys.add(host);
                } catch (RuleSyntaxException refused) {
                    // the parser refuses it ('`', misplaced '*', ...): nothing to index
                }
            }
        }
        assertThat(routes).hasSizeGreaterThan(250);
        RouteTable table = build("every character", routes);
        Verdicts verdicts = new Verdicts("every printable character", table, routes);
        for (String key : keys) {
            String canonical = key.toLowerCase();
            for (String host : List.of(canonical, canonical + "z", canonical.substring(1), "w." + canonical)) {
                verdicts.expectDefinition(new FixedInput(host, "/"));
            }
        }
        verdicts.assertAllRight();
    }

    @Test
    void requestHostsWithCharactersAboveLatin1OrInLatin1NeverAliasAnIndexedHost() {
        Random random = new Random(3);
        HostDefinition definition = new HostDefinition();
        List<String> hosts = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            String host = randomHost(random);
            if (!hosts.contains(host)) {
                hosts.add(host);
                definition.exact("e" + i + "@file", host, null, 0);
                if (i % 10 == 0) {
                    definition.wildcard("w" + i + "@file", host, null, 0);
                }
            }
        }
        RouteTable table = build("aliases", definition.routes());
        Verdicts verdicts = new Verdicts("non-ASCII aliases", table, definition.routes());
        for (String host : hosts) {
            for (int shift : new int[] {0x100, 0x200, 0xFF00, 0x80}) {
                int at = random.nextInt(host.length());
                char c = (char) (host.charAt(at) + shift);
                if (Character.toLowerCase(c) != c || Character.isSurrogate(c)) {
                    continue; // MatchInput hosts are lower-cased
                }
                String alias = host.substring(0, at) + c + host.substring(at + 1);
                verdicts.expect(new FixedInput(alias, "/"), definition.expected(alias, "/"));
                verdicts.expect(new FixedInput("x." + alias, "/"), definition.expected("x." + alias, "/"));
                verdicts.expect(new FixedInput("\u00e9." + host, "/"), definition.expected("\u00e9." + host, "/"));
            }
        }
        verdicts.assertAllRight();
    }

    @Test
    void keysOutsideAsciiFromAHandBuiltScopeAreStillFound() throws RuleSyntaxException {
        // The parser refuses non-ASCII Host values; a ParsedRule can still name such hosts in its scope.
        // HostScope is an over-approximation and the full rule decides.
        // HostRegexp with RE2 escapes (\x{e9}): the rule text is ASCII, the host it matches is not.
        ParsedRule latin1 = handBuilt("HostRegexp(`^\\x{e9}\\.example$`)", Set.of("\u00e9.example"), Set.of());
        ParsedRule beyond = handBuilt("HostRegexp(`^\\x{44f}\\.example$`)", Set.of("\u044f.example"), Set.of());
        ParsedRule wildLatin1 = handBuilt("HostRegexp(`^[a-z]+\\.\\x{fc}\\.example$`)", Set.of(), Set.of("\u00fc.example"));
        List<Route> routes = List.of(new Route("latin1@file", latin1, 0, NOWHERE),
                new Route("beyond@file", beyond, 0, NOWHERE),
                new Route("wild-latin1@file", wildLatin1, 0, NOWHERE),
                route("ascii@file", "Host(`i.example`)", 0));
        RouteTable table = build("non-ASCII scope", routes);
        Verdicts verdicts = new Verdicts("non-ASCII scope keys", table, routes);
        verdicts.expect(new FixedInput("\u00e9.example", "/"), routes.get(0));
        verdicts.expect(new FixedInput("\u01e9.example", "/"), null);
        verdicts.expect(new FixedInput("\u044f.example", "/"), routes.get(1));
        verdicts.expect(new FixedInput("o.\u00fc.example", "/"), routes.get(2));
        verdicts.expect(new FixedInput("o.\u01fc.example", "/"), null);
        verdicts.expect(new FixedInput("i.example", "/"), routes.get(3));
        verdicts.expect(new FixedInput("\u0169.example", "/"), null); // U+0169: low byte 0x69 'i'
        verdicts.expect(new FixedInput("e.example", "/"), null);
        verdicts.assertAllRight();
    }

    private static ParsedRule handBuilt(String rule, Set<String> exact, Set<String> suffixes) throws RuleSyntaxException {
        return new ParsedRule(rule, RuleParser.parse(rule).rule(), HostScope.of(exact, suffixes));
    }

    @Test
    void endToEndCollidingHostHeadersThroughTheRouterHandler() throws Exception {
        List<List<String>> groups = collidingBlockGroups();
        List<String> hosts = collidingHosts(groups.get(8), 4, ".example");
        List<Route> routes = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String name = "h" + i + "@file";
            routes.add(new Route(name, RuleParser.parse("Host(`" + hosts.get(i) + "`)"), 0, answer(name)));
        }
        routes.add(new Route("v6@file", RuleParser.parse("Host(`::1`)"), 0, answer("v6@file")));
        routes.add(new Route("wild@file", RuleParser.parse("Host(`*." + hosts.get(0) + "`)"), 0, answer("wild@file")));
        RouteTable table = build("end to end", routes);
        Undertow server = Undertow.builder()
                .addHttpListener(0, "127.0.0.1")
                .setServerOption(UndertowOptions.DECODE_URL, false)
                .setHandler(new RouterHandler(table))
                .build();
        server.start();
        try {
            int port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
            List<String> wrong = new ArrayList<>();
            for (int i = 0; i < 256; i += 5) {
                String host = hosts.get(i);
                String expected = i < 200 ? "h" + i + "@file" : null;
                for (String header : List.of(host, host.toUpperCase() + ":8080", host + ".")) {
                    checkHttp(port, "GET / HTTP/1.1\r\nHost: " + header + "\r\nConnection: close\r\n\r\n", expected,
                            "Host: " + header, wrong);
                }
            }
            checkHttp(port, "GET / HTTP/1.1\r\nHost: [::1]:8080\r\nConnection: close\r\n\r\n", "v6@file",
                    "Host: [::1]:8080", wrong);
            checkHttp(port, "GET / HTTP/1.1\r\nHost: X." + hosts.get(0).toUpperCase() + "\r\nConnection: close\r\n\r\n",
                    "wild@file", "Host: X." + hosts.get(0).toUpperCase(), wrong);
            checkHttp(port, "GET / HTTP/1.1\r\nHost: " + hosts.get(255) + "\r\nConnection: close\r\n\r\n", null,
                    "Host: " + hosts.get(255), wrong);
            checkHttp(port, "GET / HTTP/1.0\r\n\r\n", null, "no Host (HTTP/1.0)", wrong);
            assertThat(wrong).as("HTTP requests routed wrong").isEmpty();
        } finally {
            server.stop();
        }
    }

    @Test
    void endToEndRuleHostsWithTwoTrailingDotsAndIpLiterals() throws Exception {
        // Host header "t.example.." -> the rules see "t.example." (one trailing dot removed, docs/routing.md),
        // which is exactly what Host(`t.example..`) names (its key keeps one dot).
        List<Route> routes = new ArrayList<>();
        for (String[] r : new String[][] {
                {"trailing@file", "Host(`t.example..`)"},
                {"dot@file", "Host(`..`)"},
                {"v6-bare@file", "Host(`2001:db8::1`)"},
                {"v6-bracketed@file", "Host(`[2001:DB8::2]`)"},
                {"v4-wild@file", "Host(`*.0.0.1`)"},
                // host-less witnesses, tried for every request: they show which host the rules saw
                {"saw-t.example.@file", "HostRegexp(`^t\\.example\\.$`) && PathPrefix(`/`)"},
                {"saw-dot@file", "HostRegexp(`^\\.$`) && PathPrefix(`/`)"}}) {
            routes.add(new Route(r[0], RuleParser.parse(r[1]), r[0].startsWith("saw-") ? -1 : 0, answer(r[0])));
        }
        List<Route> order = definitionOrder(routes);
        RouteTable table = build("end to end dots", routes);
        Undertow server = Undertow.builder()
                .addHttpListener(0, "127.0.0.1")
                .setServerOption(UndertowOptions.DECODE_URL, false)
                .setHandler(new RouterHandler(table))
                .build();
        server.start();
        try {
            int port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
            List<String> wrong = new ArrayList<>();
            // the request host each header yields (docs/routing.md, "The request host"), and what the rules say
            String[][] cases = {
                    {"t.example..", "t.example."},
                    {"T.EXAMPLE..:8080", "t.example."},
                    {"t.example.", "t.example"},
                    {"..", "."},
                    {"[2001:db8::1]:8080", "2001:db8::1"},
                    {"[2001:db8::2]", "2001:db8::2"},
                    {"127.0.0.1:9", "127.0.0.1"}};
            for (String[] c : cases) {
                Route expected = linearScan(order, new FixedInput(c[1], "/"));
                checkHttp(port, "GET / HTTP/1.1\r\nHost: " + c[0] + "\r\nConnection: close\r\n\r\n",
                        expected == null ? null : expected.name(),
                        "Host: " + c[0] + " (rules see \"" + c[1] + "\")", wrong);
            }
            assertThat(wrong).as("HTTP requests routed differently from the rules").isEmpty();
        } finally {
            server.stop();
        }
    }

    private static HttpHandler answer(String name) {
        return exchange -> {
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
            exchange.getResponseSender().send(name);
        };
    }

    private static void checkHttp(int port, String request, String expectedRoute, String what, List<String> wrong)
            throws Exception {
        RawHttp.Response response = RawHttp.exchange(port, request);
        if (expectedRoute == null) {
            if (response.status() != 404) {
                wrong.add(what + ": expected 404, got " + response.status() + " " + response.body());
            }
        } else if (response.status() != 200 || !expectedRoute.equals(response.body())) {
            wrong.add(what + ": expected 200 " + expectedRoute + ", got " + response.status() + " " + response.body());
        }
    }
}
