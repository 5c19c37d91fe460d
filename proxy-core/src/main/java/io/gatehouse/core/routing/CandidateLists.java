package io.gatehouse.core.routing;

import io.gatehouse.core.rule.Rule;
import io.gatehouse.core.rule.RuleResidual;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The route table's candidate lists, flattened so that a lookup touches few cache lines: at 10,000
 * routes spread over as many hosts, each lookup lands on data no earlier lookup left in the CPU
 * caches, and walking objects (entry, route, rule tree, strings) costs a memory access per object.
 *
 * <p>One {@code int[]} holds every list: a header {@code [count, flags, keyOffset, keyLength]}, then
 * per candidate, in rank order, {@code [rank, kind, ref, length]}. One {@code char[]} holds a
 * list's host key followed by its candidates' path values, so a host entry's key and paths are
 * adjacent. Candidates whose residual is a path prefix or an exact path are checked on those chars;
 * others evaluate {@code rules[ref]}. Immutable once built.
 */
final class CandidateLists {

    static final int HEADER = 4;
    static final int STRIDE = 4;
    /** Header flag of an exact-host list: routes indexed under the host's wildcard suffix exist. */
    static final int WILDCARD_MAY_APPLY = 1;

    static final int ALWAYS = 0;
    static final int PATH_PREFIX = 1;
    static final int PATH = 2;
    static final int RULE = 3;

    /** The offset of the list with no candidates. */
    static final int EMPTY = 0;

    final int[] cells;
    final char[] chars;
    final Rule[] rules;

    private CandidateLists(int[] cells, char[] chars, Rule[] rules) {
        this.cells = cells;
        this.chars = chars;
        this.rules = rules;
    }

    /** Whether {@code length} chars of the store from {@code offset} equal {@code s} from {@code from}. */
    boolean regionEquals(int offset, int length, String s, int from) {
        if (s.length() - from != length) {
            return false;
        }
        return regionMatches(offset, length, s, from);
    }

    /** Whether {@code s} starts with the {@code length} chars of the store from {@code offset}. */
    boolean isPrefixOf(int offset, int length, String s) {
        return s.length() >= length && regionMatches(offset, length, s, 0);
    }

    private boolean regionMatches(int offset, int length, String s, int from) {
        char[] c = chars;
        for (int i = 0; i < length; i++) {
            if (c[offset + i] != s.charAt(from + i)) {
                return false;
            }
        }
        return true;
    }

    /** A candidate for one list: its route's rank and what remains of its rule there. */
    record Candidate(int rank, RuleResidual residual) {
    }

    static final class Builder {

        private int[] cells = new int[64];
        private int cellCount;
        private final StringBuilder chars = new StringBuilder();
        private final List<Rule> rules = new ArrayList<>();

        Builder() {
            int empty = add("", List.of(), 0);
            assert empty == EMPTY;
        }

        /**
         * Appends a list; returns its offset. Candidates must be in rank order; those that can
         * never match are left out.
         */
        int add(String key, List<Candidate> candidates, int flags) {
            int offset = cellCount;
            int count = 0;
            for (Candidate candidate : candidates) {
                if (candidate.residual().kind() != RuleResidual.Kind.NEVER) {
                    count++;
                }
            }
            reserve(HEADER + count * STRIDE);
            cells[cellCount++] = count;
            cells[cellCount++] = flags;
            cells[cellCount++] = chars.length();
            cells[cellCount++] = key.length();
            chars.append(key);
            for (Candidate candidate : candidates) {
                RuleResidual residual = candidate.residual();
                int kind;
                int ref = 0;
                int length = 0;
                switch (residual.kind()) {
                    case NEVER -> {
                        continue;
                    }
                    case ALWAYS -> kind = ALWAYS;
                    case PATH_PREFIX, PATH -> {
                        kind = residual.kind() == RuleResidual.Kind.PATH ? PATH : PATH_PREFIX;
                        ref = chars.length();
                        length = residual.value().length();
                        chars.append(residual.value());
                    }
                    default -> {
                        kind = RULE;
                        ref = rules.size();
                        rules.add(residual.rule());
                    }
                }
                cells[cellCount++] = candidate.rank();
                cells[cellCount++] = kind;
                cells[cellCount++] = ref;
                cells[cellCount++] = length;
            }
            return offset;
        }

        private void reserve(int more) {
            if (cellCount + more > cells.length) {
                cells = Arrays.copyOf(cells, Math.max(cells.length * 2, cellCount + more));
            }
        }

        CandidateLists build() {
            char[] all = new char[chars.length()];
            chars.getChars(0, all.length, all, 0);
            return new CandidateLists(Arrays.copyOf(cells, cellCount), all, rules.toArray(Rule[]::new));
        }
    }
}
