package io.gatehouse.docker;

import io.gatehouse.core.config.ConfigError;
import io.gatehouse.core.config.ConfigException;
import io.gatehouse.core.config.DynamicConfig;
import io.gatehouse.core.provider.ConfigSink;
import io.gatehouse.core.provider.Provider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The Docker provider: routers and services from container labels, with Traefik's semantics.
 *
 * <p>On start it lists and inspects the containers and publishes their configuration, then follows
 * the engine's container events and rebuilds, coalescing bursts. When the engine goes away the last
 * configuration keeps serving (the outage is reported through {@link ConfigSink#reject}); the provider
 * reconnects with exponential backoff and resyncs. All of this happens on one daemon thread of its
 * own; nothing here blocks or fails the proxy.
 *
 * <pre>{@code
 * Provider docker = DockerProvider.create(DockerProviderConfig.DEFAULTS.withExposedByDefault(false));
 * }</pre>
 */
public final class DockerProvider implements Provider {

    private static final Logger LOG = LoggerFactory.getLogger(DockerProvider.class);
    /** Events closer together than this are one rebuild. */
    static final Duration COALESCE = Duration.ofMillis(100);
    static final Duration MIN_BACKOFF = Duration.ofMillis(200);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    private final String name;
    private final DockerProviderConfig settings;
    private final ScheduledExecutorService worker;

    // Touched only on the worker thread.
    private ConfigSink sink;
    private EngineSession session;
    private Closeable eventStream;
    private ContainerConfigBuilder builder;
    private ScheduledFuture<?> pendingSync;
    private Duration backoff = MIN_BACKOFF;
    private DynamicConfig lastPublished;
    private List<ConfigError> lastPublishedErrors = List.of();
    private ConfigError lastReportedOutage;
    private long generation; // which event stream is current; ends of older streams are ignored
    private boolean closed;

    private volatile List<ConfigError> problems = List.of();
    private volatile List<ConfigError> warnings = List.of();
    private volatile boolean connected;
    private volatile long syncs;

    private DockerProvider(String name, DockerProviderConfig settings) {
        this.name = name;
        this.settings = settings;
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gatehouse-docker-" + name);
            t.setDaemon(true);
            return t;
        });
    }

    /** A provider named {@code docker}; the settings are checked now, with every problem reported at once. */
    public static DockerProvider create(DockerProviderConfig settings) throws ConfigException {
        return create("docker", settings);
    }

    public static DockerProvider create(String name, DockerProviderConfig settings) throws ConfigException {
        Objects.requireNonNull(name, "name");
        return new DockerProvider(name, Objects.requireNonNull(settings, "settings").validated());
    }

    @Override
    public String name() {
        return name;
    }

    public DockerProviderConfig settings() {
        return settings;
    }

    /**
     * The problems of the last build: containers left out for a bad label (one that does not decode,
     * a middleware that cannot be built with the sink's middleware types, a rule that does not parse,
     * a name within this provider that does not exist), routers dropped, conflicting definitions. Everything else was published; these errors go with it
     * ({@link ConfigSink#publish(DynamicConfig, List)}), so {@code Gatehouse.providerErrors()} shows them.
     */
    public List<ConfigError> problems() {
        return problems;
    }

    /** What the last build ignored: TCP/UDP labels (not supported yet), containers with several services and no router. */
    public List<ConfigError> warnings() {
        return warnings;
    }

    /** Whether the last attempt to talk to the engine worked. */
    public boolean connected() {
        return connected;
    }

    /** How many times the containers were listed and a configuration built (for tests and metrics). */
    public long syncs() {
        return syncs;
    }

    @Override
    public void start(ConfigSink configSink) {
        Objects.requireNonNull(configSink, "sink");
        onWorker(() -> {
            if (sink != null || closed) {
                return;
            }
            sink = configSink;
            connect();
        });
    }

    /** Opens the session and the event stream, then resyncs; on failure, retries later. */
    private void connect() {
        if (closed) {
            return;
        }
        try {
            if (builder == null) {
                // The pipeline's middleware types: labels decode and middlewares build as they will there.
                builder = new ContainerConfigBuilder(settings, hostAddress(), sink.middlewareTypes(), name);
            }
            if (session == null) {
                session = new EngineSession(settings);
            }
            if (settings.watch()) {
                long current = ++generation;
                // Events first, then the list: nothing that happens in between is missed.
                eventStream = session.follow(action -> onWorker(this::scheduleSync),
                        error -> onWorker(() -> streamEnded(current, error)));
            }
            sync();
        } catch (Exception e) {
            failed(e);
        }
    }

    private void scheduleSync() {
        if (closed || pendingSync != null) {
            return;
        }
        pendingSync = worker.schedule(() -> {
            pendingSync = null;
            try {
                sync();
            } catch (Exception e) {
                failed(e);
            }
        }, COALESCE.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void sync() {
        if (closed) {
            return;
        }
        List<ContainerInfo> containers = session.containers();
        ContainerConfigBuilder.Result result = builder.build(containers);
        syncs++;
        connected = true;
        backoff = MIN_BACKOFF;
        if (!result.errors().equals(problems)) {
            result.errors().forEach(e -> LOG.error("docker provider {}: {}", name, e));
        }
        problems = result.errors();
        if (!result.warnings().equals(warnings)) {
            result.warnings().forEach(w -> LOG.info("docker provider {}: {}", name, w));
        }
        warnings = result.warnings();
        lastReportedOutage = null;
        if (!result.config().equals(lastPublished) || !result.errors().equals(lastPublishedErrors)) {
            lastPublished = result.config();
            lastPublishedErrors = result.errors();
            LOG.debug("docker provider {}: publishing {} routers and {} services from {} containers", name,
                    result.config().http().routers().size(), result.config().http().services().size(), containers.size());
            // The containers left out for their labels are reported by the proxy while the rest serves.
            sink.publish(result.config(), result.errors());
        }
    }

    private void streamEnded(long streamGeneration, Throwable error) {
        if (closed || streamGeneration != generation) {
            return;
        }
        failed(error != null ? error : new IllegalStateException("the engine closed the event stream"));
    }

    /** The engine cannot be reached: keep the last configuration, drop the session, try again later. */
    private void failed(Throwable e) {
        if (closed) {
            return;
        }
        connected = false;
        generation++;
        closeQuietly(eventStream);
        eventStream = null;
        closeQuietly(session);
        session = null;
        if (pendingSync != null) {
            pendingSync.cancel(false);
            pendingSync = null;
        }
        ConfigError outage = EngineErrors.describe(settings, e);
        LOG.warn("docker provider {}: {} ({}); keeping the last configuration, retrying in {} ms", name, outage, e.toString(),
                backoff.toMillis());
        if (!outage.equals(lastReportedOutage)) {
            // Shown in the proxy's providerErrors() while the last good configuration serves.
            lastReportedOutage = outage;
            lastPublished = null; // the next good sync publishes again, which clears the report
            sink.reject(List.of(outage));
        }
        worker.schedule(this::connect, backoff.toMillis(), TimeUnit.MILLISECONDS);
        backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
    }

    /** Runs on the provider's thread; after close, nothing runs. */
    private void onWorker(Runnable task) {
        try {
            worker.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException closedAlready) {
            // closed: events still arriving from the client's threads are dropped
        }
    }

    /** Traefik's address of host-network containers: host.docker.internal, host.containers.internal, or 127.0.0.1. */
    private static String hostAddress() {
        for (String host : List.of("host.docker.internal", "host.containers.internal")) {
            try {
                return InetAddress.getByName(host).getHostAddress();
            } catch (Exception ignored) {
                // not defined on this machine
            }
        }
        return "127.0.0.1";
    }

    @Override
    public void close() {
        try {
            worker.submit(() -> {
                closed = true;
                closeQuietly(eventStream);
                closeQuietly(session);
            }).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debug("docker provider {}: close", name, e);
        } finally {
            worker.shutdownNow();
        }
    }

    private static void closeQuietly(Closeable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception ignored) {
            // closing a dead connection
        }
    }
}
