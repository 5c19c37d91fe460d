package io.gatehouse.middleware.buffering;

import io.gatehouse.core.middleware.Middleware;
import io.gatehouse.middleware.retry.NetworkErrorRetries;
import io.gatehouse.middleware.support.ContinueOnRead;
import io.undertow.server.HttpHandler;

import java.nio.file.Path;
import java.util.function.Predicate;

/**
 * Traefik's {@code buffering}: the request body is read completely (asynchronously) before it is
 * forwarded, 413 when it is larger than maxRequestBodyBytes; the response body is held until complete,
 * and replaced with a 500 when it is larger than maxResponseBodyBytes. Memory per exchange is bounded by
 * the mem* options: past them the body goes to a temporary file (one per exchange, created when needed,
 * deleted when the exchange ends), written and read on worker threads. A retryExpression forwards
 * again when the proxy could not reach a server ({@code IsNetworkError()}), evaluated with
 * {@code Attempts()} (tries so far) and {@code ResponseCode()} (the failure's status); at most
 * {@value #MAX_TRIES} tries, whatever the expression.
 */
public final class Buffering implements Middleware {

    static final int MAX_TRIES = 10;

    private final BufferingConfig config;
    private final Predicate<RetryContext> retry;

    private final SpillFiles spillFiles;

    public Buffering(BufferingConfig config) {
        this(config, null);
    }

    /** With the spill files in {@code spillDirectory} (null: the system's temporary directory). */
    Buffering(BufferingConfig config, Path spillDirectory) {
        this.config = config;
        this.retry = config.retryCondition();
        this.spillFiles = new SpillFiles(spillDirectory);
    }

    /** How many spill files this middleware has created so far. */
    long spillFilesCreated() {
        return spillFiles.created();
    }

    /** Request bodies up to {@code maxRequestBodyBytes}, 413 above. */
    public static Buffering maxRequestBody(long maxRequestBodyBytes) {
        return new Buffering(BufferingConfig.maxRequestBody(maxRequestBodyBytes));
    }

    public static Buffering of(BufferingConfig config) {
        return new Buffering(config);
    }

    public BufferingConfig config() {
        return config;
    }

    @Override
    public HttpHandler wrap(HttpHandler next) {
        long maxResponse = config.maxResponseBodyBytes();
        long memResponse = config.memResponseBodyBytes();
        HttpHandler forward = retry == null ? next : NetworkErrorRetries.wrap(next, MAX_TRIES,
                (tries, failure, elapsed) -> retry.test(new RetryContext(tries, failure.status(), true)) ? 0 : -1);
        HttpHandler responses = exchange -> {
            exchange.addResponseWrapper((factory, ex) -> {
                if (ResponseBodyBuffer.declaredTooLarge(ex, maxResponse)) {
                    return ResponseBodyBuffer.discarding(factory.create(), ex);
                }
                return new ResponseBodyBuffer(factory.create(), ex, maxResponse, memResponse, spillFiles);
            });
            forward.handleRequest(exchange);
        };
        long maxRequest = config.maxRequestBodyBytes();
        long memRequest = config.memRequestBodyBytes();
        // A client sending "Expect: 100-continue" waits for 100 Continue before its body: it is sent when the body
        // is first read (as Go's server does), and not at all when the body is refused unread (413).
        return exchange -> {
            ContinueOnRead.arm(exchange);
            RequestBodyBuffer.handle(exchange, responses, maxRequest, memRequest, spillFiles);
        };
    }
}
