package io.gatehouse.middleware.ratelimit;

import java.math.BigDecimal;

/** Go's {@code time.Duration.String()}, for the X-Retry-In header Traefik sends. */
final class GoDurations {

    private GoDurations() {
    }

    static String format(long nanos) {
        if (nanos == 0) {
            return "0s";
        }
        String sign = nanos < 0 ? "-" : "";
        long n = Math.abs(nanos);
        if (n < 1_000) {
            return sign + n + "ns";
        }
        if (n < 1_000_000) {
            return sign + decimal(n, 3) + "µs";
        }
        if (n < 1_000_000_000) {
            return sign + decimal(n, 6) + "ms";
        }
        long hours = n / 3_600_000_000_000L;
        long minutes = n / 60_000_000_000L % 60;
        long secondsNanos = n % 60_000_000_000L;
        StringBuilder out = new StringBuilder(sign);
        if (hours > 0) {
            out.append(hours).append('h');
        }
        if (hours > 0 || minutes > 0) {
            out.append(minutes).append('m');
        }
        return out.append(decimal(secondsNanos, 9)).append('s').toString();
    }

    private static String decimal(long value, int scale) {
        String s = BigDecimal.valueOf(value, scale).stripTrailingZeros().toPlainString();
        return s;
    }
}
