package io.gatehouse.middleware.compress;

import io.gatehouse.core.middleware.Middleware;
import io.gatehouse.core.middleware.MiddlewareContext;
import io.gatehouse.core.middleware.MiddlewareType;

/** {@code compress} in configuration. */
public final class CompressType implements MiddlewareType<CompressConfig> {

    @Override
    public String name() {
        return "compress";
    }

    @Override
    public Class<CompressConfig> configType() {
        return CompressConfig.class;
    }

    @Override
    public Middleware create(CompressConfig config, MiddlewareContext ctx) {
        return new Compress(config);
    }
}
