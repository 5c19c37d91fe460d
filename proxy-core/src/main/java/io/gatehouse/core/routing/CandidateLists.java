package io.gatehouse.core.routing;

import io.gatehouse.core.rule.Rule;
import io.gatehouse.core.rule.RuleResidual;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The route table's candidate lists, flattened so that a lookup touches few cache lines: at 10,000
 * routes spread over as many hosts, each lookup lands on data no earlier lookup left in the CPU
 * caches, and walking objects (entry, route, rule tree, strings) costs a memory access per object.
 * The lists are also kept small, since the whole table must stay in the core's own cache (L2) for
 * a lookup to cost no more at 10,000 routes than at 10.
 *
 * <p>One {@code byte[]} holds every list as one record: a header {@code keyLength | flags << 9 |
 * count << 10}, the host key (Latin-1), then per candidate, in rank order, {@code [rank, kind << 30 |
 * ref]}. A host's key and its candidates are thus adjacent: usually one cache line. Candidates whose
 * residual is a path prefix or an exact path are checked on bytes: {@code ref} is the offset of
 * {@code [length, Latin-1 value]} in {@link #paths}, where each distinct value is stored once (a few
 * hundred bytes that stay cached, however many hosts share {@code /api}). Others evaluate
 * {@code rules[ref]}. Immutable once built.
 */
final class CandidateLists {

    static final int HEADER = 4;
    static final int STRIDE = 8;
    /** Header flag of an exact-host list: routes indexed under the host's wildcard suffix exist. */
    static final int WILDCARD_MAY_APPLY = 1;
    /** Longer keys are not indexed (a DNS name has at most 253 characters). */
    static final int MAX_KEY_LENGTH = 511;

    static final int ALWAYS = 0;
    static final int PATH_PREFIX = 1;
    static final int PATH = 2;
    static final int RULE = 3;

    /** The offset of the list with no candidates. */
    static final int EMPTY = 0;

    /** At most, so that no header reads -1 or -2 (a {@link HostIndex} slot's tags). */
    private static final int MAX_COUNT = (1 << 22) - 3;
    private static final int MAX_REF = (1 << 30) - 1;

    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    final byte[] bytes;
    final byte[] paths;
    final Rule[] rules;

    private CandidateLists(byte[] bytes, byte[] paths, Rule[] rules) {
        this.bytes = bytes;
        this.paths = paths;
        this.rules = rules;
    }

    int intAt(int offset) {
        return (int) INT.get(bytes, offset);
    }

    int count(int list) {
        return intAt(list) >>> 10;
    }

    int flags(int list) {
        return (intAt(list) >>> 9) & 1;
    }

    private int keyLength(int list) {
        return intAt(list) & MAX_KEY_LENGTH;
    }

    /** The offset of the list's first candidate. */
    int candidates(int list) {
        return list + HEADER + keyLength(list);
    }

    /** The candidate's kind: {@link #ALWAYS}, {@link #PATH_PREFIX}, {@link #PATH} or {@link #RULE}. */
    int kind(int candidate) {
        return intAt(candidate + 4) >>> 30;
    }

    /** Whether {@code path} starts with the candidate's path value (a {@link #PATH_PREFIX}). */
    boolean prefixMatches(int candidate, String path) {
        int value = intAt(candidate + 4) & MAX_REF;
        int length = (int) INT.get(paths, value);
        return path.length() >= length && regionMatches(paths, value + 4, length, path, 0);
    }

    /** Whether {@code path} equals the candidate's path value (a {@link #PATH}). */
    boolean pathMatches(int candidate, String path) {
        int value = intAt(candidate + 4) & MAX_REF;
        int length = (int) INT.get(paths, value);
        return path.length() == length && regionMatches(paths, value + 4, length, path, 0);
    }

    /** The rule a {@link #RULE} candidate evaluates. */
    Rule rule(int candidate) {
        return rules[intAt(candidate + 4) & MAX_REF];
    }

    /** Whether the list's key equals {@code s} from {@code from}. */
    boolean keyEquals(int list, String s, int from) {
        int length = keyLength(list);
        return s.length() - from == length && regionMatches(bytes, list + HEADER, length, s, from);
    }

    private static boolean regionMatches(byte[] b, int offset, int length, String s, int from) {
        for (int i = 0; i < length; i++) {
            if ((b[offset + i] & 0xFF) != s.charAt(from + i)) {
                return false;
            }
        }
        return true;
    }

