package io.gatehouse.core.routing;

import io.gatehouse.core.rule.RuleResidual;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The host-less routes whose rule is a path prefix, an exact path or match-all, indexed by that
 * path, so that a request reaching them finds the best one in one pass over its path instead of
 * trying each in turn (a table with hundreds of {@code PathPrefix(`/team-N`)} routers).
 *
 * <p>{@link #best} walks the request path once, hashing its prefixes, and probes only at the lengths
 * some indexed path has. Immutable once built.
 */
final class PathPrefixIndex {

    static final PathPrefixIndex EMPTY = new PathPrefixIndex(List.of());

    private static final long FREE = -1L;

    /** Distinct lengths of the indexed paths, ascending. */
    private final int[] lengths;
    private final long[] slots;
    private final String[] keys;
    /** Per key: the lowest rank of a route matching requests whose path starts with the key. */
    private final int[] prefixRank;
    /** Per key: the lowest rank of a route matching requests whose path equals the key. */
    private final int[] exactRank;
    private final int lowestRank;

    /** A route and its path residual ({@link RuleResidual.Kind#PATH_PREFIX}, PATH or ALWAYS). */
    record Entry(int rank, RuleResidual residual) {
    }

    /** Whether the index can hold this residual. */
    static boolean indexable(RuleResidual residual) {
        return switch (residual.kind()) {
            case ALWAYS, PATH_PREFIX, PATH -> true;
            default -> false;
        };
    }

    PathPrefixIndex(List<Entry> entries) {
        Map<String, int[]> byKey = new LinkedHashMap<>(); // key -> {prefixRank, exactRank}
        TreeSet<Integer> distinctLengths = new TreeSet<>();
        int lowest = Integer.MAX_VALUE;
        for (Entry entry : entries) {
            RuleResidual residual = entry.residual();
            String key = residual.kind() == RuleResidual.Kind.ALWAYS ? "" : residual.value();
            int[] ranks = byKey.computeIfAbsent(key, k -> new int[] {Integer.MAX_VALUE, Integer.MAX_VALUE});
            int which = residual.kind() == RuleResidual.Kind.PATH ? 1 : 0;
            ranks[which] = Math.min(ranks[which], entry.rank());
            distinctLengths.add(key.length());
            lowest = Math.min(lowest, entry.rank());
        }
        this.lengths = distinctLengths.stream().mapToInt(Integer::intValue).toArray();
        this.lowestRank = lowest;
        int capacity = Integer.highestOneBit(Math.max(2, byKey.size() * 2 - 1)) << 1;
        this.slots = new long[capacity];
        Arrays.fill(slots, FREE);
        this.keys = new String[byKey.size()];
        this.prefixRank = new int[byKey.size()];
        this.exactRank = new int[byKey.size()];
        int index = 0;
        for (Map.Entry<String, int[]> e : byKey.entrySet()) {
            keys[index] = e.getKey();
            prefixRank[index] = e.getValue()[0];
            exactRank[index] = e.getValue()[1];
            int hash = e.getKey().hashCode();
            int slot = spread(hash);
            while (slots[slot] != FREE) {
                slot = (slot + 1) & (capacity - 1);
            }
            slots[slot] = ((long) hash << 32) | index;
            index++;
        }
    }

    /** The lowest rank of any indexed route; {@link Integer#MAX_VALUE} when there is none. */
    int lowestRank() {
        return lowestRank;
    }

    /** The lowest rank of an indexed route matching {@code path}; {@link Integer#MAX_VALUE} when none does. */
    int best(String path) {
        int[] lens = lengths;
        if (lens.length == 0) {
            return Integer.MAX_VALUE;
        }
        int best = Integer.MAX_VALUE;
        int next = 0;
        int hash = 0; // String.hashCode of path.substring(0, i)
        for (int i = 0; ; i++) {
            if (lens[next] == i) {
                best = Math.min(best, probe(path, i, hash));
                if (++next == lens.length) {
                    return best;
                }
            }
            if (i == path.length()) {
                return best;
            }
            hash = 31 * hash + path.charAt(i);
        }
    }

    private int probe(String path, int length, int hash) {
        long[] table = slots;
        int slot = spread(hash);
        long entry;
        while ((entry = table[slot]) != FREE) {
            if ((int) (entry >>> 32) == hash) {
                int index = (int) entry;
                String key = keys[index];
                if (key.length() == length && path.startsWith(key)) {
                    return length == path.length() ? Math.min(prefixRank[index], exactRank[index]) : prefixRank[index];
                }
            }
            slot = (slot + 1) & (table.length - 1);
        }
        return Integer.MAX_VALUE;
    }

    private int spread(int hash) {
        return (hash * 0x9E3779B9) >>> (32 - Integer.numberOfTrailingZeros(slots.length));
    }
}
