package io.gatehouse.middleware.ratelimit;

import io.gatehouse.core.middleware.Middleware;
import io.gatehouse.core.middleware.MiddlewareContext;
import io.gatehouse.core.middleware.MiddlewareType;

/** {@code rateLimit} in configuration. */
public final class RateLimitType implements MiddlewareType<RateLimitConfig> {

    @Override
    public String name() {
        return "rateLimit";
    }

    @Override
    public Class<RateLimitConfig> configType() {
        return RateLimitConfig.class;
    }

    @Override
    public Middleware create(RateLimitConfig config, MiddlewareContext ctx) {
        return new RateLimit(config, ctx.name());
    }
}
