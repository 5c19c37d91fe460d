package io.gatehouse.middleware.circuitbreaker;

import io.gatehouse.core.http.PlainResponses;
import io.gatehouse.core.middleware.Middleware;
import io.undertow.server.ExchangeCompletionListener;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * Traefik's {@code circuitBreaker}. While closed, responses are recorded (status, latency) and the
 * expression is evaluated at most once per checkPeriod; when it holds the breaker opens and answers
 * {@code responseCode} for fallbackDuration, then recovers: it lets a growing share of requests
 * through for recoveryDuration and closes, unless the expression holds again, which reopens it.
 *
 * <p>The state is one {@link AtomicReference} to an immutable state; transitions are compare-and-set,
 * and the expression is evaluated by the one request that wins the check of its period.
 */
public final class CircuitBreaker implements Middleware {

    private final CircuitBreakerConfig config;
    private final Predicate<Metrics> condition;

    public CircuitBreaker(CircuitBreakerConfig config) {
        this.config = config;
        this.condition = config.condition();
    }

    /** A breaker with Traefik's defaults, e.g. {@code CircuitBreaker.of("NetworkErrorRatio() > 0.5")}. */
    public static CircuitBreaker of(String expression) {
        return new CircuitBreaker(CircuitBreakerConfig.of(expression));
    }

    public static CircuitBreaker of(CircuitBreakerConfig config) {
        return new CircuitBreaker(config);
    }

    public CircuitBreakerConfig config() {
        return config;
    }

    @Override
    public HttpHandler wrap(HttpHandler next) {
        return new Breaker(next, condition, config);
    }

    /** One breaker per wrapped handler: its state and metrics belong to the chain it guards. */
    static final class Breaker implements HttpHandler {
        private static final AttachmentKey<Long> STARTED = AttachmentKey.create(Long.class);

        private final HttpHandler next;
        private final Predicate<Metrics> condition;
        private final int responseCode;
        private final long checkPeriod;
        private final long fallbackDuration;
        private final long recoveryDuration;
        private final Metrics metrics = new Metrics();
        private final AtomicReference<BreakerState> state = new AtomicReference<>(BreakerState.CLOSED);
        private final AtomicLong nextCheck = new AtomicLong(Long.MIN_VALUE);
        private final ExchangeCompletionListener recorder = this::recorded;

        Breaker(HttpHandler next, Predicate<Metrics> condition, CircuitBreakerConfig config) {
            this.next = next;
            this.condition = condition;
            this.responseCode = config.responseCode();
            this.checkPeriod = config.checkPeriod().toNanos();
            this.fallbackDuration = config.fallbackDuration().toNanos();
            this.recoveryDuration = config.recoveryDuration().toNanos();
        }

        @Override
        public void handleRequest(HttpServerExchange exchange) throws Exception {
            long now = System.nanoTime();
            if (!admit(now)) {
                PlainResponses.send(exchange, responseCode);
                return;
            }
            exchange.putAttachment(STARTED, now);
            exchange.addExchangeCompleteListener(recorder);
            next.handleRequest(exchange);
        }

        private boolean admit(long now) {
            while (true) {
                BreakerState current = state.get();
                if (current instanceof BreakerState.Closed) {
                    return true;
                }
                if (current instanceof BreakerState.Open open) {
                    if (now - open.until() < 0) {
                        return false;
                    }
                    state.compareAndSet(current, new BreakerState.Recovering(now, now + recoveryDuration));
                    continue;
                }
                BreakerState.Recovering recovering = (BreakerState.Recovering) current;
                if (now - recovering.end() >= 0) {
                    state.compareAndSet(current, BreakerState.CLOSED);
                    continue;
                }
                return recovering.allow(now);
            }
        }

        private void recorded(HttpServerExchange exchange, ExchangeCompletionListener.NextListener nextListener) {
            try {
                long now = System.nanoTime();
                Long started = exchange.getAttachment(STARTED);
                metrics.record(exchange.getStatusCode(), started == null ? 0 : now - started, now);
                check(now);
            } finally {
                nextListener.proceed();
            }
        }

        /** Evaluates the expression at most once per checkPeriod, and opens the breaker when it holds. */
        void check(long now) {
            long due = nextCheck.get();
            if (due != Long.MIN_VALUE && now - due < 0 || !nextCheck.compareAndSet(due, now + checkPeriod)) {
                return;
            }
            BreakerState current = state.get();
            if (current instanceof BreakerState.Open || !condition.test(metrics.at(now))) {
                return;
            }
            if (state.compareAndSet(current, new BreakerState.Open(now + fallbackDuration))) {
                metrics.reset();
            }
        }

        BreakerState state() {
            return state.get();
        }
    }
}
