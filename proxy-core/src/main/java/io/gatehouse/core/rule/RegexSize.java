package io.gatehouse.core.rule;

/**
 * An upper bound of how large an RE2 program a regular expression compiles to, computed from the
 * text alone. re2j expands counted repetitions like Go's regexp does, but has no size limit: a
 * 25-character {@code ((a{1000}){1000}){1000}} would take minutes and gigabytes to compile. Go
 * refuses such expressions as "expression too large"; we refuse them before compiling.
 */
final class RegexSize {

    /** The largest expansion accepted; Go's own limit is higher, but no routing regex comes near this. */
    static final long MAX = 100_000;

    private RegexSize() {
    }

    /** The estimated size, saturated just above {@link #MAX}. */
    static long estimate(String regex) {
        long[] total = new long[regex.length() + 2];
        long[] last = new long[regex.length() + 2];
        int depth = 0;
        int i = 0;
        while (i < regex.length()) {
            char c = regex.charAt(i);
            switch (c) {
                case '\\' -> {
                    i = skipEscape(regex, i);
                    total[depth] = add(total[depth], last[depth]);
                    last[depth] = 1;
                    continue;
                }
                case '[' -> {
                    i = skipClass(regex, i);
                    total[depth] = add(total[depth], last[depth]);
                    last[depth] = 1;
                    continue;
                }
                case '(' -> {
                    depth++;
                    total[depth] = 0;
                    last[depth] = 0;
                }
                case ')' -> {
                    if (depth > 0) {
                        long group = Math.max(1, add(total[depth], last[depth]));
                        depth--;
                        total[depth] = add(total[depth], last[depth]);
                        last[depth] = group;
                    }
                }
                case '|' -> {
                    total[depth] = add(total[depth], last[depth]);
                    last[depth] = 0;
                }
                case '{' -> {
                    int end = regex.indexOf('}', i);
                    long count = end < 0 ? -1 : repeatCount(regex.substring(i + 1, end));
                    if (count >= 0) {
                        last[depth] = multiply(last[depth], Math.max(1, count));
                        i = end + 1;
                        continue;
                    }
                    total[depth] = add(total[depth], last[depth]);
                    last[depth] = 1;
                }
                case '*', '+', '?' -> last[depth] = add(last[depth], 1);
                default -> {
                    total[depth] = add(total[depth], last[depth]);
                    last[depth] = 1;
                }
            }
            i++;
        }
        long size = add(total[depth], last[depth]);
        while (depth > 0) {
            depth--;
            size = add(size, add(total[depth], last[depth]));
        }
        return size;
    }

    /** For {@code n}, {@code n,} and {@code n,m}: the copies the repetition expands to; -1 if not a repetition. */
    private static long repeatCount(String body) {
        int comma = body.indexOf(',');
        String min = comma < 0 ? body : body.substring(0, comma);
        String max = comma < 0 ? body : body.substring(comma + 1);
        if (!digits(min) || (!max.isEmpty() && !digits(max))) {
            return -1;
        }
        long low = Long.parseLong(min.length() > 9 ? "999999999" : min);
        long high = max.isEmpty() ? low + 1 : Long.parseLong(max.length() > 9 ? "999999999" : max);
        return Math.max(low, high);
    }

    private static boolean digits(String s) {
        return !s.isEmpty() && s.chars().allMatch(ch -> ch >= '0' && ch <= '9');
    }

    private static int skipEscape(String regex, int i) {
        int next = i + 1;
        if (next >= regex.length()) {
            return next;
        }
        char kind = regex.charAt(next);
        if ((kind == 'p' || kind == 'P' || kind == 'x') && next + 1 < regex.length() && regex.charAt(next + 1) == '{') {
            int end = regex.indexOf('}', next);
            return end < 0 ? regex.length() : end + 1;
        }
        return next + 1;
    }

    private static int skipClass(String regex, int i) {
        int j = i + 1;
        if (j < regex.length() && regex.charAt(j) == '^') {
            j++;
        }
        if (j < regex.length() && regex.charAt(j) == ']') {
            j++;
        }
        while (j < regex.length()) {
            char c = regex.charAt(j);
            if (c == '\\') {
                j = skipEscape(regex, j);
                continue;
            }
            if (c == '[' && j + 1 < regex.length() && regex.charAt(j + 1) == ':') {
                int end = regex.indexOf(":]", j + 2);
                j = end < 0 ? j + 1 : end + 2;
                continue;
            }
            if (c == ']') {
                return j + 1;
            }
            j++;
        }
        return j;
    }

    private static long add(long a, long b) {
        return Math.min(MAX + 1, a + b);
    }

    private static long multiply(long a, long b) {
        if (a == 0) {
            return 0;
        }
        return b > (MAX + 1) / a ? MAX + 1 : Math.min(MAX + 1, a * b);
    }
}
