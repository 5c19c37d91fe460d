package io.gatehouse.middleware.buffering;

import io.gatehouse.core.middleware.Middleware;
import io.gatehouse.core.middleware.MiddlewareContext;
import io.gatehouse.core.middleware.MiddlewareType;

/** {@code buffering} in configuration. */
public final class BufferingType implements MiddlewareType<BufferingConfig> {

    @Override
    public String name() {
        return "buffering";
    }

    @Override
    public Class<BufferingConfig> configType() {
        return BufferingConfig.class;
    }

    @Override
    public Middleware create(BufferingConfig config, MiddlewareContext ctx) {
        return new Buffering(config);
    }
}
