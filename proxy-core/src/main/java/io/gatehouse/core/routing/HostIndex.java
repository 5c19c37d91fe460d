package io.gatehouse.core.routing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An immutable map from host names to {@link CandidateLists} records, looked up by a suffix of a
 * string ({@code host} from {@code from}) and its precomputed {@link #hash} without allocating.
 *
 * <p>The keys are known when the table is built, so it is a perfect hash (hash and displace): the
 * hash picks a small group, the group's displacement, chosen at build time, picks the one slot its
 * key can be in. A lookup reads exactly one slot, with no probe loop: at 10,000 hosts, the branches
 * of a probe loop, whose length differs from host to host, cost more than the memory reads.
 *
 * <p>The slots are {@value #SLOT} bytes each and live in the candidate lists' own bytes: a record
 * that fits (a host and its one or two routes) is stored in its slot, so a lookup reads the
 * displacement (a small, cached array) and then one stretch of memory. A larger record is stored
 * after the slots, and its slot holds {@code [SPILLED, offset]}; a slot without a key reads
 * {@code FREE}. Keys that cannot be placed (two hosts with the same 32-bit hash, which no
 * displacement separates) go to a small overflow table, probed linearly; it is usually empty.
 */
final class HostIndex {

    static final int SLOT = 48;
    private static final int FREE = -1;
    private static final int SPILLED = -2;
    private static final long NONE = -1L;
    /** Displacements tried per group before its keys go to the overflow table. */
    private static final int MAX_DISPLACEMENT = 1 << 16;

    private final CandidateLists lists;
    private final int base;
    private final int slotCount;
    private final int[] displacements;
    private final int groupShift;
    private final long[] overflow;

    /**
     * Where a laid-out index is: {@code slotCount} slots from {@code base}, the displacement per
     * group, and the overflow table ({@code hash << 32 | offset}, linearly probed; usually empty).
     */
    record Placement(int base, int slotCount, int[] displacements, int groupShift, long[] overflow) {
    }

    HostIndex(Placement placement, CandidateLists lists) {
        this.lists = lists;
        this.base = placement.base();
        this.slotCount = placement.slotCount();
        this.displacements = placement.displacements();
        this.groupShift = placement.groupShift();
        this.overflow = placement.overflow();
    }

    /**
     * Reserves the slots for {@code records} (canonical host, or wildcard suffix, to its {@link
     * CandidateLists.Builder#encode encoded} record) in {@code builder} and places every record.
     */
    static Placement lay(Map<String, byte[]> records, CandidateLists.Builder builder) {
        int keys = records.size();
        // load about 4/5: the last groups placed still find free slots in a few tries
        int slotCount = Math.max(2, keys + keys / 4);
        int groupBits = Integer.numberOfTrailingZeros(Integer.highestOneBit(Math.max(2, keys / 2)));
        int groupShift = 32 - groupBits;
        int[] displacements = new int[1 << groupBits];
        if ((long) slotCount * SLOT > Integer.MAX_VALUE / 2) {
            throw new IllegalArgumentException("too many hosts for one route table: " + keys);
        }
        int base = builder.reserve(slotCount * SLOT); // every slot FREE

        List<List<Map.Entry<String, byte[]>>> groups = new ArrayList<>(displacements.length);
        for (int g = 0; g < displacements.length; g++) {
            groups.add(new ArrayList<>(2));
        }
        for (Map.Entry<String, byte[]> entry : records.entrySet()) {
            groups.get(group(hash(entry.getKey(), 0), groupShift)).add(entry);
        }
        Integer[] order = new Integer[groups.size()];
        Arrays.setAll(order, g -> g);
        Arrays.sort(order, (a, b) -> groups.get(b).size() - groups.get(a).size()); // largest first
        boolean[] taken = new boolean[slotCount];
        Map<String, Integer> unplaced = new LinkedHashMap<>();
        for (int g : order) {
            List<Map.Entry<String, byte[]>> group = groups.get(g);
            List<Map.Entry<String, byte[]>> separable = new ArrayList<>(group.size());
            Set<Integer> hashes = new HashSet<>();
            for (Map.Entry<String, byte[]> entry : group) {
                if (hashes.add(hash(entry.getKey(), 0))) {
                    separable.add(entry);
                } else {
                    spill(entry, builder, unplaced); // same hash as another key of the group
                }
            }
            int[] chosen = place(separable, slotCount, taken);
            if (chosen == null) {
                separable.forEach(entry -> spill(entry, builder, unplaced));
                continue;
            }
            displacements[g] = chosen[chosen.length - 1];
            for (int k = 0; k < separable.size(); k++) {
                int at = base + chosen[k] * SLOT;
                byte[] record = separable.get(k).getValue();
                if (record.length <= SLOT) {
                    builder.put(at, record);
                } else {
                    builder.putInt(at, SPILLED);
                    builder.putInt(at + 4, builder.append(record));
                }
            }
        }
        return new Placement(base, slotCount, displacements, groupShift, linearTable(unplaced));
    }

    /**
     * The first displacement that puts every key of a group in a free slot of its own: the slots,
     * then the displacement, in one array (marked taken); null when none does.
     */
    private static int[] place(List<Map.Entry<String, byte[]>> group, int slotCount, boolean[] taken) {
        int[] keyHashes = group.stream().mapToInt(entry -> hash(entry.getKey(), 0)).toArray();
        int[] chosen = new int[keyHashes.length + 1];
        for (int displacement = 0; displacement < MAX_DISPLACEMENT; displacement++) {
            if (fits(keyHashes, displacement, slotCount, taken, chosen)) {
                for (int k = 0; k < keyHashes.length; k++) {
                    taken[chosen[k]] = true;
                }
                chosen[keyHashes.length] = displacement;
                return chosen;
            }
        }
        return null;
    }

    private static boolean fits(int[] keyHashes, int displacement, int slotCount, boolean[] taken, int[] chosen) {
        for (int k = 0; k < keyHashes.length; k++) {
            int slot = slot(keyHashes[k], displacement, slotCount);
            if (taken[slot]) {
                return false;
            }
            for (int earlier = 0; earlier < k; earlier++) {
                if (chosen[earlier] == slot) {
                    return false;
                }
            }
            chosen[k] = slot;
        }
        return true;
    }

    /** Appends the record of a key the perfect hash cannot place, for the overflow table. */
    private static void spill(Map.Entry<String, byte[]> entry, CandidateLists.Builder builder,
                              Map<String, Integer> unplaced) {
        unplaced.put(entry.getKey(), builder.append(entry.getValue()));
    }

    /** An open-addressing table for the keys the perfect hash could not place; usually empty. */
    private static long[] linearTable(Map<String, Integer> keys) {
        if (keys.isEmpty()) {
            return new long[0];
        }
        long[] table = new long[Integer.highestOneBit(keys.size()) << 2];
        Arrays.fill(table, NONE);
        int mask = table.length - 1;
        for (Map.Entry<String, Integer> entry : keys.entrySet()) {
            int hash = hash(entry.getKey(), 0);
            int slot = mix(hash) & mask;
            while (table[slot] != NONE) {
                slot = (slot + 1) & mask;
            }
            table[slot] = ((long) hash << 32) | entry.getValue();
        }
        return table;
    }

    /**
     * The list of {@code host.substring(from)}, whose {@link #hash} is {@code hash}; {@link
     * CandidateLists#EMPTY} when there is none.
     */
    int find(String host, int from, int hash) {
        int at = base + slot(hash, displacements[group(hash, groupShift)], slotCount) * SLOT;
        int tag = lists.intAt(at);
        if (tag == SPILLED) {
            at = lists.intAt(at + 4);
        }
        if (tag != FREE && lists.keyEquals(at, host, from)) {
            return at;
        }
        return overflow.length == 0 ? CandidateLists.EMPTY : findInOverflow(host, from, hash);
    }

    private int findInOverflow(String host, int from, int hash) {
        long[] table = overflow;
        int mask = table.length - 1;
        int slot = mix(hash) & mask;
        long entry;
        while ((entry = table[slot]) != NONE) {
            if ((int) (entry >>> 32) == hash && lists.keyEquals((int) entry, host, from)) {
                return (int) entry;
            }
            slot = (slot + 1) & mask;
        }
        return CandidateLists.EMPTY;
    }

    private static int group(int hash, int shift) {
        return (hash * 0x9E3779B9) >>> shift;
    }

    /** The displaced hash, scaled to {@code slotCount} by a multiply instead of a division. */
    private static int slot(int hash, int displacement, int slotCount) {
        return (int) (((mix(hash + displacement * 0x7FEB352D) & 0xFFFFFFFFL) * slotCount) >>> 32);
    }

    /** MurmurHash3's finalizer: every input bit affects every output bit. */
    private static int mix(int h) {
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        h *= 0xC2B2AE35;
        return h ^ (h >>> 16);
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
