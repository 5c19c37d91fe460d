package io.gatehouse.core.server;

import io.gatehouse.core.config.ConfigError;
import io.gatehouse.core.config.DynamicConfig;
import io.gatehouse.core.config.MiddlewareConfig;
import io.gatehouse.core.config.RouterTlsConfig;
import io.gatehouse.core.middleware.Middleware;
import io.gatehouse.core.middleware.MiddlewareTypes;
import io.gatehouse.core.pipeline.ChainMiddlewareType;
import io.gatehouse.core.provider.ConfigSink;
import io.gatehouse.core.server.RoutingSnapshot.LiveMiddleware;
import io.gatehouse.core.server.RoutingSnapshot.LiveService;
import io.gatehouse.core.service.ServiceHandler;
import io.undertow.server.HttpHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The configuration path: providers -> per-provider throttle -> aggregate (names qualified as
 * {@code name@provider}) -> snapshot build (validation included) -> one atomic swap.
 *
 * <p>All state changes happen on one thread ("gatehouse-config"), so builds never race. Each provider
 * keeps its last good configuration: a rejected input (decode errors from the provider, or errors of
 * its own found by the build) leaves it serving, and the errors are kept until the provider sends a
 * good one. Updates from one provider are coalesced: at most one build per throttle period, with the
 * latest configuration; a configuration equal to the last one received is skipped.
 *
 * <p>Services replaced or removed by a swap keep serving the requests that started on the old
 * snapshot; after the grace period, their idle connections close, and the connections of services
 * whose name disappeared are cut (WebSockets and streams on them included).
 */
