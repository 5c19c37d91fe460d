package io.gatehouse.core.service;

import io.gatehouse.core.proxy.ResponseHeadersListener;
import io.gatehouse.core.service.sticky.StickyCookie;
import io.undertow.server.ExchangeCompletionListener;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.ResponseCommitListener;
import io.undertow.server.handlers.proxy.ProxyCallback;
import io.undertow.server.handlers.proxy.ProxyConnection;
import io.undertow.util.AttachmentKey;
import io.undertow.util.Headers;

/**
 * One request's way through a service: the server of the current attempt, the servers already tried (a retry
 * never goes back to one), the per-server statistics (in flight from the connection being handed over until the
 * exchange completes or the request moves on; time to response headers), and the sticky cookie to set. One
 * object per request; everything runs on the exchange's IO thread.
 */
final class ServerAttempts implements ProxyCallback<ProxyConnection>, ExchangeCompletionListener,
        ResponseCommitListener, ResponseHeadersListener {

    static final AttachmentKey<ServerAttempts> KEY = AttachmentKey.create(ServerAttempts.class);

    private Server server;
    private TriedServers tried;
    private ProxyCallback<ProxyConnection> proxyCallback;
    private Server counted;
    private long startNanos;
    private boolean timed;
    private String setCookie;

    private ServerAttempts(Server first) {
        this.server = first;
    }

    /** Starts following the exchange, whose first attempt goes to {@code first}. */
    static ServerAttempts start(HttpServerExchange exchange, Server first) {
        ServerAttempts attempts = new ServerAttempts(first);
        exchange.putAttachment(KEY, attempts);
        exchange.putAttachment(ResponseHeadersListener.KEY, attempts);
        exchange.addExchangeCompleteListener(attempts);
        return attempts;
    }

    /** Ends what an earlier pass through a service recorded on the exchange, before the exchange is forwarded anew. */
    static void forget(HttpServerExchange exchange) {
        ServerAttempts earlier = exchange.removeAttachment(KEY);
        if (earlier != null) {
            exchange.removeAttachment(ResponseHeadersListener.KEY);
            earlier.stopCounting();
            earlier.setCookie = null;
        }
    }

    /** The current attempt failed: remembers its server as tried and picks another one (null: none left). */
    Server retry(HttpServerExchange exchange, LoadBalancer balancer) {
        if (tried == null) {
            tried = new TriedServers();
        }
        if (server != null) {
            tried.add(server);
        }
        stopCounting();
        server = balancer.pick(exchange, tried);
        return server;
    }

    /** Sets the sticky cookie for the current server on the response (once, when it commits). */
    void stickTo(HttpServerExchange exchange, StickyCookie sticky) {
        if (setCookie == null) {
            exchange.addResponseCommitListener(this);
        }
        setCookie = sticky.setCookie(server);
    }

    /** The connection for this attempt goes to {@code callback} (ProxyHandler's) through us. */
    ServerAttempts forward(ProxyCallback<ProxyConnection> callback) {
        this.proxyCallback = callback;
        return this;
    }

    @Override
    public void completed(HttpServerExchange exchange, ProxyConnection connection) {
        stopCounting();
        Server current = server;
        if (current != null) {
            current.requestStarted();
            counted = current;
            startNanos = System.nanoTime();
            timed = false;
        }
        proxyCallback.completed(exchange, connection);
    }

    @Override
    public void failed(HttpServerExchange exchange) {
        proxyCallback.failed(exchange);
    }

    @Override
    public void couldNotResolveBackend(HttpServerExchange exchange) {
        proxyCallback.couldNotResolveBackend(exchange);
    }

    @Override
    public void queuedRequestFailed(HttpServerExchange exchange) {
        proxyCallback.queuedRequestFailed(exchange);
    }

    @Override
    public void responseHeaders(HttpServerExchange exchange) {
        if (counted != null && !timed) {
            timed = true;
            counted.recordResponseTime(System.nanoTime() - startNanos);
        }
    }

    @Override
    public void beforeCommit(HttpServerExchange exchange) {
        if (setCookie != null) {
            exchange.getResponseHeaders().add(Headers.SET_COOKIE, setCookie);
        }
    }

    @Override
    public void exchangeEvent(HttpServerExchange exchange, NextListener nextListener) {
        stopCounting();
        nextListener.proceed();
    }

    /** The counted attempt ended; one that never got response headers counts its time until now (slow). */
    private void stopCounting() {
        Server ended = counted;
        if (ended != null) {
            counted = null;
            if (!timed) {
                ended.recordResponseTime(System.nanoTime() - startNanos);
            }
            ended.requestEnded();
        }
    }
}
