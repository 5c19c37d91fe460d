package io.gatehouse.middleware.retry;

import io.gatehouse.core.proxy.ProxyFailure;
import io.undertow.server.Connectors;
import io.undertow.server.DefaultResponseListener;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.SameThreadExecutor;

import java.util.concurrent.TimeUnit;

/**
 * Forwards an exchange again when the proxy could not reach a server, before any byte of the request
 * was sent: the proxy then ends the exchange without a response and Undertow asks the default response
 * listeners to answer. The listener registered here is added after the chain ran, so after the
 * service's own failure responder, and is asked first; it claims the failure and dispatches the
 * exchange to the next handler again (after a wait, on the IO thread's timer). No thread waits.
 * Used by retry and by buffering's retryExpression.
 */
public final class NetworkErrorRetries {

    /** Whether to try again, and after how long. */
    public interface Policy {
        /**
         * @param triesSoFar the tries already made (1 after the first)
         * @param failure    why the last try failed (always before the request was sent)
         * @param elapsed    nanoseconds since the first try started
         * @return the wait in nanoseconds before the next try, or a negative value to give up
         */
        long nextTry(int triesSoFar, ProxyFailure failure, long elapsed);
    }

    private NetworkErrorRetries() {
    }

    public static HttpHandler wrap(HttpHandler next, int maxTries, Policy policy) {
        return exchange -> new Tries(exchange, next, maxTries, policy).run();
    }

    private static final class Tries implements DefaultResponseListener, HttpHandler {
        private final HttpServerExchange exchange;
        private final HttpHandler next;
        private final int maxTries;
        private final Policy policy;
        private final long start = System.nanoTime();
        private int tries;

        Tries(HttpServerExchange exchange, HttpHandler next, int maxTries, Policy policy) {
            this.exchange = exchange;
            this.next = next;
            this.maxTries = maxTries;
            this.policy = policy;
        }

        void run() throws Exception {
            tries++;
            next.handleRequest(exchange);
            // The proxy answers asynchronously (dispatched), never before the chain returns.
            if (!exchange.isComplete() && !exchange.isResponseStarted() && tries < maxTries) {
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
            if (failure == null || !failure.beforeRequestSent() || ex.isResponseStarted()) {
                return false;
            }
            long wait = policy.nextTry(tries, failure, System.nanoTime() - start);
            if (wait < 0) {
                return false;
            }
            ProxyFailure.clear(ex);
            ex.setStatusCode(200);
            if (wait == 0) {
                ex.dispatch(SameThreadExecutor.INSTANCE, () -> Connectors.executeRootHandler(this, ex));
            } else {
                ex.dispatch(SameThreadExecutor.INSTANCE, () -> ex.getIoThread().executeAfter(
                        () -> Connectors.executeRootHandler(this, ex), wait, TimeUnit.NANOSECONDS));
            }
            return true;
        }
    }
}
