package io.gatehouse.core.proxy;

import io.undertow.client.UndertowClient;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.proxy.ProxyCallback;
import io.undertow.server.handlers.proxy.ProxyClient;
import io.undertow.server.handlers.proxy.ProxyConnection;
import io.undertow.server.handlers.proxy.ProxyConnectionPool;

import java.net.URI;
import java.util.concurrent.TimeUnit;

/**
 * The way to one server: its connection pools and what every request to it needs, all computed once.
 * Must be used from the exchange's IO thread, like the ProxyConnectionPool it wraps.
 */
public final class Backend implements AutoCloseable {

    private static final UndertowClient CLIENT = UndertowClient.getInstance(Backend.class.getClassLoader());

    private final ProxyConnectionPool pool;
    /** HTTP/1.1-only pool for WebSocket and other upgrades when the main pool may negotiate HTTP/2; else == pool. */
    private final ProxyConnectionPool upgradePool;
    private final String targetPath;
    private final String hostHeader;
    private final boolean passHostHeader;
    private final long responseHeaderTimeoutMillis;
    private final ConnectionTracker tracker = new ConnectionTracker();
    private final BackendOutcomes outcomes;

    /**
     * @param target         the server as Undertow's client understands it: http, https or h2c-prior, host and port
     * @param hostHeader     Host sent when {@code passHostHeader} is false (the URL's authority)
     * @param targetPath     prefix put in front of every request path ("" for none, no trailing slash)
     */
    public Backend(URI target, String hostHeader, String targetPath, boolean passHostHeader, BackendTransport transport) {
        this(target, hostHeader, targetPath, passHostHeader, transport, BackendOutcomes.NONE);
    }

    /** @param outcomes hears how each request to this server ended (passive health checks) */
    public Backend(URI target, String hostHeader, String targetPath, boolean passHostHeader, BackendTransport transport,
                   BackendOutcomes outcomes) {
        this.outcomes = outcomes;
        this.targetPath = targetPath;
        this.hostHeader = hostHeader;
        this.passHostHeader = passHostHeader;
        this.responseHeaderTimeoutMillis = transport.responseHeaderTimeoutMillis();
        boolean https = "https".equals(target.getScheme());
        URI poolUri = URI.create(BackendClientProvider.SCHEME + "://" + target.getRawAuthority());
        this.pool = new ProxyConnectionPool(transport.sizing(), poolUri, https ? transport.ssl() : null, CLIENT,
                transport.options(target, tracker, true));
        this.upgradePool = https && transport.http2()
                ? new ProxyConnectionPool(transport.sizing(), poolUri, transport.ssl(), CLIENT,
                        transport.options(target, tracker, false))
                : pool;
    }

    /** Gets a connection for the exchange and hands it to {@code callback}; on the exchange's IO thread. */
    public void connect(ProxyClient.ProxyTarget target, HttpServerExchange exchange,
                        ProxyCallback<ProxyConnection> callback, long timeout, TimeUnit unit) {
        ProxyConnectionPool chosen = upgradePool != pool && HopByHopHeaders.isUpgrade(exchange.getRequestHeaders())
                ? upgradePool : pool;
        chosen.connect(target, exchange, new ConnectAttempt(callback, this), timeout, unit, false);
    }

    String targetPath() {
        return targetPath;
    }

    String hostHeader() {
        return hostHeader;
    }

    boolean passHostHeader() {
        return passHostHeader;
    }

    long responseHeaderTimeoutMillis() {
        return responseHeaderTimeoutMillis;
    }

    BackendOutcomes outcomes() {
        return outcomes;
    }

    ConnectionTracker tracker() {
        return tracker;
    }

    /** Connections currently open to this server (pooled and in use). */
    public int openConnections() {
        return tracker.openConnections();
    }

    /** Closes idle connections now; connections in use close when their request ends. */
    @Override
    public void close() {
        pool.close();
        if (upgradePool != pool) {
            upgradePool.close();
        }
        tracker.closeIdle();
    }

    /** Closes every connection now, those in use and upgraded ones (WebSockets) included. */
    public void closeNow() {
        close();
        tracker.closeAll();
    }
}
