package io.gatehouse.core.http;

import io.gatehouse.core.config.ConfigError;

import java.util.ArrayList;
import java.util.List;

/**
 * Traefik's HTTP code ranges ({@code "500"}, {@code "500-599"}) as retry's, failover's and the errors middleware's
 * {@code status} take them: read as Traefik's types.NewHTTPCodeRanges reads them (one code or two joined by '-',
 * digits only: no spaces), checked once when the configuration is built, then looked up per response without
 * allocation.
 */
public final class StatusRanges {

    private final boolean[] codes;

    private StatusRanges(boolean[] codes) {
        this.codes = codes;
    }

    /** @throws IllegalArgumentException {@code status[i]: } followed by {@link #problem} of the first bad entry */
    public static StatusRanges parse(List<String> values) {
        List<ConfigError> errors = new ArrayList<>();
        StatusRanges ranges = parse(values, "status", errors);
        if (!errors.isEmpty()) {
            ConfigError first = errors.get(0);
            throw new IllegalArgumentException(first.path() + ": " + first.message());
        }
        return ranges;
    }

    /** Every bad entry becomes an error at {@code path[i]}; the good ones are kept. */
    public static StatusRanges parse(List<String> values, String path, List<ConfigError> errors) {
        boolean[] codes = new boolean[600];
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i);
            String problem = problem(value);
            if (problem != null) {
                errors.add(new ConfigError(path + "[" + i + "]", value, problem));
                continue;
            }
            int[] range = range(value);
            for (int c = range[0]; c <= range[1]; c++) {
                codes[c] = true;
            }
        }
        return new StatusRanges(codes);
    }

    /**
     * Null when {@code value} is a status (100 to 599) or a range of them (low to high); else what is wrong, e.g.
     * {@code expected a status code or a range such as 500-599 (got '600'; codes are 100 to 599)}.
     */
    public static String problem(String value) {
        String v = value == null ? "" : value;
        return partProblem(v, v);
    }

    /** {@code 500} or {@code 500-599} as {from, to}; the value must have no {@link #problem}. */
    public static int[] range(String part) {
        String[] bounds = part.split("-", -1);
        int from = Integer.parseInt(bounds[0]);
        return new int[] {from, bounds.length == 2 ? Integer.parseInt(bounds[1]) : from};
    }

    public boolean contains(int status) {
        return status >= 0 && status < codes.length && codes[status];
    }

    private static String partProblem(String value, String part) {
        String[] bounds = part.split("-", -1);
        if (bounds.length > 2) {
            return bad(value, "one code or two joined by '-'");
        }
        int from = code(bounds[0]);
        int to = bounds.length == 2 ? code(bounds[1]) : from;
        if (from == NOT_A_NUMBER || to == NOT_A_NUMBER) {
            return bad(value, "codes are numbers");
        }
        if (from < 100 || from > 599 || to < 100 || to > 599) {
            return bad(value, "codes are 100 to 599");
        }
        if (from > to) {
            return bad(value, "the range ends before it starts");
        }
        return null;
    }

    private static final int NOT_A_NUMBER = -1;

    private static int code(String text) {
        if (text.isEmpty() || text.length() > 3) {
            return NOT_A_NUMBER;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return NOT_A_NUMBER;
            }
        }
        return Integer.parseInt(text);
    }

    private static String bad(String value, String why) {
        return "expected a status code or a range such as 500-599 (got '" + value + "'; " + why + ")";
    }
}
