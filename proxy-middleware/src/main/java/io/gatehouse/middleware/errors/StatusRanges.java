package io.gatehouse.middleware.errors;

import io.gatehouse.core.config.ConfigError;
import io.gatehouse.core.config.ConfigException;

import java.util.ArrayList;
import java.util.List;

/** HTTP status ranges ("500-599", "404", "500,502") as Traefik's types.HTTPCodeRanges, parsed once. */
final class StatusRanges {

    private final int[] from;
    private final int[] to;

    private StatusRanges(int[] from, int[] to) {
        this.from = from;
        this.to = to;
    }

    /** @throws ConfigException naming the entry (path[i]) that is not a status or a range of statuses */
    static StatusRanges parse(List<String> entries, String path) throws ConfigException {
        List<int[]> ranges = new ArrayList<>();
        List<ConfigError> errors = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            String entry = entries.get(i) == null ? "" : entries.get(i);
            try {
                for (String part : entry.split(",", -1)) {
                    ranges.add(range(part.trim()));
                }
            } catch (IllegalArgumentException e) {
                errors.add(new ConfigError(path + "[" + i + "]", entry, e.getMessage()));
            }
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        return new StatusRanges(ranges.stream().mapToInt(r -> r[0]).toArray(), ranges.stream().mapToInt(r -> r[1]).toArray());
    }

    static int[] range(String text) {
        int dash = text.indexOf('-', 1);
        int low = status(dash < 0 ? text : text.substring(0, dash));
        int high = dash < 0 ? low : status(text.substring(dash + 1));
        if (high < low) {
            throw new IllegalArgumentException("the range's end is below its start; expected e.g. 500-599");
        }
        return new int[] {low, high};
    }

    private static int status(String text) {
        // No spaces inside a range ("500 - 599"), as Traefik's strconv.Atoi refuses them.
        if (!text.matches("[0-9]{3}")) {
            throw new IllegalArgumentException("expected an HTTP status (100-599) or a range such as 500-599");
        }
        int status = Integer.parseInt(text);
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("expected an HTTP status (100-599) or a range such as 500-599");
        }
        return status;
    }

    boolean contains(int status) {
        for (int i = 0; i < from.length; i++) {
            if (status >= from[i] && status <= to[i]) {
                return true;
            }
        }
        return false;
    }

    boolean isEmpty() {
        return from.length == 0;
    }
}
