package io.gatehouse.core.service;

import io.gatehouse.core.proxy.ProxyFailure;
import io.undertow.predicate.IdempotentPredicate;
import io.undertow.predicate.Predicate;
import io.undertow.server.HttpServerExchange;

/**
 * When ProxyHandler may send a request again after its connection failed once the request was handed over
 * (ProxyHandler asks this as its "idempotent request predicate"): only an idempotent request, and never after
 * a response header timeout or a response the server did send. Connect failures are retried for every method,
 * without asking: no byte of the request reached a server. How often: {@link ServiceProxyClient} picks another
 * server each time and ProxyHandler's maxConnectionRetries is the number of servers - 1.
 */
final class RetryPolicy implements Predicate {

    static final RetryPolicy INSTANCE = new RetryPolicy();

    private RetryPolicy() {
    }

    @Override
    public boolean resolve(HttpServerExchange exchange) {
        if (!IdempotentPredicate.INSTANCE.resolve(exchange)) {
            return false;
        }
        ProxyFailure failure = ProxyFailure.of(exchange);
        return failure == null || failure.retryableIfIdempotent();
    }
}
