package io.gatehouse.middleware.retry;

import io.gatehouse.core.proxy.ProxyFailure;
import io.undertow.server.HttpHandler;

/**
 * Forwards an exchange again when the proxy could not reach a server, before any byte of the request
 * was sent: the proxy then ends the exchange without a response and Undertow asks the default response
 * listeners to answer; the one registered here claims the failure and dispatches the exchange to the next
 * handler again (after a wait, on the IO thread's timer). No thread waits. Used by retry and by buffering's
 * retryExpression; see {@link Tries}.
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
        return exchange -> new Tries(exchange, next, maxTries, policy, null, null, null).attempt();
    }
}
