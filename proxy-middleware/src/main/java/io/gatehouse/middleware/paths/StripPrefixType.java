package io.gatehouse.middleware.paths;

import io.gatehouse.core.middleware.Middleware;
import io.gatehouse.core.middleware.MiddlewareContext;
import io.gatehouse.core.middleware.MiddlewareType;

/** {@code stripPrefix} in configuration. */
public final class StripPrefixType implements MiddlewareType<StripPrefixConfig> {

    @Override
    public String name() {
        return "stripPrefix";
    }

    @Override
    public Class<StripPrefixConfig> configType() {
        return StripPrefixConfig.class;
    }

    @Override
    public Middleware create(StripPrefixConfig config, MiddlewareContext ctx) {
        return new StripPrefix(config);
    }
}
