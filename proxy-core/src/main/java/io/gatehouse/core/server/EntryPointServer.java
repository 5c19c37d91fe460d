package io.gatehouse.core.server;

import io.gatehouse.core.config.ConfigException;
import io.gatehouse.core.config.EntryPointConfig;
import io.gatehouse.core.config.RespondingTimeouts;
import io.gatehouse.core.proxy.ForwardedHeadersHandler;
import io.gatehouse.core.tls.TlsSnapshot;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.GracefulShutdownHandler;
import io.undertow.server.protocol.http.AlpnOpenListener;
import io.undertow.server.protocol.http.HttpOpenListener;
import io.undertow.server.protocol.http2.Http2OpenListener;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.StreamConnection;
import org.xnio.XnioWorker;
import org.xnio.channels.AcceptingChannel;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * One entry point: a listener on the shared IO threads that serves HTTP and HTTPS on the same
 * port (see {@link ConnectionSniffer}), HTTP/2 over TLS by ALPN, and whose handler chain is
 * graceful-shutdown tracking -> forwarded-header trust -> the router (plain or TLS routes).
 */
final class EntryPointServer {

    /** Undertow's default for a JVM with more than 128 MiB of heap. */
    private static final int BUFFER_SIZE = 16 * 1024;
    /** How long a new connection may stay silent when no read timeout is configured. */
    private static final long DEFAULT_FIRST_BYTE_TIMEOUT_MILLIS = 60_000;

    private final String name;
    private final EntryPointConfig config;
    private final GracefulShutdownHandler graceful;
    private final XnioWorker worker;
    private final EntryPointAddress address;
    private final OptionMap socketOptions;
    private final ConnectionSniffer sniffer;
    private final ThreadCachedBufferPool buffers;
    private AcceptingChannel<StreamConnection> channel;
    private int port = -1;

    EntryPointServer(String name, EntryPointConfig config, XnioWorker worker, HttpHandler router,
                     Supplier<TlsSnapshot> tls) throws ConfigException {
        this(name, config, worker, router, tls, offIoThreads(worker));
    }

    /**
     * The worker's task threads as an executor that is not the worker itself: Undertow 2.4's SslConduit
     * treats the connection's own worker as "no executor" and then runs handshake tasks inline on the
     * IO thread, where one handshake (a few ms of elliptic-curve work in JSSE) stalls every other
     * connection of that thread.
     */
    private static Executor offIoThreads(XnioWorker worker) {
        return new WorkerTasks(worker);
    }

    /** Equal for the same worker, so entry points sharing a worker share each options' SSL wrapper. */
    private record WorkerTasks(XnioWorker worker) implements Executor {
        @Override
        public void execute(Runnable task) {
            worker.execute(task);
        }
    }

    /** @param handshakeTasks where TLS handshake work runs: the worker's task threads, never the IO threads */
    EntryPointServer(String name, EntryPointConfig config, XnioWorker worker, HttpHandler router,
                     Supplier<TlsSnapshot> tls, Executor handshakeTasks) throws ConfigException {
        this.name = name;
        this.config = config;
        this.worker = worker;
        this.address = EntryPointAddress.parse("entryPoints." + name + ".address", config.address());
        this.graceful = new GracefulShutdownHandler(new ForwardedHeadersHandler(config.forwardedHeaders(), router));
        RespondingTimeouts timeouts = config.respondingTimeouts();
        OptionMap serverOptions = OptionMap.builder()
                .set(UndertowOptions.BUFFER_PIPELINED_DATA, true)
                // Routing decodes the path itself (reserved escapes stay encoded), so Undertow must not.
                .set(UndertowOptions.DECODE_URL, false)
                // Traefik puts no limit on request bodies; Undertow's default refuses those over 2 MiB.
                .set(UndertowOptions.MAX_ENTITY_SIZE, 0L)
                .set(UndertowOptions.NO_REQUEST_TIMEOUT, millis(timeouts.idleTimeout()))
                .set(UndertowOptions.REQUEST_PARSE_TIMEOUT, millis(timeouts.readTimeout()))
                .set(UndertowOptions.ENABLE_HTTP2, true)
                .getMap();
        OptionMap.Builder socket = OptionMap.builder()
                .set(Options.TCP_NODELAY, true)
                .set(Options.REUSE_ADDRESSES, true)
                .set(Options.BALANCING_TOKENS, 1)
                .set(Options.BALANCING_CONNECTIONS, 2)
                .set(Options.BACKLOG, 1000);
        if (!timeouts.writeTimeout().isZero()) {
            socket.set(Options.WRITE_TIMEOUT, millis(timeouts.writeTimeout()));
        }
        this.socketOptions = socket.getMap();
        this.buffers = new ThreadCachedBufferPool(BUFFER_SIZE, true);
        HttpOpenListener http = new HttpOpenListener(buffers, serverOptions);
        http.setRootHandler(graceful);
        Http2OpenListener http2 = new Http2OpenListener(buffers, serverOptions);
        http2.setRootHandler(graceful);
        AlpnOpenListener alpn = new AlpnOpenListener(buffers, serverOptions, http);
        alpn.addProtocol(Http2OpenListener.HTTP2, http2, 10);
        long firstByte = millis(timeouts.readTimeout()) > 0 ? millis(timeouts.readTimeout())
                : millis(timeouts.idleTimeout()) > 0 ? millis(timeouts.idleTimeout()) : DEFAULT_FIRST_BYTE_TIMEOUT_MILLIS;
        this.sniffer = new ConnectionSniffer(buffers, http, alpn, http2, tls, firstByte, handshakeTasks);
    }

    private static int millis(Duration duration) {
        long ms = duration.toMillis();
        return ms <= 0 ? -1 : (int) Math.min(Integer.MAX_VALUE, ms);
    }

    void start() {
        try {
            InetSocketAddress bind = new InetSocketAddress(InetAddress.getByName(address.host()), address.port());
            channel = worker.createStreamConnectionServer(bind, sniffer, socketOptions);
            channel.resumeAccepts();
            port = ((InetSocketAddress) channel.getLocalAddress()).getPort();
        } catch (IOException | RuntimeException e) {
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
        IoUtils.safeClose(channel);
    }

    /** Waits for in-flight requests; false when some were still running at the deadline. */
    boolean awaitDrained(long millis) throws InterruptedException {
        return graceful.awaitShutdown(Math.max(0, millis));
    }
}
