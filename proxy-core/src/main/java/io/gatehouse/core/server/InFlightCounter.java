package io.gatehouse.core.server;

import io.undertow.server.ExchangeCompletionListener;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.ServerConnection;
import io.undertow.util.Headers;
import org.xnio.IoUtils;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * In front of a service: counts the requests in flight, so that a service retired by a reload is
 * closed only once the requests that started on the old configuration are done, and remembers the
 * client connections of upgrade requests (WebSockets), so that those of a removed service can be
 * ended. Allocation-free for plain requests (the counter is its own completion listener); a
 * LongAdder keeps IO threads from contending.
 */
final class InFlightCounter implements HttpHandler, ExchangeCompletionListener {

    private final HttpHandler next;
    private final LongAdder inFlight = new LongAdder();
    private final Set<ServerConnection> upgraded = ConcurrentHashMap.newKeySet();

    InFlightCounter(HttpHandler next) {
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        inFlight.increment();
        exchange.addExchangeCompleteListener(this);
        if (exchange.getRequestHeaders().contains(Headers.UPGRADE)) {
            ServerConnection connection = exchange.getConnection();
            if (upgraded.add(connection)) {
            }
        }
        next.handleRequest(exchange);
    }

    @Override
    public void exchangeEvent(HttpServerExchange exchange, NextListener nextListener) {
        inFlight.decrement();
        nextListener.proceed();
    }

    /** Exact once no new requests arrive, which is the case for a retired service. */
    long inFlight() {
        return inFlight.sum();
    }

    /** Ends the client connections that asked for an upgrade through this service and are still open. */
    void closeUpgradedClients() {
        for (ServerConnection connection : upgraded) {
            connection.getIoThread().execute(() -> IoUtils.safeClose(connection));
        }
    }
}
