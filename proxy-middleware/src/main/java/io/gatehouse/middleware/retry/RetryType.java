package io.gatehouse.middleware.retry;

import io.gatehouse.core.middleware.Middleware;
import io.gatehouse.core.middleware.MiddlewareContext;
import io.gatehouse.core.middleware.MiddlewareType;

/** {@code retry} in configuration. */
public final class RetryType implements MiddlewareType<RetryConfig> {

    @Override
    public String name() {
        return "retry";
    }

    @Override
    public Class<RetryConfig> configType() {
        return RetryConfig.class;
    }

    @Override
    public Middleware create(RetryConfig config, MiddlewareContext ctx) {
        return new Retry(config);
    }
}
