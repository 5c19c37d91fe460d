package io.gatehouse.core.routing;

import io.gatehouse.core.rule.HostScope;
import io.gatehouse.core.rule.MatchInput;
import io.gatehouse.core.rule.Rule;
import io.gatehouse.core.rule.RuleResidual;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static io.gatehouse.core.routing.CandidateLists.ALWAYS;
import static io.gatehouse.core.routing.CandidateLists.PATH;
import static io.gatehouse.core.routing.CandidateLists.PATH_PREFIX;
import static io.gatehouse.core.routing.CandidateLists.STRIDE;

/**
 * The routers of one configuration, in the order Traefik tries them: higher priority first; equal
 * priorities by router name, ascending (Traefik's sort is not stable, so its order for ties is
 * undefined; ours is fixed), then by position in the list given to {@link #build}.
 *
 * <p>A lookup never scans every route. Routes are indexed by the hosts their rule can match
 * ({@link HostScope}): exact host, wildcard suffix ({@code *.example.com} under {@code example.com},
 * one label), and host-less. A request's candidates are at most three lists, each already in global
 * order; they are merged on the fly and the first route whose rule matches wins, exactly as if all
 * routes had been tried in order.
 *
 * <p>Under a host the index has already decided the rule's host matchers, so what is checked is the
 * {@link RuleResidual residual} computed at build time, usually a path prefix, on the flat data of
 * {@link CandidateLists}. Built once per configuration; immutable and thread-safe.
 */
public final class RouteTable {

    private static final Comparator<Route> ORDER = Comparator
            .comparingInt(Route::effectivePriority).reversed()
            .thenComparing(Route::name);

    public static final RouteTable EMPTY = build(List.of());

    private final List<Route> ordered;
    private final Route[] byRank;
    private final CandidateLists lists;
    private final HostIndex exact;
    private final HostIndex wildcard;
    private final int anyHost;
    private final PathPrefixIndex anyHostPaths;

    private RouteTable(List<Route> ordered, CandidateLists lists, HostIndex exact, HostIndex wildcard,
                       int anyHost, PathPrefixIndex anyHostPaths) {
        this.ordered = ordered;
        this.byRank = ordered.toArray(Route[]::new);
        this.lists = lists;
        this.exact = exact;
        this.wildcard = wildcard;
        this.anyHost = anyHost;
        this.anyHostPaths = anyHostPaths;
    }

    /** Orders and indexes {@code routes}; called once per configuration. */
    public static RouteTable build(List<Route> routes) {
        List<Route> ordered = new ArrayList<>(routes);
        ordered.sort(ORDER); // stable: equal priority and name keep their given order
        Map<String, List<Integer>> exactRanks = new LinkedHashMap<>();
        Map<String, List<Integer>> wildcardRanks = new LinkedHashMap<>();
        List<Integer> anyHostRanks = new ArrayList<>();
        for (int rank = 0; rank < ordered.size(); rank++) {
            HostScope hosts = ordered.get(rank).rule().hosts();
            if (hosts == null || hosts.any() || !indexable(hosts)) {
                anyHostRanks.add(rank);
                continue;
            }
            // Lists are filled in rank order, so each is sorted; a host named twice adds once.
            for (String host : hosts.exact()) {
                addOnce(exactRanks, host, rank); // already canonical (HostScope)
            }
            for (String suffix : hosts.wildcardSuffixes()) {
                addOnce(wildcardRanks, suffix, rank);
            }
        }

        CandidateLists.Builder builder = new CandidateLists.Builder();
        Map<String, byte[]> wildcardRecords = new LinkedHashMap<>();
        wildcardRanks.forEach((suffix, ranks) -> wildcardRecords.put(suffix, builder.encode(suffix,
                candidates(ordered, ranks, rule -> RuleResidual.givenWildcardSuffix(rule, suffix)), 0)));
        Map<String, byte[]> exactRecords = new LinkedHashMap<>();
        exactRanks.forEach((host, ranks) -> exactRecords.put(host, builder.encode(host,
                candidates(ordered, ranks, rule -> RuleResidual.givenHost(rule, host)),
                wildcardRanks.containsKey(wildcardSuffix(host)) ? CandidateLists.WILDCARD_MAY_APPLY : 0)));
        // Host-less path rules go to the path index, the rest stays a list
        List<CandidateLists.Candidate> others = new ArrayList<>();
        List<PathPrefixIndex.Entry> byPath = new ArrayList<>();
        for (CandidateLists.Candidate candidate : candidates(ordered, anyHostRanks, RuleResidual::of)) {
            if (PathPrefixIndex.indexable(candidate.residual())) {
                byPath.add(new PathPrefixIndex.Entry(candidate.rank(), candidate.residual()));
            } else {
                others.add(candidate);
            }
        }
        int anyHost = builder.add("", others, 0);
        HostIndex.Placement wildcard = HostIndex.lay(wildcardRecords, builder);
        HostIndex.Placement exact = HostIndex.lay(exactRecords, builder);
        CandidateLists lists = builder.build();
        return new RouteTable(List.copyOf(ordered), lists, new HostIndex(exact, lists),
                new HostIndex(wildcard, lists), anyHost, new PathPrefixIndex(byPath));
    }

