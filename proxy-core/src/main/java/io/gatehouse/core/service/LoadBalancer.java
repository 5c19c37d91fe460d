package io.gatehouse.core.service;

import io.undertow.server.HttpServerExchange;

/**
 * Picks the server for a request. Called on an IO thread for every request (and again for a retry): no locks,
 * no blocking.
 */
public interface LoadBalancer {

    /** The server to use, or null when there is none (the client gets 503). */
    Server pick(HttpServerExchange exchange);
}
