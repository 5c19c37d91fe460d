package io.gatehouse.middleware.retry;

import java.util.List;

/** Traefik's HTTP code ranges ({@code "500"}, {@code "500-599"}), validated once and looked up without allocation. */
final class StatusRanges {

    private final boolean[] codes;

    private StatusRanges(boolean[] codes) {
        this.codes = codes;
    }

    /** @throws IllegalArgumentException naming the entry, the value and what was expected */
    static StatusRanges parse(List<String> values) {
        boolean[] codes = new boolean[600];
        for (int i = 0; i < values.size(); i++) {
            String v = values.get(i) == null ? "" : values.get(i); // no trimming: Traefik's strconv.Atoi takes no spaces
            String[] parts = v.split("-", -1);
            if (parts.length > 2) {
                throw bad(i, v, "one code or two joined by '-'");
            }
            int from = code(parts[0], i, v);
            int to = parts.length == 2 ? code(parts[1], i, v) : from;
            if (from > to) {
                throw bad(i, v, "the range ends before it starts");
            }
            for (int c = from; c <= to; c++) {
                codes[c] = true;
            }
        }
        return new StatusRanges(codes);
    }

    boolean contains(int status) {
        return status >= 0 && status < codes.length && codes[status];
    }

    private static int code(String text, int i, String value) {
        String t = text;
        if (t.isEmpty() || t.length() > 3 || !t.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw bad(i, value, "codes are numbers");
        }
        int code = Integer.parseInt(t);
        if (code < 100 || code > 599) {
            throw bad(i, value, "codes are 100 to 599");
        }
        return code;
    }

    private static IllegalArgumentException bad(int i, String value, String why) {
        return new IllegalArgumentException("status[" + i + "]: expected a status code or a range such as 500-599 (got '"
                + value + "'; " + why + ")");
    }
}
