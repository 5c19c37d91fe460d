package io.gatehouse.core.server;

import io.gatehouse.core.config.ConfigError;
import io.gatehouse.core.config.ConfigException;
import io.gatehouse.core.routing.RouterHandler;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.Xnio;
import org.xnio.XnioWorker;

import java.io.IOException;
import java.util.ArrayList;
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
    private final RoutingSnapshot snapshot;
    private final RouterHandler unboundRouter;
    private final Map<String, EntryPointServer> entryPoints = new LinkedHashMap<>();
    private XnioWorker worker;
    private boolean started;
    private boolean closed;

    Gatehouse(CodeConfig config, int ioThreads, int workerThreads) {
        this.config = config;
        this.ioThreads = ioThreads;
        this.workerThreads = workerThreads;
        this.snapshot = SnapshotBuilder.build(config);
        for (ConfigError error : snapshot.errors()) {
            log.warn("configuration error, left out: {}", error);
        }
        this.unboundRouter = new RouterHandler(snapshot.unboundTable());
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
            for (var entry : config.entryPoints().entrySet()) {
                RouterHandler router = new RouterHandler(snapshot.table(entry.getKey()));
                EntryPointServer server = new EntryPointServer(entry.getKey(), entry.getValue(), worker, router);
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

    /** The problems that left routers or services out of the running configuration. */
    public List<ConfigError> errors() {
        return snapshot.errors();
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
        List<AutoCloseable> services = new ArrayList<>(snapshot.services());
        for (AutoCloseable service : services) {
            try {
                service.close();
            } catch (Exception e) {
                log.debug("closing a service failed", e);
            }
        }
        if (worker != null) {
            // Closes the connections that are still open: idle keep-alives and requests past graceTimeOut.
            worker.shutdownNow();
        }
    }
}
