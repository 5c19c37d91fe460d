package io.gatehouse.core.service.balance;

import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;

/** Where random strategies draw from: per-thread randomness in production, a fixed seed in tests. */
@FunctionalInterface
public interface RandomSource {

    /** Uniform in {@code [0, bound)}; {@code bound > 0}. */
    int nextInt(int bound);

    /**
     * Lock-free, for any number of IO threads. Maps 32 random bits onto the bound by a multiply and a shift instead
     * of a division (bias below bound / 2^32, irrelevant for picking among servers).
     */
    RandomSource THREAD_LOCAL = bound -> (int) (((ThreadLocalRandom.current().nextInt() & 0xffffffffL) * bound) >>> 32);

    /** A reproducible sequence for tests and benchmarks; for one thread only. */
    static RandomSource seeded(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        return random::nextInt;
    }
}
