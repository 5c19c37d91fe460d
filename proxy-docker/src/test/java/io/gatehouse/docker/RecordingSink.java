package io.gatehouse.docker;

import io.gatehouse.core.config.ConfigError;
import io.gatehouse.core.config.DynamicConfig;
import io.gatehouse.core.middleware.MiddlewareTypes;
import io.gatehouse.core.provider.ConfigSink;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** A ConfigSink that keeps what a provider sent, for tests to wait on. */
final class RecordingSink implements ConfigSink {

    final List<DynamicConfig> published = new CopyOnWriteArrayList<>();
    /** The errors of the parts left out, one list per publish (empty for a whole configuration). */
    final List<List<ConfigError>> partial = new CopyOnWriteArrayList<>();
    final List<List<ConfigError>> rejected = new CopyOnWriteArrayList<>();
    private final MiddlewareTypes middlewareTypes;

    RecordingSink() {
        this(MiddlewareTypes.load());
    }

    /** A sink whose pipeline knows only these middleware types. */
    RecordingSink(MiddlewareTypes middlewareTypes) {
        this.middlewareTypes = middlewareTypes;
    }

    @Override
    public void publish(DynamicConfig config) {
        publish(config, List.of());
    }

    @Override
    public void publish(DynamicConfig config, List<ConfigError> partialErrors) {
        partial.add(List.copyOf(partialErrors));
        published.add(config);
    }

    @Override
    public MiddlewareTypes middlewareTypes() {
        return middlewareTypes;
    }

    @Override
    public void reject(List<ConfigError> errors) {
        rejected.add(errors);
    }

    DynamicConfig latest() {
        return published.isEmpty() ? null : published.get(published.size() - 1);
    }

    List<ConfigError> latestPartial() {
        return partial.isEmpty() ? List.of() : partial.get(partial.size() - 1);
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
