package io.gatehouse.core.server;

import io.gatehouse.core.config.ConfigException;
import io.gatehouse.core.config.EntryPointConfig;
import io.gatehouse.core.config.RespondingTimeouts;
import io.gatehouse.core.proxy.ForwardedHeadersHandler;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.GracefulShutdownHandler;
import org.xnio.Options;
import org.xnio.XnioWorker;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * One entry point: an Undertow listener on the shared IO threads whose handler chain is
 * graceful-shutdown tracking -> forwarded-header trust -> the router.
 */
final class EntryPointServer {

    private final String name;
    private final EntryPointConfig config;
    private final HttpHandler router;
    private final GracefulShutdownHandler graceful;
    private final Undertow undertow;
    private int port = -1;

    EntryPointServer(String name, EntryPointConfig config, XnioWorker worker, HttpHandler router) throws ConfigException {
        this.name = name;
        this.config = config;
        this.router = router;
        String path = "entryPoints." + name;
        EntryPointAddress address = EntryPointAddress.parse(path + ".address", config.address());
        this.graceful = new GracefulShutdownHandler(new ForwardedHeadersHandler(config.forwardedHeaders(), router));
        RespondingTimeouts timeouts = config.respondingTimeouts();
        Undertow.Builder builder = Undertow.builder()
                .setWorker(worker)
                .addHttpListener(address.port(), address.host(), graceful)
                // Routing decodes the path itself (reserved escapes stay encoded), so Undertow must not.
                .setServerOption(UndertowOptions.DECODE_URL, false)
                // Traefik puts no limit on request bodies; Undertow's default refuses those over 2 MiB.
                .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, 0L)
                .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, millis(timeouts.idleTimeout()))
                .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, millis(timeouts.readTimeout()))
                .setSocketOption(Options.TCP_NODELAY, true)
                .setSocketOption(Options.REUSE_ADDRESSES, true);
        if (!timeouts.writeTimeout().isZero()) {
            builder.setSocketOption(Options.WRITE_TIMEOUT, millis(timeouts.writeTimeout()));
        }
        this.undertow = builder.build();
    }

    private static int millis(Duration duration) {
        long ms = duration.toMillis();
        return ms <= 0 ? -1 : (int) Math.min(Integer.MAX_VALUE, ms);
    }

    void start() {
        try {
            undertow.start();
            port = ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
        } catch (RuntimeException e) {
            throw new GatehouseException("entry point '" + name + "' cannot listen on " + config.address() + ": "
                    + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()), e);
        }
    }

    String name() {
        return name;
    }

    Duration graceTimeOut() {
        return config.graceTimeOut();
    }

    int port() {
        return port;
    }

    /**
     * Closes the listening socket, so new connections are refused, and answers new requests on
     * open connections with 503. Open connections stay up (the IO threads are shared) until the
     * owner shuts the IO threads down after the drain.
     */
    void beginDrain() {
        graceful.shutdown();
        undertow.stop();
    }

    /** Waits for in-flight requests; false when some were still running at the deadline. */
    boolean awaitDrained(long millis) throws InterruptedException {
        return graceful.awaitShutdown(Math.max(0, millis));
    }
}
