package io.gatehouse.core.server;

import io.gatehouse.core.config.ConfigError;
import io.gatehouse.core.config.ConfigException;
import io.gatehouse.core.provider.Provider;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.Xnio;
import org.xnio.XnioWorker;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The facade: an edge proxy built in code. {@link #start()} listens on every entry point;
 * {@link #handler()} gives the routing to an application that runs its own Undertow server;
 * {@link #close()} drains gracefully.
 *
 * <pre>{@code
 * Gatehouse proxy = Gatehouse.builder()
 *     .entryPoint("web", 8080)
 *     .service("api", s -> s.server("http://127.0.0.1:9000"))
 *     .router("api", r -> r.rule("PathPrefix(`/api`)").service("api"))
 *     .start();
 * }</pre>
 */
public final class Gatehouse implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Gatehouse.class);

    private final CodeConfig config;
    private final int ioThreads;
    private final int workerThreads;
    private final ConfigPipeline pipeline;
    private final List<Provider> providers;
    private final HttpHandler unboundRouter;
    private final Map<String, EntryPointServer> entryPoints = new LinkedHashMap<>();
    private XnioWorker worker;
    private boolean started;
    private boolean closed;

    Gatehouse(CodeConfig config, int ioThreads, int workerThreads, ConfigPipeline pipeline, List<Provider> providers) {
        this.config = config;
        this.ioThreads = ioThreads;
        this.workerThreads = workerThreads;
        this.pipeline = pipeline;
        this.providers = List.copyOf(providers);
        this.unboundRouter = new SnapshotRouter(pipeline, -1);
        for (Provider provider : this.providers) {
            try {
                provider.start(pipeline.sink(provider.name()));
            } catch (RuntimeException e) {
                close();
                throw new GatehouseException("provider '" + provider.name() + "' cannot start: " + e.getMessage(), e);
            }
        }
    }

    public static GatehouseBuilder builder() {
        return new GatehouseBuilder();
    }

    /** Listens on every entry point. Throws {@link GatehouseException} if one cannot be bound. */
    public synchronized Gatehouse start() {
        if (started) {
            throw new IllegalStateException("already started");
        }
        if (closed) {
            throw new IllegalStateException("closed");
        }
        started = true;
        worker = createWorker();
        try {
            int index = 0;
            for (var entry : config.entryPoints().entrySet()) {
                HttpHandler router = new SnapshotRouter(pipeline, index++);
                EntryPointServer server = new EntryPointServer(entry.getKey(), entry.getValue(), worker, router,
                        () -> pipeline.current().tls());
                entryPoints.put(entry.getKey(), server);
                server.start();
                log.info("entry point '{}' listening on port {}", entry.getKey(), server.port());
            }
        } catch (ConfigException e) {
            close();
            throw new GatehouseException(e.getMessage(), e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        return this;
    }

    private XnioWorker createWorker() {
        try {
            return Xnio.getInstance(Undertow.class.getClassLoader()).createWorker(OptionMap.builder()
                    .set(Options.WORKER_NAME, "gatehouse")
                    .set(Options.WORKER_IO_THREADS, ioThreads)
                    .set(Options.WORKER_TASK_CORE_THREADS, workerThreads)
                    .set(Options.WORKER_TASK_MAX_THREADS, workerThreads)
                    .set(Options.TCP_NODELAY, true)
                    .getMap());
        } catch (IOException e) {
            throw new GatehouseException("cannot create IO threads: " + e.getMessage(), e);
        }
    }

    /**
     * The routing as a plain Undertow handler, for an app that owns its server: it serves the
     * routers that name no entry point. Mount it on a listener with {@code DECODE_URL=false}.
     */
    public HttpHandler handler() {
        return unboundRouter;
    }

    /** The port an entry point listens on (useful with port 0). */
    public int port(String entryPoint) {
        EntryPointServer server = entryPoints.get(entryPoint);
        if (server == null) {
            throw new IllegalArgumentException("no started entry point '" + entryPoint + "'");
        }
        return server.port();
    }

    /**
     * Every current problem: what the running configuration left out (routers, services,
     * middlewares with errors, references to other providers that do not resolve), then the
     * errors of each provider's rejected input (see {@link #providerErrors()}).
     */
    public List<ConfigError> errors() {
        return pipeline.errors();
    }

    /**
     * For each provider whose latest input was rejected (it does not decode, or it has errors of its
     * own), those errors; its last good configuration keeps serving. Also, for a provider whose
     * configuration serves but left parts of its input out ({@link io.gatehouse.core.provider.ConfigSink#publish(io.gatehouse.core.config.DynamicConfig, List)}:
     * a container with a bad label ...), the errors of those parts. A provider is absent once it
     * sends a whole, good configuration again.
     */
    public Map<String, List<ConfigError>> providerErrors() {
        return pipeline.providerErrors();
    }

    /**
     * Waits until every configuration the providers sent so far has been applied, rejected or
     * skipped as identical (after the throttle delay). For tests and tools; false at the timeout.
     */
    public boolean awaitConfigApplied(Duration timeout) throws InterruptedException {
        return pipeline.awaitIdle(timeout);
    }

    /**
     * Drains and stops: listeners stop accepting, in-flight requests get up to each entry point's
     * graceTimeOut to finish, then connections are closed and services released.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Provider provider : providers) {
            try {
                provider.close();
            } catch (RuntimeException e) {
                log.warn("provider '{}' failed to close: {}", provider.name(), e.toString());
            }
        }
        entryPoints.values().forEach(EntryPointServer::beginDrain);
        long drainStart = System.nanoTime();
        for (EntryPointServer server : entryPoints.values()) {
            long waitMillis = server.graceTimeOut().toMillis() - (System.nanoTime() - drainStart) / 1_000_000;
            try {
                if (!server.awaitDrained(waitMillis)) {
                    log.warn("entry point '{}': requests still running after graceTimeOut {}, closing them",
                            server.name(), server.graceTimeOut());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        pipeline.close();
        if (worker != null) {
            // Closes the connections that are still open: idle keep-alives and requests past graceTimeOut.
            worker.shutdownNow();
        }
    }
}
