package io.gatehouse.core.server;

import java.util.concurrent.Callable;

/** Waits for a condition that a background thread (a file watcher, the config thread) makes true. */
final class Await {

    private Await() {
    }

    /** Polls until {@code condition} holds; fails after a generous upper bound (not a timing assertion). */
    static void until(String what, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!Boolean.TRUE.equals(condition.call())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(5);
        }
    }
}
