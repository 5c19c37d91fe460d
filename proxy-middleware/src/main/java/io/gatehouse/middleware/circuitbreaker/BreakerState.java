package io.gatehouse.middleware.circuitbreaker;

import java.util.concurrent.atomic.AtomicLong;

/** The breaker's states as oxy's cbreaker: closed (standby), open (tripped), recovering. Immutable but for counters. */
sealed interface BreakerState {

    /** Closed: every request goes through; the expression is checked every checkPeriod. */
    record Closed() implements BreakerState {
    }

    /** Open: every request gets the fallback response until {@code until} (nanoTime). */
    record Open(long until) implements BreakerState {
    }

    /**
     * Recovering from {@code start} to {@code end} (nanoTime): the share of requests let through grows
     * linearly from 0 to 1, as oxy's ratio controller.
     */
    record Recovering(long start, long end, AtomicLong allowed, AtomicLong denied) implements BreakerState {

        Recovering(long start, long end) {
            this(start, end, new AtomicLong(), new AtomicLong());
        }

        boolean allow(long now) {
            double target = (double) (now - start) / (end - start);
            long a = allowed.get();
            long d = denied.get();
            if ((a + 1.0) / (a + d + 1.0) <= target) {
                allowed.incrementAndGet();
                return true;
            }
            denied.incrementAndGet();
            return false;
        }
    }

    BreakerState CLOSED = new Closed();
}
