package io.gatehouse.core.service.balance;

import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;

/** Where random strategies draw from: per-thread randomness in production, a fixed seed in tests. */
@FunctionalInterface
public interface RandomSource {

    /** Uniform in {@code [0, bound)}; {@code bound > 0}. */
    int nextInt(int bound);

    /** Lock-free, for any number of IO threads. */
    RandomSource THREAD_LOCAL = bound -> ThreadLocalRandom.current().nextInt(bound);

    /** A reproducible sequence for tests and benchmarks; for one thread only. */
    static RandomSource seeded(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        return random::nextInt;
    }
}
