package io.gatehouse.middleware.retry;

import io.gatehouse.core.middleware.Middleware;
import io.undertow.server.HttpHandler;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Traefik's {@code retry}: a request that could not reach a server (connection refused or reset, TLS
 * handshake failure, dial timeout, no pooled connection) is forwarded again, up to {@code attempts} tries in
 * all, after an exponential backoff (Traefik's: from initialInterval to twice it over the attempts, each
 * wait randomized by ±50%). Nothing of the request was sent then and nothing of the response, so
 * retrying is safe for every method and the body is still unread.
 *
 * <p>How: see {@link NetworkErrorRetries}.
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
        return NetworkErrorRetries.wrap(next, config.attempts(), (tries, failure, elapsed) -> {
            if (timeout > 0 && elapsed >= timeout) {
                return -1;
            }
            return backoff(initial, multiplier, tries);
        });
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
