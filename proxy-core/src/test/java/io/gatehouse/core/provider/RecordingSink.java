package io.gatehouse.core.provider;

import io.gatehouse.core.config.ConfigError;
import io.gatehouse.core.config.DynamicConfig;
import io.gatehouse.core.middleware.MiddlewareTypes;
import io.gatehouse.core.pipeline.ChainMiddlewareType;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A sink that records what a provider sends, in order. */
final class RecordingSink implements ConfigSink {

    /** One thing the provider sent: a configuration, or the errors of a rejected input. */
    record Sent(DynamicConfig config, List<ConfigError> errors) {
        boolean rejected() {
            return errors != null;
        }
    }

    private final BlockingQueue<Sent> sent = new LinkedBlockingQueue<>();

    @Override
    public void publish(DynamicConfig config) {
        sent.add(new Sent(config, null));
    }

    @Override
    public void reject(List<ConfigError> errors) {
        sent.add(new Sent(null, errors));
    }

    @Override
    public MiddlewareTypes middlewareTypes() {
        return ChainMiddlewareType.withChain(MiddlewareTypes.load());
    }

    /** The next thing sent; fails after a generous wait. */
    Sent next() throws InterruptedException {
        Sent next = sent.poll(30, TimeUnit.SECONDS);
        if (next == null) {
            throw new AssertionError("the provider sent nothing");
        }
        return next;
    }

    /** The next configuration whose routers are exactly {@code routers}, skipping earlier sends. */
    DynamicConfig nextWithRouters(String... routers) throws InterruptedException {
        while (true) {
            Sent next = next();
            if (!next.rejected() && next.config().http().routers().keySet().equals(java.util.Set.of(routers))) {
                return next.config();
            }
        }
    }

    /** The next rejection, skipping earlier sends. */
    List<ConfigError> nextRejection() throws InterruptedException {
        while (true) {
            Sent next = next();
            if (next.rejected()) {
                return next.errors();
            }
        }
    }
}
