package io.gatehouse.middleware.ratelimit;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One source's bucket, as GCRA: the whole state is one "theoretical arrival time" in an
 * {@link AtomicLong}, updated by compare-and-set, so no lock is ever taken. Equivalent to a token
 * bucket of {@code burst} tokens refilled one per {@code interval}, and to Go's rate.Limiter
 * reservations that Traefik uses: a request may be admitted now, admitted after a short wait, or
 * rejected with the time after which it would be admitted.
 */
final class TokenBucket {

    private final AtomicLong theoreticalArrival = new AtomicLong(Long.MIN_VALUE);

    /**
     * Reserves one token at {@code now} (nanoseconds).
     *
     * @return 0 or a positive wait in nanoseconds when admitted; a negative value {@code -wait} when rejected
     *         because the wait would exceed {@code maxDelay}
     */
    long reserve(long now, long interval, long burstTolerance, long maxDelay) {
        while (true) {
            long tat = theoreticalArrival.get();
            long start = tat == Long.MIN_VALUE || tat - now < 0 ? now : tat;
            long next = start + interval;
            long wait = next - now - burstTolerance;
            if (wait > maxDelay) {
                return -wait;
            }
            if (theoreticalArrival.compareAndSet(tat, next)) {
                return Math.max(0, wait);
            }
        }
    }
}
