package io.gatehouse.core.config;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;

/**
 * Durations as Traefik reads them: a bare integer is a number of seconds ({@code "10"} is 10s),
 * anything else is a Go duration ({@code "1h30m"}, {@code "1.5s"}, {@code "250ms"}, {@code "300us"},
 * {@code "300µs"}, {@code "-1s"}). Like Go, values are limited to what fits in a signed 64-bit count
 * of nanoseconds (about 292 years); unlike Traefik, a bare integer that would overflow is an error
 * instead of silently wrapping.
 */
public final class Durations {

    private static final BigInteger MAX_NANOS = BigInteger.valueOf(Long.MAX_VALUE);
    private static final BigInteger MIN_NANOS = BigInteger.valueOf(Long.MIN_VALUE);
    private static final int MAX_LENGTH = 256;

    private Durations() {
    }

    /** Parses {@code text}; never throws an unchecked exception. */
    public static Duration parse(String text) throws InvalidDurationException {
        if (text == null || text.isEmpty()) {
            throw new InvalidDurationException(String.valueOf(text), "empty");
        }
        if (text.length() > MAX_LENGTH) {
            throw new InvalidDurationException(text, text.substring(0, 32) + "...", "too long");
        }
        if (isInteger(text)) {
            BigInteger seconds = new BigInteger(text.startsWith("+") ? text.substring(1) : text);
            return ofNanos(seconds.multiply(BigInteger.valueOf(1_000_000_000L)), text);
        }
        return parseGo(text);
    }

    /** Go's {@code time.Duration.String()}-like short form, e.g. {@code 1m30s}, {@code 250ms}. */
    public static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        StringBuilder sb = new StringBuilder();
        if (d.isNegative()) {
            sb.append('-');
            d = d.negated();
        }
        long hours = d.toHours();
        int minutes = d.toMinutesPart();
        int seconds = d.toSecondsPart();
        int nanos = d.toNanosPart();
        if (hours == 0 && minutes == 0 && seconds == 0) {
            if (nanos % 1_000_000 == 0) {
                return sb.append(nanos / 1_000_000).append("ms").toString();
            }
            if (nanos % 1_000 == 0) {
                return sb.append(nanos / 1_000).append("us").toString();
            }
            return sb.append(nanos).append("ns").toString();
        }
        if (hours > 0) {
            sb.append(hours).append('h');
        }
        if (minutes > 0) {
            sb.append(minutes).append('m');
        }
        if (seconds > 0 || nanos > 0) {
            sb.append(seconds);
            if (nanos > 0) {
                sb.append('.').append(String.format("%09d", nanos).replaceAll("0+$", ""));
            }
            sb.append('s');
        }
        return sb.toString();
    }

    private static boolean isInteger(String s) {
        int i = s.charAt(0) == '-' || s.charAt(0) == '+' ? 1 : 0;
        if (i == s.length()) {
            return false;
        }
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static Duration parseGo(String text) throws InvalidDurationException {
        int i = 0;
        boolean negative = false;
        if (text.charAt(0) == '-' || text.charAt(0) == '+') {
            negative = text.charAt(0) == '-';
            i++;
        }
        if (i == text.length()) {
            throw new InvalidDurationException(text, "no number");
        }
        BigDecimal total = BigDecimal.ZERO;
        while (i < text.length()) {
            int start = i;
            while (i < text.length() && isDigit(text.charAt(i))) {
                i++;
            }
            boolean wholeDigits = i > start;
            int fracStart = i;
            if (i < text.length() && text.charAt(i) == '.') {
                i++;
                while (i < text.length() && isDigit(text.charAt(i))) {
                    i++;
                }
            }
            boolean fracDigits = i > fracStart + 1;
            if (!wholeDigits && !fracDigits) {
                throw new InvalidDurationException(text, "expected a number at position " + (start + 1));
            }
            String number = text.substring(start, i);
            int unitStart = i;
            while (i < text.length() && !isDigit(text.charAt(i)) && text.charAt(i) != '.') {
                i++;
            }
            String unit = text.substring(unitStart, i);
            if (unit.isEmpty()) {
                throw new InvalidDurationException(text, "missing unit after '" + number + "'");
            }
            long unitNanos = unitNanos(unit);
            if (unitNanos == 0) {
                throw new InvalidDurationException(text,
                        "unknown unit '" + unit + "' (known units: ns, us, µs, ms, s, m, h)");
            }
            String normalized = number.endsWith(".") ? number.substring(0, number.length() - 1) : number;
            total = total.add(new BigDecimal(normalized.startsWith(".") ? "0" + normalized : normalized)
                    .multiply(BigDecimal.valueOf(unitNanos)));
            if (total.compareTo(new BigDecimal(MAX_NANOS).add(BigDecimal.ONE)) > 0) {
                throw new InvalidDurationException(text, "out of range (at most about 292 years)");
            }
        }
        BigInteger nanos = total.toBigInteger(); // truncates, as Go drops sub-nanosecond fractions
        return ofNanos(negative ? nanos.negate() : nanos, text);
    }

    private static Duration ofNanos(BigInteger nanos, String text) throws InvalidDurationException {
        if (nanos.compareTo(MAX_NANOS) > 0 || nanos.compareTo(MIN_NANOS) < 0) {
            throw new InvalidDurationException(text, "out of range (at most about 292 years)");
        }
        return Duration.ofNanos(nanos.longValue());
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static long unitNanos(String unit) {
        return switch (unit) {
            case "ns" -> 1L;
            case "us", "µs", "μs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            default -> 0L;
        };
    }
}
