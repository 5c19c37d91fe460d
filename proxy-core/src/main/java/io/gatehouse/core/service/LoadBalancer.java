package io.gatehouse.core.service;

import io.undertow.server.HttpServerExchange;

/**
 * Picks the server for a request. Called on an IO thread for every request (and again for a retry): no locks,
 * no blocking. Strategies live in {@code io.gatehouse.core.service.balance}.
 */
public interface LoadBalancer {

    /**
     * The server to use, or null when there is none (the client gets 503). Only servers that are
     * {@link Server#available() available} and not in {@code tried} may be picked.
     *
     * @param tried the servers this request already failed on; null on a first pick
     */
    Server pick(HttpServerExchange exchange, TriedServers tried);

    /** Whether a pick may return {@code server}: available and not tried yet. */
    static boolean eligible(Server server, TriedServers tried) {
        return server.available() && (tried == null || !tried.contains(server));
    }
}
