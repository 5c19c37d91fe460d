package io.gatehouse.core.routing;

import java.util.Arrays;
import java.util.Map;

/**
 * An immutable open-addressing map from host names to {@link CandidateLists} offsets, looked up by
 * a suffix of a string ({@code host} from {@code from}) and its precomputed {@link #hash} without
 * allocating. Each slot is one {@code long}: the key's hash and its list's offset, so a probe reads
 * the key (stored with its list) only when the hashes agree.
 */
final class HostIndex {

    private static final long FREE = -1L;

    private final long[] slots;
    private final int shift;
    private final CandidateLists lists;

    /** @param offsets canonical host (or wildcard suffix) to the offset of its list in {@code lists} */
    HostIndex(Map<String, Integer> offsets, CandidateLists lists) {
        // load under 3/4: probes stay short, and the table small enough to stay in cache
        int capacity = Integer.highestOneBit(Math.max(2, offsets.size() + offsets.size() / 3)) << 1;
        this.slots = new long[capacity];
        this.shift = 32 - Integer.numberOfTrailingZeros(capacity);
        this.lists = lists;
        Arrays.fill(slots, FREE);
        int mask = capacity - 1;
        for (Map.Entry<String, Integer> entry : offsets.entrySet()) {
            int hash = hash(entry.getKey(), 0);
            int slot = spread(hash);
            while (slots[slot] != FREE) {
                slot = (slot + 1) & mask;
            }
            slots[slot] = ((long) hash << 32) | entry.getValue();
        }
    }

    /**
     * The list of {@code host.substring(from)}, whose {@link #hash} is {@code hash}; {@link
     * CandidateLists#EMPTY} when there is none.
     */
    int find(String host, int from, int hash) {
        long[] table = slots;
        int mask = table.length - 1;
        int slot = spread(hash);
        long entry;
        while ((entry = table[slot]) != FREE) {
            if ((int) (entry >>> 32) == hash) {
                int offset = (int) entry;
                if (lists.keyEquals(offset, host, from)) {
                    return offset;
                }
            }
            slot = (slot + 1) & mask;
        }
        return CandidateLists.EMPTY;
    }

    private int spread(int hash) {
        return (hash * 0x9E3779B9) >>> shift;
    }

    /**
     * {@code s.substring(from)}'s hash, computed from the end so that one pass over a host also
     * yields the hash of each of its suffixes ({@link RouteTable#lookup}).
     */
    static int hash(String s, int from) {
        int h = 0;
        for (int i = s.length() - 1; i >= from; i--) {
            h = 31 * h + s.charAt(i);
        }
        return h;
    }
}
