package io.gatehouse.middleware.circuitbreaker;

import io.gatehouse.core.config.ConfigException;
import io.gatehouse.core.middleware.Middleware;
import io.gatehouse.core.middleware.MiddlewareContext;
import io.gatehouse.core.middleware.MiddlewareType;

/** {@code circuitBreaker} in configuration. */
public final class CircuitBreakerType implements MiddlewareType<CircuitBreakerConfig> {

    @Override
    public String name() {
        return "circuitBreaker";
    }

    @Override
    public Class<CircuitBreakerConfig> configType() {
        return CircuitBreakerConfig.class;
    }

    @Override
    public Middleware create(CircuitBreakerConfig config, MiddlewareContext ctx) throws ConfigException {
        try {
            return new CircuitBreaker(config);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("http.middlewares." + ctx.name() + ".circuitBreaker.expression",
                    config.expression(), e.getMessage());
        }
    }
}
