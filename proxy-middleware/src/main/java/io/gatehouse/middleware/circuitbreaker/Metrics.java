package io.gatehouse.middleware.circuitbreaker;

import io.gatehouse.middleware.expression.Function;

import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What the breaker's expression looks at, over a rolling window of {@value #SLOTS} one-second slots
 * (as oxy's RTMetrics): requests per status code, network errors (502 and 504, as oxy) and a
 * latency histogram. Recording is a few atomic increments; a slot that has aged out is cleared by
 * the first request that lands in it (a concurrent increment may be lost then: these are ratios).
 */
final class Metrics {

    static final int SLOTS = 10;
    private static final int CODES = 600;
    // latency bins: 16 per power of two of microseconds (about 4% wide), up to 2^40 us
    private static final int SUB_BITS = 4;
    private static final int BINS = 41 << SUB_BITS;

    static final List<Function<Metrics>> FUNCTIONS = List.of(
            Function.numeric("NetworkErrorRatio", Metrics::networkErrorRatio),
            Function.numeric("ResponseCodeRatio", 4, args -> {
                int from = code(args[0]);
                int to = code(args[1]);
                int dividedFrom = code(args[2]);
                int dividedTo = code(args[3]);
                if (from >= to || dividedFrom >= dividedTo) {
                    throw new IllegalArgumentException("expected from < to and dividedFrom < dividedTo, e.g."
                            + " ResponseCodeRatio(500, 600, 0, 600)");
                }
                return m -> m.responseCodeRatio(from, to, dividedFrom, dividedTo);
            }),
            Function.numeric("LatencyAtQuantileMS", 1, args -> {
                double quantile = args[0];
                if (quantile <= 0 || quantile > 100) {
                    throw new IllegalArgumentException("the quantile must be in (0, 100], e.g. 50.0 (got " + quantile + ")");
                }
                return m -> m.latencyAtQuantileMillis(quantile);
            }));

    private final AtomicLongArray slotTags = new AtomicLongArray(SLOTS);
    private final AtomicLongArray codes = new AtomicLongArray(SLOTS * CODES);
    private final AtomicLongArray latencies = new AtomicLongArray(SLOTS * BINS);
    private final AtomicLongArray totals = new AtomicLongArray(SLOTS);
    private volatile long evaluatedAt;

    Metrics() {
        for (int i = 0; i < SLOTS; i++) {
            slotTags.set(i, Long.MIN_VALUE);
        }
    }

    private static int code(double value) {
        if (value != Math.rint(value) || value < 0 || value > 600) {
            throw new IllegalArgumentException("status codes are whole numbers from 0 to 600 (got " + value + ")");
        }
        return (int) value;
    }

    void record(int status, long latencyNanos, long nowNanos) {
        int slot = slot(nowNanos / 1_000_000_000L);
        int code = status < 0 || status >= CODES ? 0 : status;
        codes.incrementAndGet(slot * CODES + code);
        latencies.incrementAndGet(slot * BINS + bin(Math.max(0, latencyNanos / 1000)));
        totals.incrementAndGet(slot);
    }

    /** Forgets everything (when the breaker opens, so that recovery is judged on fresh traffic). */
    void reset() {
        for (int i = 0; i < SLOTS; i++) {
            slotTags.set(i, Long.MIN_VALUE);
        }
    }

    /** Sets the evaluation time: the window the expression sees ends at {@code nowNanos}. */
    Metrics at(long nowNanos) {
        evaluatedAt = nowNanos / 1_000_000_000L;
        return this;
    }

    private int slot(long second) {
        int slot = (int) Math.floorMod(second, SLOTS);
        long tag = slotTags.get(slot);
        if (tag != second && slotTags.compareAndSet(slot, tag, second)) {
            for (int c = 0; c < CODES; c++) {
                codes.set(slot * CODES + c, 0);
            }
            for (int b = 0; b < BINS; b++) {
                latencies.set(slot * BINS + b, 0);
            }
            totals.set(slot, 0);
        }
        return slot;
    }

    private boolean live(int slot) {
        long tag = slotTags.get(slot);
        return tag != Long.MIN_VALUE && evaluatedAt - tag < SLOTS && evaluatedAt - tag >= 0;
    }

    double networkErrorRatio() {
        long errors = 0;
        long total = 0;
        for (int s = 0; s < SLOTS; s++) {
            if (live(s)) {
                errors += codes.get(s * CODES + 502) + codes.get(s * CODES + 504);
                total += totals.get(s);
            }
        }
        return total == 0 ? 0 : (double) errors / total;
    }

    double responseCodeRatio(int from, int to, int dividedFrom, int dividedTo) {
        long numerator = 0;
        long denominator = 0;
        for (int s = 0; s < SLOTS; s++) {
            if (!live(s)) {
                continue;
            }
            for (int c = from; c < to && c < CODES; c++) {
                numerator += codes.get(s * CODES + c);
            }
            for (int c = dividedFrom; c < dividedTo && c < CODES; c++) {
                denominator += codes.get(s * CODES + c);
            }
        }
        return denominator == 0 ? 0 : (double) numerator / denominator;
    }

    double latencyAtQuantileMillis(double quantile) {
        long[] merged = new long[BINS];
        long total = 0;
        for (int s = 0; s < SLOTS; s++) {
            if (live(s)) {
                for (int b = 0; b < BINS; b++) {
                    long n = latencies.get(s * BINS + b);
                    merged[b] += n;
                    total += n;
                }
            }
        }
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(quantile / 100.0 * total);
        long seen = 0;
        for (int b = 0; b < BINS; b++) {
            seen += merged[b];
            if (seen >= rank) {
                return upperMicros(b) / 1000.0;
            }
        }
        return upperMicros(BINS - 1) / 1000.0;
    }

    static int bin(long micros) {
        if (micros < (1 << SUB_BITS)) {
            return (int) micros;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(micros);
        int sub = (int) (micros >>> (exponent - SUB_BITS)) & ((1 << SUB_BITS) - 1);
        int bin = ((exponent - SUB_BITS + 1) << SUB_BITS) + sub;
        return Math.min(bin, BINS - 1);
    }

    /** The largest latency (in microseconds) that falls into {@code bin}. */
    static long upperMicros(int bin) {
        if (bin < (1 << SUB_BITS)) {
            return bin;
        }
        int exponent = (bin >>> SUB_BITS) + SUB_BITS - 1;
        long sub = bin & ((1 << SUB_BITS) - 1);
        long lower = (1L << exponent) + (sub << (exponent - SUB_BITS));
        return lower + (1L << (exponent - SUB_BITS)) - 1;
    }
}
