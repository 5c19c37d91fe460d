package io.gatehouse.docker;

import io.gatehouse.core.config.ConfigError;
import io.gatehouse.core.config.DynamicConfig;
import io.gatehouse.core.provider.ConfigSink;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** A ConfigSink that keeps what a provider sent, for tests to wait on. */
final class RecordingSink implements ConfigSink {

    final List<DynamicConfig> published = new CopyOnWriteArrayList<>();
    final List<List<ConfigError>> rejected = new CopyOnWriteArrayList<>();

    @Override
    public void publish(DynamicConfig config) {
        published.add(config);
    }

    @Override
    public void reject(List<ConfigError> errors) {
        rejected.add(errors);
    }

    DynamicConfig latest() {
        return published.isEmpty() ? null : published.get(published.size() - 1);
    }

    /** Waits (up to a generous bound, to avoid hangs) for a published configuration that satisfies {@code test}. */
    DynamicConfig await(String what, Predicate<DynamicConfig> test) throws InterruptedException {
        return awaitTrue(what, () -> latest() != null && test.test(latest())) ? latest() : null;
    }

    static boolean awaitTrue(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("timed out waiting for: " + what);
    }
}
