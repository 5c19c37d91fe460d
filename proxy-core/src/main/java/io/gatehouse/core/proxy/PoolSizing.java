package io.gatehouse.core.proxy;

import io.undertow.server.handlers.proxy.ConnectionPoolManager;

/**
 * How a server's ProxyConnectionPool is sized; all numbers are PER IO THREAD, as Undertow's pools are.
 * Undertow's defaults (10 connections, 5 kept, no queue) answer 503 as soon as an IO thread has 11 requests in
 * flight to one server. Go's transport, which Traefik uses, has no cap on connections at all; we keep a cap
 * (it protects a server from a connection storm) but a generous one, plus a queue, so that ordinary load
 * never sees a 503 from the pool.
 *
 * @param maxConnections       connections one IO thread may open to the server
 * @param maxIdleConnections   idle connections one IO thread keeps (serversTransport.maxIdleConnsPerHost)
 * @param queueSize            requests one IO thread lets wait for a connection before answering 503
 * @param idleTimeoutMillis    idle connections are closed after this (idleConnTimeout); -1 keeps them
 */
record PoolSizing(int maxConnections, int maxIdleConnections, int queueSize, long idleTimeoutMillis)
        implements ConnectionPoolManager {

    /** Connections per IO thread per server, at least. */
    static final int MIN_MAX_CONNECTIONS = 256;
    /** Waiting requests per IO thread per server. */
    static final int QUEUE_SIZE = 1024;
    /** Go's http.DefaultMaxIdleConnsPerHost, used when maxIdleConnsPerHost is 0. */
    static final int GO_DEFAULT_MAX_IDLE = 2;

    static PoolSizing of(int maxIdleConnsPerHost, long idleTimeoutMillis) {
        int idle = maxIdleConnsPerHost == 0 ? GO_DEFAULT_MAX_IDLE : maxIdleConnsPerHost;
        return new PoolSizing(Math.max(MIN_MAX_CONNECTIONS, idle), idle, QUEUE_SIZE,
                idleTimeoutMillis > 0 ? idleTimeoutMillis : -1);
    }

    @Override
    public int getMaxConnections() {
        return maxConnections;
    }

    @Override
    public int getMaxCachedConnections() {
        return maxIdleConnections;
    }

    /** No core: every idle connection ages out after idleConnTimeout. */
    @Override
    public int getSMaxConnections() {
        return 0;
    }

    @Override
    public long getTtl() {
        return idleTimeoutMillis;
    }

    @Override
    public int getMaxQueueSize() {
        return queueSize;
    }

    /** No passive "problem server" marking yet: every request tries (health checks come with their own issue). */
    @Override
    public boolean isAvailable() {
        return true;
    }

    @Override
    public boolean handleError() {
        return true;
    }

    @Override
    public boolean clearError() {
        return true;
    }

    @Override
    public int getProblemServerRetry() {
        return -1;
    }
}
