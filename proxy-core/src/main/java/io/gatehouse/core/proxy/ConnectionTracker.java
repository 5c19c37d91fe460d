package io.gatehouse.core.proxy;

import io.undertow.client.ClientConnection;
import org.xnio.IoUtils;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open connections of one service and whether a request is using them, so that closing the service
 * can close idle pooled connections at once (ProxyConnectionPool.close() only closes one per IO thread)
 * while requests in flight, WebSockets included, finish on theirs.
 */
final class ConnectionTracker {

    /** Mutated only on the connection's IO thread. */
    static final class Usage {
        int active;
    }

    private final Map<ClientConnection, Usage> open = new ConcurrentHashMap<>();
    private volatile boolean closed;

    void opened(ClientConnection connection) {
        if (closed) {
            IoUtils.safeClose(connection);
            return;
        }
        open.put(connection, new Usage());
        connection.addCloseListener(open::remove);
    }

    /** The usage of a connection this tracker saw open; a fresh one for any other. */
    Usage usage(ClientConnection connection) {
        Usage usage = open.get(connection);
        return usage != null ? usage : new Usage();
    }

    void closeIdle() {
        closed = true;
        for (Map.Entry<ClientConnection, Usage> entry : open.entrySet()) {
            ClientConnection connection = entry.getKey();
            Usage usage = entry.getValue();
            onIoThread(connection, () -> {
                if (usage.active == 0 && !connection.isUpgraded()) { // an upgraded one carries a WebSocket
                    IoUtils.safeClose(connection);
                }
            });
        }
    }

    /** Closes every connection, in use or upgraded (a WebSocket) included: the service is gone. */
    void closeAll() {
        closed = true;
        for (ClientConnection connection : open.keySet()) {
            onIoThread(connection, () -> IoUtils.safeClose(connection));
        }
    }

    /** On the connection's IO thread; when that thread is already stopping (the worker shuts down), it closes them. */
    private static void onIoThread(ClientConnection connection, Runnable task) {
        try {
            connection.getIoThread().execute(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            IoUtils.safeClose(connection);
        }
    }

    int openConnections() {
        return open.size();
    }
}
