package io.gatehouse.core.routing;

import java.util.List;
import java.util.Map;

/**
 * An immutable open-addressing map from host names to ranked candidate lists that can be looked
 * up by a suffix of a string ({@code host} from {@code offset}) without allocating a substring.
 */
final class HostIndex {

    static final HostIndex EMPTY = new HostIndex(Map.of());

    private final String[] keys;
    private final RankedRoute[][] values;
    private final int mask;

    HostIndex(Map<String, List<RankedRoute>> entries) {
        int capacity = Integer.highestOneBit(Math.max(4, entries.size() * 2 + 1)) << 1;
        keys = new String[capacity];
        values = new RankedRoute[capacity][];
        mask = capacity - 1;
        for (Map.Entry<String, List<RankedRoute>> entry : entries.entrySet()) {
            String key = entry.getKey();
            int slot = hash(key, 0) & mask;
            while (keys[slot] != null) {
                slot = (slot + 1) & mask;
            }
            keys[slot] = key;
            values[slot] = entry.getValue().toArray(RankedRoute[]::new);
        }
    }

    /** The routes indexed under {@code host.substring(offset)}, or null. */
    RankedRoute[] get(String host, int offset) {
        int length = host.length() - offset;
        int slot = hash(host, offset) & mask;
        String key;
        while ((key = keys[slot]) != null) {
            if (key.length() == length && key.regionMatches(0, host, offset, length)) {
                return values[slot];
            }
            slot = (slot + 1) & mask;
        }
        return null;
    }

    private static int hash(String s, int offset) {
        int h = 0;
        for (int i = offset; i < s.length(); i++) {
            h = 31 * h + s.charAt(i);
        }
        return h ^ (h >>> 16);
    }
}
