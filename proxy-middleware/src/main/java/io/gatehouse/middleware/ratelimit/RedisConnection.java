package io.gatehouse.middleware.ratelimit;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.SslVerifyMode;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.lettuce.core.resource.DefaultClientResources;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One connection to one Redis configuration, shared by every rateLimit middleware that names the
 * same {@link RedisConfig} (counted: the last {@link #release()} closes it). Lettuce multiplexes
 * all commands over it and never blocks the caller; it reconnects by itself after an outage.
 *
 * <p>Connecting is lazy and asynchronous: the first script run starts it. While Redis is
 * unreachable a run fails at once (no command queues up behind a dead connection), and an
 * outage is logged once when it starts and once when Redis answers again.
 */
final class RedisConnection {

    private static final Logger LOG = LoggerFactory.getLogger(RedisConnection.class);
    /** A failed first connection is retried by the next request after this long, not by every request. */
    private static final long CONNECT_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    private static final Map<RedisConfig, RedisConnection> SHARED = new HashMap<>(); // guarded by itself

    private final RedisConfig config;
    private final String endpoint;
    private final ClientResources resources;
    private final RedisClient client;
    private final RedisURI uri;
    private final Duration runTimeout;
    private final AtomicReference<CompletableFuture<StatefulRedisConnection<String, String>>> connection =
            new AtomicReference<>();
    private final AtomicBoolean reachable = new AtomicBoolean(true);
    private volatile long connectRetryAt;
    private volatile boolean closed;
    private int users; // guarded by SHARED

    private RedisConnection(RedisConfig config) {
        this.config = config;
        RedisEndpoint address = config.endpoint();
        this.endpoint = config.endpoints().get(0);
        // One IO thread is plenty for one multiplexed connection; reconnect quickly once Redis is back.
        this.resources = DefaultClientResources.builder()
                .ioThreadPoolSize(1)
                .computationThreadPoolSize(1)
                .reconnectDelay(Delay.exponential(Duration.ofMillis(50), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
                .build();
        RedisURI.Builder builder = RedisURI.Builder.redis(address.host(), address.port())
                .withDatabase(config.db())
                .withTimeout(config.readTimeout());
        if (config.password() != null) {
            builder = config.username() != null
                    ? builder.withAuthentication(config.username(), config.password())
                    : builder.withPassword(config.password());
        }
        ClientOptions.Builder options = ClientOptions.builder()
                .autoReconnect(true)
                // Fail fast while disconnected: a request must get its answer, not wait for a reconnect.
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(config.dialTimeout()).keepAlive(true).build())
                .timeoutOptions(TimeoutOptions.enabled(config.readTimeout().plus(config.writeTimeout())));
        RedisTlsConfig tls = config.tls();
        if (tls != null) {
            builder = builder.withSsl(true)
                    .withVerifyPeer(tls.insecureSkipVerify() ? SslVerifyMode.NONE : SslVerifyMode.FULL);
            SslOptions.Builder ssl = SslOptions.builder().jdkSslProvider();
            if (tls.ca() != null) {
                ssl = ssl.trustManager(new File(tls.ca()));
            }
            if (tls.cert() != null) {
                ssl = ssl.keyManager(new File(tls.cert()), new File(tls.key()), null);
            }
            options.sslOptions(ssl.build());
        }
        this.uri = builder.build();
        this.client = RedisClient.create(resources, uri);
        this.client.setOptions(options.build());
        // A safety net above Lettuce's own command timeout: connecting plus one round trip.
        this.runTimeout = config.dialTimeout().plus(config.readTimeout()).plus(config.writeTimeout()).plusSeconds(1);
    }

    /** The shared connection of {@code config}; pair every call with one {@link #release()}. */
    static RedisConnection acquire(RedisConfig config) {
        synchronized (SHARED) {
            RedisConnection shared = SHARED.computeIfAbsent(config, RedisConnection::new);
            shared.users++;
            return shared;
        }
    }

    /** Gives back one {@link #acquire}; the last one closes the connection, without waiting. */
    void release() {
        synchronized (SHARED) {
            if (--users > 0) {
                return;
            }
            SHARED.remove(config);
        }
        closed = true;
        CompletableFuture<StatefulRedisConnection<String, String>> current = connection.getAndSet(null);
        CompletableFuture<?> closing = current == null ? CompletableFuture.completedFuture(null)
                : current.thenCompose(StatefulRedisConnection::closeAsync).handle((ok, e) -> null);
        closing.thenCompose(done -> client.shutdownAsync(0, 2, TimeUnit.SECONDS))
                .handle((ok, e) -> resources.shutdown(0, 2, TimeUnit.SECONDS));
    }

    /** How many middlewares share a connection to {@code config} (tests). */
    static int users(RedisConfig config) {
        synchronized (SHARED) {
            RedisConnection shared = SHARED.get(config);
            return shared == null ? 0 : shared.users;
        }
    }

    /**
     * Runs {@code script} (EVALSHA, then EVAL when Redis does not know it yet). Completes on one of
     * Lettuce's threads, exceptionally when Redis is unreachable or slower than its timeouts; never blocks.
     */
    CompletableFuture<List<Object>> run(BucketScript script, String[] keys, String[] args) {
        return connection()
                .thenCompose(c -> c.async().<List<Object>>evalsha(script.sha1(), ScriptOutputType.MULTI, keys, args)
                        .exceptionallyCompose(e -> unwrap(e) instanceof RedisNoScriptException
                                ? c.async().<List<Object>>eval(script.source(), ScriptOutputType.MULTI, keys, args)
                                : CompletableFuture.failedStage(e)))
                .toCompletableFuture()
                .orTimeout(runTimeout.toNanos(), TimeUnit.NANOSECONDS)
                .whenComplete((result, error) -> noteOutcome(error));
    }

    private CompletionStage<StatefulRedisConnection<String, String>> connection() {
        CompletableFuture<StatefulRedisConnection<String, String>> current = connection.get();
        if (current != null && !current.isCompletedExceptionally()) {
            return current;
        }
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("the Redis connection is closed"));
        }
        if (current != null && System.nanoTime() - connectRetryAt < 0) {
            return current; // the last attempt failed a moment ago: fail fast until it is time to retry
        }
        CompletableFuture<StatefulRedisConnection<String, String>> next = new CompletableFuture<>();
        if (!connection.compareAndSet(current, next)) {
            CompletableFuture<StatefulRedisConnection<String, String>> winner = connection.get();
            return winner != null ? winner : CompletableFuture.failedFuture(new IllegalStateException("the Redis connection is closed"));
        }
        client.connectAsync(StringCodec.UTF8, uri).whenComplete((c, e) -> {
            if (e != null) {
                connectRetryAt = System.nanoTime() + CONNECT_RETRY_NANOS;
                next.completeExceptionally(e);
            } else if (closed) {
                c.closeAsync();
                next.completeExceptionally(new IllegalStateException("the Redis connection is closed"));
            } else {
                next.complete(c);
            }
        });
        return next;
    }

    private void noteOutcome(Throwable error) {
        if (error == null) {
            if (!reachable.get() && reachable.compareAndSet(false, true)) {
                LOG.info("rateLimit: Redis at {} answers again; distributed rate limiting resumes", endpoint);
            }
        } else if (!closed && reachable.compareAndSet(true, false)) {
            Throwable cause = unwrap(error);
            LOG.warn("rateLimit: Redis at {} does not answer ({}); requests limited through it get 500"
                    + " until it answers again (logged once per outage)", endpoint, cause.toString());
        }
    }

    private static Throwable unwrap(Throwable e) {
        while (e instanceof CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
