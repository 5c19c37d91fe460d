package io.gatehouse.middleware.retry;

import io.gatehouse.core.middleware.Middleware;
import io.gatehouse.core.proxy.ProxyFailure;
import io.undertow.server.Connectors;
import io.undertow.server.DefaultResponseListener;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.SameThreadExecutor;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Traefik's {@code retry}: a request that could not reach a server (connection refused or reset, TLS
 * handshake failure, dial timeout, no pooled connection) is forwarded again, up to {@code attempts} tries in
 * all, after an exponential backoff (Traefik's: from initialInterval to twice it over the attempts, each
 * wait randomized by ±50%). Nothing of the request was sent then and nothing of the response, so
 * retrying is safe for every method and the body is still unread.
 *
 * <p>How: when the proxy fails it ends the exchange without a response, and Undertow asks the default
 * response listeners to answer. This middleware's listener is registered after the service's (so it is
 * asked first); it claims the failure, and the exchange is dispatched to the next handler again, on the
 * IO thread's timer when there is a backoff. No thread waits.
 */
public final class Retry implements Middleware {

    private final RetryConfig config;

    public Retry(RetryConfig config) {
        this.config = config;
    }

    /** {@code attempts} tries in all, retried at once. */
    public static Retry of(int attempts) {
        return new Retry(RetryConfig.of(attempts));
    }

    public static Retry of(RetryConfig config) {
        return new Retry(config);
    }

    public RetryConfig config() {
        return config;
    }

    @Override
    public HttpHandler wrap(HttpHandler next) {
        if (config.attempts() == 1 || config.disableRetryOnNetworkError()) {
            return next;
        }
        long initial = config.initialInterval().toNanos();
        double multiplier = Math.pow(2, 1.0 / (config.attempts() - 1));
        long timeout = config.timeout().toNanos();
        int attempts = config.attempts();
        return exchange -> new Attempts(exchange, next, attempts, initial, multiplier, timeout).run();
    }

    /** The tries of one exchange. */
    private static final class Attempts implements DefaultResponseListener, HttpHandler {
        private final HttpServerExchange exchange;
        private final HttpHandler next;
        private final int attempts;
        private final long initial;
        private final double multiplier;
        private final long timeout;
        private final long start = System.nanoTime();
        private int attempt;

        Attempts(HttpServerExchange exchange, HttpHandler next, int attempts, long initial, double multiplier, long timeout) {
            this.exchange = exchange;
            this.next = next;
            this.attempts = attempts;
            this.initial = initial;
            this.multiplier = multiplier;
            this.timeout = timeout;
        }

        void run() throws Exception {
            attempt++;
            next.handleRequest(exchange);
            // Registered after the chain ran, so after the service's own failure responder: asked first.
            // The proxy answers asynchronously (dispatched), never before the chain returns.
            if (!exchange.isComplete() && !exchange.isResponseStarted() && attempt < attempts) {
                exchange.addDefaultResponseListener(this);
            }
        }

        @Override
        public void handleRequest(HttpServerExchange ignored) throws Exception {
            run();
        }

        @Override
        public boolean handleDefaultResponse(HttpServerExchange ex) {
            ProxyFailure failure = ProxyFailure.of(ex);
            if (failure == null || !failure.beforeRequestSent() || ex.isResponseStarted()
                    || timeout > 0 && System.nanoTime() - start >= timeout) {
                return false;
            }
            ProxyFailure.clear(ex);
            ex.setStatusCode(200);
            long wait = backoff();
            if (wait <= 0) {
                ex.dispatch(SameThreadExecutor.INSTANCE, () -> Connectors.executeRootHandler(this, ex));
            } else {
                ex.dispatch(SameThreadExecutor.INSTANCE, () -> ex.getIoThread().executeAfter(
                        () -> Connectors.executeRootHandler(this, ex), wait, TimeUnit.NANOSECONDS));
            }
            return true;
        }

        /** The wait before the next try: Traefik's exponential backoff, randomized by ±50%. */
        private long backoff() {
            if (initial <= 0) {
                return 0;
            }
            double interval = initial * Math.pow(multiplier, attempt - 1);
            double jitter = 0.5 * interval;
            return (long) (interval - jitter + ThreadLocalRandom.current().nextDouble() * 2 * jitter);
        }
    }
}
