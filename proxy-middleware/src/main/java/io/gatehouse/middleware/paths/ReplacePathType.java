package io.gatehouse.middleware.paths;

import io.gatehouse.core.middleware.Middleware;
import io.gatehouse.core.middleware.MiddlewareContext;
import io.gatehouse.core.middleware.MiddlewareType;

/** {@code replacePath} in configuration. */
public final class ReplacePathType implements MiddlewareType<ReplacePathConfig> {

    @Override
    public String name() {
        return "replacePath";
    }

    @Override
    public Class<ReplacePathConfig> configType() {
        return ReplacePathConfig.class;
    }

    @Override
    public Middleware create(ReplacePathConfig config, MiddlewareContext ctx) {
        return new ReplacePath(config);
    }
}
