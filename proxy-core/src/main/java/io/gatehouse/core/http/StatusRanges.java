package io.gatehouse.core.http;

import java.util.List;

/**
 * Traefik's HTTP code ranges ({@code "500"}, {@code "500-599"}) as retry's and failover's {@code status} take
 * them: validated once when the configuration is built, then looked up per response without allocation.
 */
public final class StatusRanges {

    private final boolean[] codes;

    private StatusRanges(boolean[] codes) {
        this.codes = codes;
    }

    /** @throws IllegalArgumentException {@code status[i]: } followed by {@link #problem} of the first bad entry */
    public static StatusRanges parse(List<String> values) {
        boolean[] codes = new boolean[600];
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i);
            String problem = problem(value);
            if (problem != null) {
                throw new IllegalArgumentException("status[" + i + "]: " + problem);
            }
            String[] parts = value.trim().split("-", -1);
            int from = Integer.parseInt(parts[0].trim());
            int to = parts.length == 2 ? Integer.parseInt(parts[1].trim()) : from;
            for (int c = from; c <= to; c++) {
                codes[c] = true;
            }
        }
        return new StatusRanges(codes);
    }

    /**
     * Null when {@code value} is a status (100 to 599) or a range of them, low to high; else what is wrong, e.g.
     * {@code expected a status code or a range such as 500-599 (got '600'; codes are 100 to 599)}.
     */
    public static String problem(String value) {
        String v = value == null ? "" : value.trim();
        String[] parts = v.split("-", -1);
        if (parts.length > 2) {
            return bad(v, "one code or two joined by '-'");
        }
        int from = code(parts[0]);
        int to = parts.length == 2 ? code(parts[1]) : from;
        if (from == NOT_A_NUMBER || to == NOT_A_NUMBER) {
            return bad(v, "codes are numbers");
        }
        if (from < 100 || from > 599 || to < 100 || to > 599) {
            return bad(v, "codes are 100 to 599");
        }
        if (from > to) {
            return bad(v, "the range ends before it starts");
        }
        return null;
    }

    public boolean contains(int status) {
        return status >= 0 && status < codes.length && codes[status];
    }

    private static final int NOT_A_NUMBER = -1;

    private static int code(String text) {
        String t = text.trim();
        if (t.isEmpty() || t.length() > 3) {
            return NOT_A_NUMBER;
        }
        for (int i = 0; i < t.length(); i++) {
            if (t.charAt(i) < '0' || t.charAt(i) > '9') {
                return NOT_A_NUMBER;
            }
        }
        return Integer.parseInt(t);
    }

    private static String bad(String value, String why) {
        return "expected a status code or a range such as 500-599 (got '" + value + "'; " + why + ")";
    }
}