    /** Whether every char of {@code s} fits a byte (Latin-1), as keys and path values must here. */
    static boolean latin1(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0xFF) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code key} can be a list's key: Latin-1, at most {@link #MAX_KEY_LENGTH} long. */
    static boolean indexableKey(String key) {
        return key.length() <= MAX_KEY_LENGTH && latin1(key);
    }

    /** A candidate for one list: its route's rank and what remains of its rule there. */
    record Candidate(int rank, RuleResidual residual) {
    }

    static final class Builder {

        private final Bytes out = new Bytes();
        private final Bytes paths = new Bytes();
        private final Map<String, Integer> pathOffsets = new HashMap<>();
        private final List<Rule> rules = new ArrayList<>();

        Builder() {
            int empty = add("", List.of(), 0);
            assert empty == EMPTY;
        }

        /** Appends a list ({@link #encode}); returns its offset. */
        int add(String key, List<Candidate> candidates, int flags) {
            return append(encode(key, candidates, flags));
        }

        /**
         * A list's record, position-independent. {@code key} must be {@link #indexableKey};
         * candidates must be in rank order; those that can never match are left out.
         */
        byte[] encode(String key, List<Candidate> candidates, int flags) {
            List<Candidate> kept = new ArrayList<>(candidates.size());
            for (Candidate candidate : candidates) {
                if (candidate.residual().kind() != RuleResidual.Kind.NEVER) {
                    kept.add(candidate);
                }
            }
            if (kept.size() > MAX_COUNT) {
                throw new IllegalArgumentException("more than " + MAX_COUNT + " routes under one host");
            }
            Bytes record = new Bytes();
            record.writeInt(key.length() | flags << 9 | kept.size() << 10);
            record.writeLatin1(key);
            for (Candidate candidate : kept) {
                record.writeInt(candidate.rank());
                record.writeInt(reference(candidate.residual()));
            }
            return record.toArray();
        }

        /** Appends {@code record}; returns its offset. */
        int append(byte[] record) {
            int offset = reserve(record.length);
            put(offset, record);
            return offset;
        }

        /** Appends {@code length} bytes, each -1 (so every int there reads -1); returns their offset. */
        int reserve(int length) {
            return out.reserve(length);
        }

        /** Copies {@code record} to {@code offset}, in space already reserved. */
        void put(int offset, byte[] record) {
            System.arraycopy(record, 0, out.buffer, offset, record.length);
        }

        /** Writes {@code value} at {@code offset}, in space already reserved. */
        void putInt(int offset, int value) {
            INT.set(out.buffer, offset, value);
        }

        private int reference(RuleResidual residual) {
            RuleResidual.Kind shape = residual.kind();
            if (shape == RuleResidual.Kind.ALWAYS) {
                return ALWAYS << 30;
            }
            if ((shape == RuleResidual.Kind.PATH_PREFIX || shape == RuleResidual.Kind.PATH)
                    && latin1(residual.value())) {
                int value = pathOffsets.computeIfAbsent(residual.value(), this::writePath);
                if (value <= MAX_REF) {
                    return (shape == RuleResidual.Kind.PATH ? PATH : PATH_PREFIX) << 30 | value;
                }
            }
            if (rules.size() > MAX_REF) {
                throw new IllegalArgumentException("more than " + MAX_REF + " rules in one route table");
            }
            rules.add(residual.rule());
            return RULE << 30 | (rules.size() - 1);
        }

        private int writePath(String value) {
            int offset = paths.size;
            paths.writeInt(value.length());
            paths.writeLatin1(value);
            return offset;
        }

        CandidateLists build() {
            return new CandidateLists(out.toArray(), paths.toArray(), rules.toArray(Rule[]::new));
        }
    }

    /** A growing little-endian byte buffer. */
    private static final class Bytes {

        private byte[] buffer = new byte[256];
        private int size;

        void writeInt(int value) {
            ensure(4);
            INT.set(buffer, size, value);
            size += 4;
        }

        int reserve(int length) {
            ensure(length);
            int offset = size;
            Arrays.fill(buffer, offset, offset + length, (byte) -1);
            size += length;
            return offset;
        }

        void writeLatin1(String s) {
            ensure(s.length());
            for (int i = 0; i < s.length(); i++) {
                buffer[size++] = (byte) s.charAt(i);
            }
        }

        private void ensure(int more) {
            long needed = (long) size + more;
            if (needed > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("route table over 2 GB");
            }
            if (needed > buffer.length) {
                buffer = Arrays.copyOf(buffer, (int) Math.min(Integer.MAX_VALUE - 8,
                        Math.max(needed, buffer.length * 2L)));
            }
        }

        byte[] toArray() {
            return Arrays.copyOf(buffer, size);
        }
    }
}
