package io.gatehouse.core.routing;

import io.gatehouse.core.rule.HostScope;
import io.gatehouse.core.rule.MatchInput;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The routers of one configuration, in the order Traefik tries them: higher priority first; equal
 * priorities by router name, ascending (Traefik's sort is not stable, so its order for ties is
 * undefined; ours is fixed), then by position in the list given to {@link #build}.
 *
 * <p>A lookup never scans every route. Routes are indexed by the hosts their rule can match
 * ({@link HostScope}): exact host, wildcard suffix ({@code *.example.com} under {@code example.com},
 * one label), and host-less. A request's candidates are at most three lists, each already in global
 * order; they are merged on the fly and the first route whose rule matches wins, exactly as if all
 * routes had been tried in order. Built once per configuration; immutable and thread-safe.
 */
public final class RouteTable {

    private static final RankedRoute[] NONE = new RankedRoute[0];
    private static final Comparator<Route> ORDER = Comparator
            .comparingInt(Route::effectivePriority).reversed()
            .thenComparing(Route::name);

    public static final RouteTable EMPTY = new RouteTable(List.of(), HostIndex.EMPTY, HostIndex.EMPTY, NONE);

    private final List<Route> ordered;
    private final HostIndex exact;
    private final HostIndex wildcard;
    private final RankedRoute[] anyHost;

    private RouteTable(List<Route> ordered, HostIndex exact, HostIndex wildcard, RankedRoute[] anyHost) {
        this.ordered = ordered;
        this.exact = exact;
        this.wildcard = wildcard;
        this.anyHost = anyHost;
    }

    /** Orders and indexes {@code routes}; called once per configuration. */
    public static RouteTable build(List<Route> routes) {
        List<Route> ordered = new ArrayList<>(routes);
        ordered.sort(ORDER); // stable: equal priority and name keep their given order
        Map<String, List<RankedRoute>> exact = new HashMap<>();
        Map<String, List<RankedRoute>> wildcard = new HashMap<>();
        List<RankedRoute> anyHost = new ArrayList<>();
        for (int rank = 0; rank < ordered.size(); rank++) {
            Route route = ordered.get(rank);
            RankedRoute ranked = new RankedRoute(rank, route, route.rule().rule());
            HostScope hosts = route.rule().hosts();
            if (hosts == null || hosts.any()) {
                anyHost.add(ranked);
                continue;
            }
            // Lists are filled in rank order, so each is sorted; a host named twice adds once.
            for (String host : hosts.exact()) {
                addOnce(exact, RequestHost.indexKey(host), ranked);
            }
            for (String suffix : hosts.wildcardSuffixes()) {
                addOnce(wildcard, RequestHost.indexKey(suffix), ranked);
            }
        }
        return new RouteTable(List.copyOf(ordered), new HostIndex(exact), new HostIndex(wildcard),
                anyHost.toArray(RankedRoute[]::new));
    }

    private static void addOnce(Map<String, List<RankedRoute>> index, String key, RankedRoute ranked) {
        List<RankedRoute> list = index.computeIfAbsent(key, k -> new ArrayList<>(2));
        if (list.isEmpty() || list.get(list.size() - 1) != ranked) {
            list.add(ranked);
        }
    }

    /** The first route, in priority order, whose rule matches; null when none does. */
    public Route lookup(MatchInput request) {
        String host = request.host();
        RankedRoute[] byHost = exact.get(host, 0);
        RankedRoute[] bySuffix = null;
        int dot = host.indexOf('.');
        if (dot > 0 && dot < host.length() - 1) {
            bySuffix = wildcard.get(host, dot + 1);
        }
        return firstMatch(request, byHost == null ? NONE : byHost, bySuffix == null ? NONE : bySuffix, anyHost);
    }

    /** Merges three rank-sorted lists, trying each route once, in global order. */
    private static Route firstMatch(MatchInput request, RankedRoute[] a, RankedRoute[] b, RankedRoute[] c) {
        int i = 0;
        int j = 0;
        int k = 0;
        int lastTried = -1;
        while (i < a.length || j < b.length || k < c.length) {
            RankedRoute next = null;
            int from = 0;
            if (i < a.length) {
                next = a[i];
                from = 1;
            }
            if (j < b.length && (next == null || b[j].rank() < next.rank())) {
                next = b[j];
                from = 2;
            }
            if (k < c.length && (next == null || c[k].rank() < next.rank())) {
                next = c[k];
                from = 3;
            }
            switch (from) {
                case 1 -> i++;
                case 2 -> j++;
                default -> k++;
            }
            if (next.rank() == lastTried) {
                continue; // in both the exact and the wildcard list
            }
            lastTried = next.rank();
            if (next.rule().matches(request)) {
                return next.route();
            }
        }
        return null;
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
