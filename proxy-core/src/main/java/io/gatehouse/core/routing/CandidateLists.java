package io.gatehouse.core.routing;

import io.gatehouse.core.rule.Rule;
import io.gatehouse.core.rule.RuleResidual;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The route table's candidate lists, flattened so that a lookup touches few cache lines: at 10,000
 * routes spread over as many hosts, each lookup lands on data no earlier lookup left in the CPU
 * caches, and walking objects (entry, route, rule tree, strings) costs a memory access per object.
 *
 * <p>One {@code byte[]} holds every list as one record: a header {@code [keyLength, count, flags]},
 * the host key (Latin-1), then per candidate, in rank order, {@code [rank, kind, ref, length]}, then
 * the candidates' path values (Latin-1). A host's key, its candidates and their paths are thus
 * adjacent: usually one or two cache lines. Candidates whose residual is a path prefix or an exact
 * path are checked on those bytes ({@code ref} is the value's offset); others evaluate
 * {@code rules[ref]}. Immutable once built.
 */
final class CandidateLists {

    static final int HEADER = 12;
    static final int STRIDE = 16;
    /** Header flag of an exact-host list: routes indexed under the host's wildcard suffix exist. */
    static final int WILDCARD_MAY_APPLY = 1;

    static final int ALWAYS = 0;
    static final int PATH_PREFIX = 1;
    static final int PATH = 2;
    static final int RULE = 3;

    /** The offset of the list with no candidates. */
    static final int EMPTY = 0;

    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    final byte[] bytes;
    final Rule[] rules;

    private CandidateLists(byte[] bytes, Rule[] rules) {
        this.bytes = bytes;
        this.rules = rules;
    }

    int intAt(int offset) {
        return (int) INT.get(bytes, offset);
    }

    int count(int list) {
        return intAt(list + 4);
    }

    int flags(int list) {
        return intAt(list + 8);
    }

    /** The offset of the list's first candidate. */
    int candidates(int list) {
        return list + HEADER + intAt(list);
    }

    /** Whether the list's key equals {@code s} from {@code from}. */
    boolean keyEquals(int list, String s, int from) {
        int length = intAt(list);
        return s.length() - from == length && regionMatches(list + HEADER, length, s, from);
    }

    /** Whether {@code s} starts with the {@code length} bytes from {@code offset}. */
    boolean isPrefixOf(int offset, int length, String s) {
        return s.length() >= length && regionMatches(offset, length, s, 0);
    }

    /** Whether {@code s} equals the {@code length} bytes from {@code offset}. */
    boolean isEqualTo(int offset, int length, String s) {
        return s.length() == length && regionMatches(offset, length, s, 0);
    }

    private boolean regionMatches(int offset, int length, String s, int from) {
        byte[] b = bytes;
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

    /** A candidate for one list: its route's rank and what remains of its rule there. */
    record Candidate(int rank, RuleResidual residual) {
    }

    static final class Builder {

        private byte[] out = new byte[256];
        private int size;
        private final List<Rule> rules = new ArrayList<>();

        Builder() {
            int empty = add("", List.of(), 0);
            assert empty == EMPTY;
        }

        /**
         * Appends a list; returns its offset. {@code key} must be {@link #latin1}; candidates must be
         * in rank order; those that can never match are left out.
         */
        int add(String key, List<Candidate> candidates, int flags) {
            List<Candidate> kept = new ArrayList<>(candidates.size());
            for (Candidate candidate : candidates) {
                if (candidate.residual().kind() != RuleResidual.Kind.NEVER) {
                    kept.add(candidate);
                }
            }
            int offset = size;
            writeInt(key.length());
            writeInt(kept.size());
            writeInt(flags);
            writeLatin1(key);
            int valueOffset = offset + HEADER + key.length() + kept.size() * STRIDE;
            List<String> values = new ArrayList<>();
            for (Candidate candidate : kept) {
                RuleResidual residual = candidate.residual();
                RuleResidual.Kind shape = residual.kind();
                boolean onBytes = (shape == RuleResidual.Kind.PATH_PREFIX || shape == RuleResidual.Kind.PATH)
                        && latin1(residual.value());
                writeInt(candidate.rank());
                if (shape == RuleResidual.Kind.ALWAYS) {
                    writeInt(ALWAYS);
                    writeInt(0);
                    writeInt(0);
                } else if (onBytes) {
                    writeInt(shape == RuleResidual.Kind.PATH ? PATH : PATH_PREFIX);
                    writeInt(valueOffset);
                    writeInt(residual.value().length());
                    values.add(residual.value());
                    valueOffset += residual.value().length();
                } else {
                    writeInt(RULE);
                    writeInt(rules.size());
                    writeInt(0);
                    rules.add(residual.rule());
                }
            }
            values.forEach(this::writeLatin1);
            return offset;
        }

        private void writeInt(int value) {
            write(value);
            write(value >>> 8);
            write(value >>> 16);
            write(value >>> 24);
        }

        private void writeLatin1(String s) {
            for (int i = 0; i < s.length(); i++) {
                write(s.charAt(i));
            }
        }

        private void write(int b) {
            if (size == out.length) {
                out = Arrays.copyOf(out, size * 2);
            }
            out[size++] = (byte) b;
        }

        CandidateLists build() {
            return new CandidateLists(Arrays.copyOf(out, size), rules.toArray(Rule[]::new));
        }
    }
}
