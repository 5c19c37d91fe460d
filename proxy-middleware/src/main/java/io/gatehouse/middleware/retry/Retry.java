package io.gatehouse.middleware.retry;

import io.gatehouse.core.http.ReplayableBody;
import io.gatehouse.core.http.StatusRanges;
import io.gatehouse.core.middleware.Middleware;
import io.gatehouse.middleware.support.ContinueOnRead;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Traefik's {@code retry}: a request is forwarded again, up to {@code attempts} tries in all, after an
 * exponential backoff (Traefik's: from initialInterval to twice it over the attempts, each wait randomized by
 * ±50%), when
 * <ul>
 *   <li>it could not reach a server (connection refused or reset, TLS handshake failure, dial timeout, no pooled
 *   connection): nothing of the request was sent, so this is safe for every method and the body is still unread
 *   (unless {@code disableRetryOnNetworkError});</li>
 *   <li>the server answered with one of the {@code status} codes: the response is discarded before anything
 *   reaches the client and the request is sent again with its body, which is kept for that (up to
 *   {@code maxRequestBodyBytes}; a larger body is forwarded once, its response relayed whatever the status).
 *   Not for POST, PATCH and LOCK unless {@code retryNonIdempotentMethod}, nor for upgrades (WebSocket). The last
 *   try's response, and any response once {@code timeout} has passed, is relayed as it is.</li>
 * </ul>
 *
 * <p>How: see {@link Tries}, {@link ReplayableBody} and {@link io.gatehouse.core.proxy.ResponseVeto}.
 */
public final class Retry implements Middleware {

    private static final HttpString LOCK = HttpString.tryFromString("LOCK");

    private final RetryConfig config;
    private final StatusRanges statuses;

    public Retry(RetryConfig config) {
        this.config = config;
        this.statuses = config.status().isEmpty() ? null : StatusRanges.parse(config.status());
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
        int attempts = config.attempts();
        if (attempts == 1) {
            return next;
        }
        long initial = config.initialInterval().toNanos();
        double multiplier = Math.pow(2, 1.0 / (attempts - 1));
        long timeout = config.timeout().toNanos();
        Tries.Backoff backoff = (tries, elapsed) -> timeout > 0 && elapsed >= timeout ? -1 : backoff(initial, multiplier, tries);
        NetworkErrorRetries.Policy network = config.disableRetryOnNetworkError() ? null
                : (tries, failure, elapsed) -> backoff.next(tries, elapsed);
        // A client sending "Expect: 100-continue" waits for 100 Continue before its body: it is sent when the body
        // is first read, by the kept-body reader or by the proxy forwarding it (as Go's server does on the first
        // read). The server's own 100 cannot be relayed here: the body is kept, or may go to several servers.
        if (statuses == null) {
            HttpHandler tries = NetworkErrorRetries.wrap(next, attempts, network);
            return exchange -> {
                ContinueOnRead.arm(exchange);
                tries.handleRequest(exchange);
            };
        }
        long maxBody = config.maxRequestBodyBytes();
        boolean nonIdempotent = config.retryNonIdempotentMethod();
        return exchange -> {
            ContinueOnRead.arm(exchange);
            if (!statusRetried(exchange, nonIdempotent)) {
                if (network == null) {
                    next.handleRequest(exchange);
                } else {
                    new Tries(exchange, next, attempts, network, null, null, null).attempt();
                }
                return;
            }
            ReplayableBody.read(exchange, maxBody, (ex, body) -> {
                if (body == null && network == null) {
                    next.handleRequest(ex); // too large to replay: one try, relayed whatever its status
                } else {
                    new Tries(ex, next, attempts, network, body == null ? null : statuses, backoff, body).attempt();
                }
            });
        };
    }

    private static boolean statusRetried(HttpServerExchange exchange, boolean nonIdempotent) {
        String upgrade = exchange.getRequestHeaders().getFirst(Headers.UPGRADE);
        if (upgrade != null && !upgrade.equalsIgnoreCase("h2c")) { // a WebSocket; h2c is never forwarded
            return false;
        }
        if (nonIdempotent) {
            return true;
        }
        HttpString method = exchange.getRequestMethod();
        return !method.equals(Methods.POST) && !method.equals(Methods.PATCH) && !method.equals(LOCK);
    }

    /** The wait before try {@code tries + 1}: Traefik's exponential backoff, randomized by ±50%. */
    static long backoff(long initial, double multiplier, int tries) {
        if (initial <= 0) {
            return 0;
        }
        double interval = initial * Math.pow(multiplier, tries - 1);
        double jitter = 0.5 * interval;
        return Math.max(1, (long) (interval - jitter + ThreadLocalRandom.current().nextDouble() * 2 * jitter));
    }
}