final class ConfigPipeline implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ConfigPipeline.class);

    private sealed interface Update permits Publish, Reject {
    }

    /** {@code partial}: the parts of the provider's input its configuration left out, reported while it serves. */
    private record Publish(DynamicConfig config, List<ConfigError> partial) implements Update {
    }

    private record Reject(List<ConfigError> errors) implements Update {
    }

    /** Confined to the config thread. */
    private static final class ProviderState {
        DynamicConfig lastGood;
        DynamicConfig lastInput;
        List<ConfigError> lastPartial = List.of();
        Update pending;
        boolean scheduled;
        boolean everApplied;
        long lastAppliedNanos;
    }

    /** How often a retired service is checked for requests still in flight. */
    private static final long RETIRE_CHECK_MILLIS = 100;

    private final CodeConfig code;
    private final List<String> entryPoints;
    private final List<RouterTlsConfig> entryPointTls;
    private final Map<String, HttpHandler> internal;
    private final MiddlewareTypes types;
    private final long throttleNanos;
    private final Duration grace;
    private final ScheduledExecutorService executor;
    private final Map<String, ProviderState> states = new LinkedHashMap<>();
    private final AtomicInteger outstanding = new AtomicInteger();
    private final Set<ServiceHandler> retiring = ConcurrentHashMap.newKeySet();
    private volatile RoutingSnapshot current;
    private volatile Map<String, List<ConfigError>> providerErrors = Map.of();
    private volatile boolean closed;

    ConfigPipeline(CodeConfig code, List<String> providerNames, Map<String, HttpHandler> internal,
                   MiddlewareTypes types, Duration throttle, Duration grace) {
        this.code = code;
        this.entryPoints = List.copyOf(code.entryPoints().keySet());
        this.internal = Map.copyOf(internal);
        this.types = ChainMiddlewareType.withChain(types);
        this.throttleNanos = throttle.toNanos();
        this.grace = grace;
        providerNames.forEach(name -> states.put(name, new ProviderState()));
        this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "gatehouse-config");
            thread.setDaemon(true);
            return thread;
        });
        // The code configuration is applied as it is: a part with errors is left out and reported.
        this.entryPointTls = new ArrayList<>();
        code.entryPoints().values().forEach(entryPoint -> entryPointTls.add(entryPoint.tls()));
        SnapshotBuilder.Result first = SnapshotBuilder.build(Aggregate.of(code, Map.of(), this.internal), entryPoints,
                entryPointTls, RoutingSnapshot.EMPTY, this.types);
        first.snapshot().errors().forEach(error -> log.warn("configuration error, left out: {}", error));
        this.current = first.snapshot();
    }

    MiddlewareTypes middlewareTypes() {
        return types;
    }

    RoutingSnapshot current() {
        return current;
    }

    List<String> entryPoints() {
        return entryPoints;
    }

    /** What a provider publishes to; thread-safe. */
    ConfigSink sink(String provider) {
        if (!states.containsKey(provider)) {
            throw new IllegalArgumentException("unknown provider '" + provider + "'");
        }
        MiddlewareTypes sinkTypes = types;
        return new ConfigSink() {
            @Override
            public void publish(DynamicConfig config) {
                publish(config, List.of());
            }

            @Override
            public void publish(DynamicConfig config, List<ConfigError> partial) {
                submit(provider, new Publish(Objects.requireNonNull(config, "config"),
                        List.copyOf(Objects.requireNonNull(partial, "partial"))));
            }

            @Override
            public void reject(List<ConfigError> errors) {
                submit(provider, new Reject(List.copyOf(errors)));
            }

            @Override
            public MiddlewareTypes middlewareTypes() {
                return sinkTypes;
            }
        };
    }

    private void submit(String provider, Update update) {
        if (closed) {
            return;
        }
        outstanding.incrementAndGet();
        try {
            executor.execute(() -> offer(provider, update));
        } catch (RuntimeException rejected) { // closed meanwhile
            outstanding.decrementAndGet();
        }
    }

    private void offer(String provider, Update update) {
        ProviderState state = states.get(provider);
        if (state.pending != null) {
            outstanding.decrementAndGet(); // coalesced: only the latest counts
        }
        state.pending = update;
        if (state.scheduled) {
            return;
        }
        state.scheduled = true;
        long delay = state.everApplied ? state.lastAppliedNanos + throttleNanos - System.nanoTime() : 0;
        executor.schedule(() -> applyPending(provider), Math.max(0, delay), TimeUnit.NANOSECONDS);
    }

    private void applyPending(String provider) {
        ProviderState state = states.get(provider);
        Update update = state.pending;
        state.pending = null;
        state.scheduled = false;
        state.everApplied = true;
        state.lastAppliedNanos = System.nanoTime();
        if (update == null) {
            return;
        }
        try {
            if (update instanceof Publish publish) {
                apply(provider, state, publish.config(), publish.partial());
            } else if (update instanceof Reject reject) {
                state.lastInput = null;
                reject.errors().forEach(error -> log.warn("provider '{}': {}; its last good configuration keeps serving",
                        provider, error));
                setProviderErrors(provider, reject.errors());
            }
        } catch (RuntimeException e) {
            log.error("provider '{}': building its configuration failed; the last good one keeps serving", provider, e);
            setProviderErrors(provider, List.of(new ConfigError(null, null, "internal error while building: " + e)));
        } catch (StackOverflowError e) {
            // Reported, not lost in the executor: else the provider's update would vanish without an error.
            log.error("provider '{}': its configuration nests too deep to build; the last good one keeps serving",
                    provider);
            setProviderErrors(provider, List.of(new ConfigError(null, null,
                    "the configuration nests too deep to build (references, chains or services thousands deep)")));
        } finally {
            outstanding.decrementAndGet();
        }
    }

    private void apply(String provider, ProviderState state, DynamicConfig config, List<ConfigError> partial) {
        boolean partialChanged = !partial.equals(state.lastPartial);
        state.lastPartial = partial;
        if (partialChanged) {
            partial.forEach(error -> log.warn("provider '{}': {}; left out, the rest is applied", provider, error));
        }
        if (config.equals(state.lastInput)) {
            log.debug("provider '{}': configuration unchanged, skipped", provider);
            if (partialChanged && state.lastInput == state.lastGood) { // same routes, other parts left out
                setProviderErrors(provider, partial.isEmpty() ? null : partial);
            }
            return;
        }
        boolean lastInputWasGood = state.lastInput == state.lastGood;
        state.lastInput = config;
        if (!lastInputWasGood && config.equals(state.lastGood)) { // back to the last good one after a rejection
            state.lastInput = state.lastGood; // the same again is then "unchanged and good"
            setProviderErrors(provider, partial.isEmpty() ? null : partial);
            return;
        }
        Map<String, DynamicConfig> candidate = new LinkedHashMap<>();
        states.forEach((name, other) -> {
            DynamicConfig chosen = name.equals(provider) ? config : other.lastGood;
            if (chosen != null) {
                candidate.put(name, chosen);
            }
        });
        RoutingSnapshot old = current;
        SnapshotBuilder.Result result = SnapshotBuilder.build(Aggregate.of(code, candidate, internal), entryPoints,
                entryPointTls, old, types);
        List<ConfigError> own = result.hardErrors().get(provider);
        if (own != null && !own.isEmpty()) {
            result.created().forEach(ServiceHandler::close);
            result.createdMiddlewares().forEach(ConfigPipeline::closeQuietly);
            own.forEach(error -> log.warn("provider '{}': {}; its last good configuration keeps serving", provider, error));
            List<ConfigError> shown = new ArrayList<>(own);
            shown.addAll(partial);
            setProviderErrors(provider, shown);
            return;
        }
        state.lastGood = config;
        current = result.snapshot(); // the swap: every entry point sees the new routes from here on
        setProviderErrors(provider, partial.isEmpty() ? null : partial);
        result.snapshot().errors().forEach(error -> log.warn("configuration error, left out: {}", error));
        log.info("provider '{}': configuration applied ({} routers, {} services)", provider,
                result.snapshot().routerCount(), result.snapshot().serviceCount());
        if (!result.created().isEmpty() || old.services.size() != result.snapshot().services.size()) {
            retire(old, result.snapshot()); // else every service was reused under its name: none retired
        }
        retireMiddlewares(old, result.snapshot());
    }

    /**
     * Retires the services of {@code old} that {@code now} does not use: each is closed once the
     * requests that started on the old snapshot are done (idle connections close, WebSockets opened
     * through it stay); one whose name is gone also has its remaining connections cut after the grace period.
     */
    private void retire(RoutingSnapshot old, RoutingSnapshot now) {
        for (Map.Entry<String, LiveService> entry : old.services.entrySet()) {
            LiveService live = entry.getValue();
            if (now.services.get(entry.getKey()) == live) {
                continue; // reused: a service is only ever reused under its own name
            }
            retiring.add(live.handler());
            closeWhenIdle(live);
            if (!now.services.containsKey(entry.getKey())) {
                executor.schedule(() -> {
                    retiring.remove(live.handler());
                    try {
                        live.handler().closeNow(); // its routes are gone: their connections end now
                    } finally {
                        live.counted().closeUpgradedClients();
                    }
                }, grace.toNanos(), TimeUnit.NANOSECONDS);
            }
        }
    }

    /** Middlewares the new snapshot dropped are closed after the grace period, when their requests are done. */
    private void retireMiddlewares(RoutingSnapshot old, RoutingSnapshot now) {
        for (Map.Entry<String, LiveMiddleware> entry : old.middlewares.entrySet()) {
            LiveMiddleware live = entry.getValue();
            if (now.middlewares.get(entry.getKey()) != live && live.config() instanceof MiddlewareConfig) {
                executor.schedule(() -> closeQuietly(live.middleware()), grace.toNanos(), TimeUnit.NANOSECONDS);
            }
        }
    }

    private static void closeQuietly(Middleware middleware) {
        try {
            middleware.close();
        } catch (RuntimeException e) {
            log.debug("closing a middleware failed", e);
        }
    }

    private void closeWhenIdle(LiveService live) {
        // A request may have read the old snapshot just before the swap: look again a little later.
        executor.schedule(() -> {
            if (live.counted().inFlight() > 0) {
                closeWhenIdle(live);
                return;
            }
            try {
                live.handler().close();
            } catch (RuntimeException e) {
                log.debug("closing a retired service failed", e);
            }
        }, RETIRE_CHECK_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void setProviderErrors(String provider, List<ConfigError> errors) {
        Map<String, List<ConfigError>> next = new LinkedHashMap<>(providerErrors);
        if (errors == null) {
            next.remove(provider);
        } else {
            next.put(provider, List.copyOf(errors));
        }
        providerErrors = Collections.unmodifiableMap(next);
    }

    Map<String, List<ConfigError>> providerErrors() {
        return providerErrors;
    }

    /** The current snapshot's errors followed by the errors of every provider's rejected input. */
    List<ConfigError> errors() {
        List<ConfigError> all = new ArrayList<>(current.errors());
        providerErrors.values().forEach(all::addAll);
        return List.copyOf(all);
    }

    /** Waits until every update sent so far has been applied or rejected; false at the timeout. */
    boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (outstanding.get() > 0) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.sleep(2);
        }
        return true;
    }

    /** Stops building; releases every service, current and retiring. */
    @Override
    public void close() {
        closed = true;
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<ServiceHandler> all = new ArrayList<>(retiring);
        current.services.values().forEach(live -> all.add(live.handler()));
        current.middlewares.values().stream().filter(live -> live.config() instanceof MiddlewareConfig)
                .forEach(live -> closeQuietly(live.middleware()));
        for (ServiceHandler service : all) {
            try {
                service.close();
            } catch (RuntimeException e) {
                log.debug("closing a service failed", e);
            }
        }
    }
}
