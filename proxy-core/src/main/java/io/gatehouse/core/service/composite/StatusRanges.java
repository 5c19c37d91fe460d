package io.gatehouse.core.service.composite;

/** Status codes and ranges as Traefik writes them: {@code 503}, {@code 500-599}. */
final class StatusRanges {

    private StatusRanges() {
    }

    /** Null when {@code text} is a status or a range of statuses (100 to 599, low to high), else what is wrong. */
    static String check(String text) {
        if (text == null || text.isBlank()) {
            return "expected a status such as 503 or a range such as 500-599";
        }
        String[] parts = text.trim().split("-", -1);
        if (parts.length > 2) {
            return "expected a status such as 503 or a range such as 500-599";
        }
        int low = parse(parts[0]);
        int high = parts.length == 2 ? parse(parts[1]) : low;
        if (low < 0 || high < 0) {
            return "expected a status such as 503 or a range such as 500-599";
        }
        if (low < 100 || high > 599) {
            return "expected HTTP statuses between 100 and 599";
        }
        if (low > high) {
            return "the range's first status must not be above its last";
        }
        return null;
    }

    private static int parse(String digits) {
        String d = digits.trim();
        if (d.isEmpty() || d.length() > 3) {
            return -1;
        }
        for (int i = 0; i < d.length(); i++) {
            if (d.charAt(i) < '0' || d.charAt(i) > '9') {
                return -1;
            }
        }
        return Integer.parseInt(d);
    }
}
