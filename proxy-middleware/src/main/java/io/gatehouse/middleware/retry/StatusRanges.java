package io.gatehouse.middleware.retry;

import java.util.List;

/** Traefik's HTTP code ranges ({@code "500"}, {@code "500-599"}), validated. */
final class StatusRanges {

    private StatusRanges() {
    }

    static int[][] parse(List<String> values) {
        int[][] ranges = new int[values.size()][];
        for (int i = 0; i < values.size(); i++) {
            String v = values.get(i) == null ? "" : values.get(i).trim();
            String[] parts = v.split("-", -1);
            if (parts.length > 2) {
                throw bad(i, v);
            }
            int from = code(parts[0], i, v);
            int to = parts.length == 2 ? code(parts[1], i, v) : from;
            if (from > to) {
                throw bad(i, v);
            }
            ranges[i] = new int[] {from, to};
        }
        return ranges;
    }

    private static int code(String text, int i, String value) {
        String t = text.trim();
        if (t.isEmpty() || t.length() > 3 || !t.chars().allMatch(Character::isDigit)) {
            throw bad(i, value);
        }
        int code = Integer.parseInt(t);
        if (code < 100 || code > 599) {
            throw bad(i, value);
        }
        return code;
    }

    private static IllegalArgumentException bad(int i, String value) {
        return new IllegalArgumentException("status[" + i + "]: expected a status code or a range such as 500-599 (got '"
                + value + "')");
    }
}