    /**
     * Keys are stored as Latin-1, at most {@link CandidateLists#MAX_KEY_LENGTH} long; a rule naming
     * another host (the parser refuses non-ASCII ones) is tried for every host.
     */
    private static boolean indexable(HostScope hosts) {
        return hosts.exact().stream().allMatch(CandidateLists::indexableKey)
                && hosts.wildcardSuffixes().stream().allMatch(CandidateLists::indexableKey);
    }

    private static void addOnce(Map<String, List<Integer>> index, String key, int rank) {
        List<Integer> list = index.computeIfAbsent(key, k -> new ArrayList<>(2));
        if (list.isEmpty() || list.get(list.size() - 1) != rank) {
            list.add(rank);
        }
    }

    private static List<CandidateLists.Candidate> candidates(List<Route> ordered, List<Integer> ranks,
                                                             Function<Rule, RuleResidual> residual) {
        List<CandidateLists.Candidate> candidates = new ArrayList<>(ranks.size());
        for (int rank : ranks) {
            candidates.add(new CandidateLists.Candidate(rank, residual.apply(ordered.get(rank).rule().rule())));
        }
        return candidates;
    }

    /** What a request for {@code host} is looked up by in the wildcard index; "" when nothing. */
    private static String wildcardSuffix(String host) {
        int dot = host.indexOf('.');
        return dot > 0 && dot < host.length() - 1 ? host.substring(dot + 1) : "";
    }

    /** The first route, in priority order, whose rule matches; null when none does. */
    public Route lookup(MatchInput request) {
        String host = request.host();
        // One pass from the end: the host's hash, and at its first dot the hash of what follows.
        int hash = 0;
        int suffixHash = 0;
        int firstDot = -1;
        for (int i = host.length() - 1; i >= 0; i--) {
            char c = host.charAt(i);
            if (c == '.') {
                firstDot = i;
                suffixHash = hash;
            }
            hash = 31 * hash + c;
        }
        int byHost = exact.find(host, 0, hash);
        int bySuffix = CandidateLists.EMPTY;
        boolean wildcardMayApply = byHost == CandidateLists.EMPTY
                || (lists.flags(byHost) & CandidateLists.WILDCARD_MAY_APPLY) != 0;
        if (wildcardMayApply && firstDot > 0 && firstDot < host.length() - 1) {
            bySuffix = wildcard.find(host, firstDot + 1, suffixHash);
        }
        return firstMatch(request, byHost, bySuffix, anyHost);
    }

    /**
     * Merges three rank-sorted lists, trying each route once, in global order; the host-less path
     * index is consulted (once) as soon as the walk reaches the lowest rank it holds, and its best
     * match wins over every later candidate.
     */
    private Route firstMatch(MatchInput request, int a, int b, int c) {
        final CandidateLists cells = lists;
        int i = cells.candidates(a);
        int iEnd = i + cells.count(a) * STRIDE;
        int j = cells.candidates(b);
        int jEnd = j + cells.count(b) * STRIDE;
        int k = cells.candidates(c);
        int kEnd = k + cells.count(c) * STRIDE;
        int lastTried = -1;
        String path = null;
        int indexed = Integer.MAX_VALUE; // the path index's best match, once consulted
        boolean consulted = anyHostPaths.lowestRank() == Integer.MAX_VALUE; // nothing to consult
        while (true) {
            int next = -1;
            int from = 0;
            int rank = Integer.MAX_VALUE;
            if (i < iEnd) {
                next = i;
                rank = cells.intAt(i);
                from = 1;
            }
            if (j < jEnd && cells.intAt(j) < rank) {
                next = j;
                rank = cells.intAt(j);
                from = 2;
            }
            if (k < kEnd && cells.intAt(k) < rank) {
                next = k;
                rank = cells.intAt(k);
                from = 3;
            }
            if (!consulted && rank >= anyHostPaths.lowestRank()) {
                consulted = true;
                if (path == null) {
                    path = request.path();
                }
                indexed = anyHostPaths.best(path);
            }
            if (rank > indexed) {
                return byRank[indexed]; // every candidate ranked before it has failed
            }
            if (next < 0) {
                return null;
            }
            switch (from) {
                case 1 -> i += STRIDE;
                case 2 -> j += STRIDE;
                default -> k += STRIDE;
            }
            if (rank == lastTried) {
                continue; // in both the exact and the wildcard list
            }
            lastTried = rank;
            int kind = cells.kind(next);
            boolean matches;
            if (kind == ALWAYS) {
                matches = true;
            } else if (kind == PATH_PREFIX) {
                if (path == null) {
                    path = request.path();
                }
                matches = cells.prefixMatches(next, path);
            } else if (kind == PATH) {
                if (path == null) {
                    path = request.path();
                }
                matches = cells.pathMatches(next, path);
            } else {
                matches = cells.rule(next).matches(request);
            }
            if (matches) {
                return byRank[rank];
            }
        }
    }

    /** The number of routes. */
    public int size() {
        return ordered.size();
    }

    /** Every route, in the order they are tried. */
    public List<Route> routes() {
        return ordered;
    }
}
