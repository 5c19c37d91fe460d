package io.gatehouse.core.proxy;

import io.undertow.client.ClientConnection;
import io.undertow.server.ExchangeCompletionListener;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.proxy.ProxyCallback;
import io.undertow.server.handlers.proxy.ProxyConnection;

/**
 * Sits between a connection pool and ProxyHandler for one attempt: records why a connect failed, hands
 * ProxyHandler our connection wrapper with the server's path prefix, and marks the pooled connection busy
 * until the exchange completes.
 */
final class ConnectAttempt implements ProxyCallback<ProxyConnection>, ExchangeCompletionListener {

    private final ProxyCallback<ProxyConnection> delegate;
    private final Backend backend;
    private ConnectionTracker.Usage usage;
    /** This attempt's server already had its failure counted (ProxyHandler may then retry on another one). */
    private boolean failed;

    ConnectAttempt(ProxyCallback<ProxyConnection> delegate, Backend backend) {
        this.delegate = delegate;
        this.backend = backend;
    }

    @Override
    public void completed(HttpServerExchange exchange, ProxyConnection pooled) {
        ClientConnection connection = pooled.getConnection();
        ConnectionTracker.Usage used = backend.tracker().usage(connection);
        try {
            exchange.addExchangeCompleteListener(this);
            used.active++;
            usage = used;
        } catch (IllegalStateException alreadyComplete) {
            // the client went away while we connected; the pool gets its connection back regardless
        }
        delegate.completed(exchange,
                new ProxyConnection(new BackendConnection(connection, exchange, backend, this), backend.targetPath()));
    }

    @Override
    public void failed(HttpServerExchange exchange) {
        ProxyFailure kind = ConnectFailures.current();
        ProxyFailure.record(exchange, kind != null ? kind : ProxyFailure.CONNECT_FAILED);
        backend.outcomes().failed();
        delegate.failed(exchange);
    }

    /** The exchange with this attempt's server broke or timed out; counted once, on the IO thread. */
    void backendFailed() {
        if (!failed) {
            failed = true;
            backend.outcomes().failed();
        }
    }

    @Override
    public void couldNotResolveBackend(HttpServerExchange exchange) {
        delegate.couldNotResolveBackend(exchange);
    }

    @Override
    public void queuedRequestFailed(HttpServerExchange exchange) {
        // Not a server failure (our own pool limit): ejecting the server for it would only shift the overload.
        ProxyFailure.record(exchange, ProxyFailure.POOL_EXHAUSTED);
        delegate.queuedRequestFailed(exchange);
    }

    @Override
    public void exchangeEvent(HttpServerExchange exchange, NextListener nextListener) {
        if (usage != null) {
            usage.active--;
        }
        // The status the client got: the server's, or ours when forwarding failed (502, 504).
        if (exchange.getStatusCode() >= 500) {
            backendFailed();
        } else if (!failed) {
            backend.outcomes().succeeded();
        }
        nextListener.proceed();
    }
}
