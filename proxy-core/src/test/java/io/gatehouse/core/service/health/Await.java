package io.gatehouse.core.service.health;

import java.util.function.BooleanSupplier;

/** Polls a condition; the test's @Timeout bounds the wait (no timing is asserted). */
final class Await {

    private Await() {
    }

    static void until(BooleanSupplier condition) throws InterruptedException {
        while (!condition.getAsBoolean()) {
            Thread.sleep(10);
        }
    }
}
