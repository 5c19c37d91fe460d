package io.gatehouse.middleware.inflightreq;

import io.gatehouse.core.http.PlainResponses;
import io.gatehouse.core.middleware.Middleware;
import io.gatehouse.middleware.source.SourceCriterion;
import io.gatehouse.middleware.source.SourceExtractor;
import io.undertow.server.ExchangeCompletionListener;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Traefik's {@code inFlightReq}: at most {@code amount} requests per source at once; the next gets 429.
 * A slot is given back when the exchange completes, however it ends (response sent, error, client gone).
 *
 * <p>Counters exist only while a source has requests in flight. A counter that drops to zero is retired
 * (set to -1) before it is removed, so a request racing with the removal retries on a fresh counter
 * instead of counting on a dead one; no lock is taken.
 */
public final class InFlightReq implements Middleware {

    private final InFlightReqConfig config;
    private final SourceExtractor sources;
    private final ConcurrentHashMap<String, AtomicLong> inFlight = new ConcurrentHashMap<>();

    public InFlightReq(InFlightReqConfig config) {
        this.config = config;
        this.sources = SourceExtractor.of(config.sourceCriterion(), SourceCriterion.REQUEST_HOST);
    }

    /** At most {@code amount} requests at once per Host. */
    public static InFlightReq of(long amount) {
        return new InFlightReq(new InFlightReqConfig(amount, null));
    }

    public static InFlightReq of(long amount, SourceCriterion sourceCriterion) {
        return new InFlightReq(new InFlightReqConfig(amount, sourceCriterion));
    }

    @Override
    public HttpHandler wrap(HttpHandler next) {
        long amount = config.amount();
        return exchange -> {
            String source = sources.extract(exchange);
            AtomicLong counter = acquire(source, amount);
            if (counter == null) {
                PlainResponses.send(exchange, 429);
                return;
            }
            exchange.addExchangeCompleteListener(new Release(source, counter));
            next.handleRequest(exchange);
        };
    }

    /** Sources with requests in flight. */
    int trackedSources() {
        return inFlight.size();
    }

    private AtomicLong acquire(String source, long amount) {
        while (true) {
            AtomicLong counter = inFlight.computeIfAbsent(source, s -> new AtomicLong());
            long n = counter.get();
            if (n < 0) {
                inFlight.remove(source, counter);
                continue;
            }
            if (n >= amount) {
                return null;
            }
            if (counter.compareAndSet(n, n + 1)) {
                return counter;
            }
        }
    }

    private final class Release implements ExchangeCompletionListener {
        private final String source;
        private final AtomicLong counter;

        Release(String source, AtomicLong counter) {
            this.source = source;
            this.counter = counter;
        }

        @Override
        public void exchangeEvent(HttpServerExchange exchange, NextListener nextListener) {
            try {
                if (counter.decrementAndGet() == 0 && counter.compareAndSet(0, -1)) {
                    inFlight.remove(source, counter);
                }
            } finally {
                nextListener.proceed();
            }
        }
    }
}
