package io.gatehouse.middleware.cache;

import io.undertow.server.HttpServerExchange;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One request to the server for a key that other requests wait for (request coalescing). Waiters are parked
 * exchanges, not threads: when the flight ends they are resumed on their own IO threads and look the cache up
 * again. Synchronized, but only on the miss path, never on a hit.
 */
final class Flight {

    private final int maxWaiters;
    private List<HttpServerExchange> waiters;
    private boolean done;

    Flight(int maxWaiters) {
        this.maxWaiters = maxWaiters;
    }

    /** Parks the exchange until the flight ends; false when it ended already or too many wait. */
    synchronized boolean await(HttpServerExchange exchange) {
        if (done || (waiters != null && waiters.size() >= maxWaiters)) {
            return false;
        }
        if (waiters == null) {
            waiters = new ArrayList<>();
        }
        waiters.add(exchange);
        return true;
    }

    /** How many requests wait (for tests and monitoring). */
    synchronized int waiting() {
        return waiters == null ? 0 : waiters.size();
    }

    synchronized boolean isDone() {
        return done;
    }

    /** Ends the flight (idempotent) and hands every waiter to {@code resume}. */
    void end(Consumer<HttpServerExchange> resume) {
        List<HttpServerExchange> parked;
        synchronized (this) {
            if (done) {
                return;
            }
            done = true;
            parked = waiters;
            waiters = null;
        }
        if (parked != null) {
            parked.forEach(resume);
        }
    }
}
