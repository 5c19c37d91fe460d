package io.gatehouse.middleware.paths;

import io.gatehouse.core.middleware.Middleware;
import io.gatehouse.core.middleware.MiddlewareContext;
import io.gatehouse.core.middleware.MiddlewareType;

/** {@code addPrefix} in configuration. */
public final class AddPrefixType implements MiddlewareType<AddPrefixConfig> {

    @Override
    public String name() {
        return "addPrefix";
    }

    @Override
    public Class<AddPrefixConfig> configType() {
        return AddPrefixConfig.class;
    }

    @Override
    public Middleware create(AddPrefixConfig config, MiddlewareContext ctx) {
        return new AddPrefix(config);
    }
}
