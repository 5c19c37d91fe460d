package io.gatehouse.middleware.paths;

import io.gatehouse.core.middleware.Middleware;
import io.gatehouse.core.middleware.MiddlewareContext;
import io.gatehouse.core.middleware.MiddlewareType;

/** {@code replacePathRegex} in configuration. */
public final class ReplacePathRegexType implements MiddlewareType<ReplacePathRegexConfig> {

    @Override
    public String name() {
        return "replacePathRegex";
    }

    @Override
    public Class<ReplacePathRegexConfig> configType() {
        return ReplacePathRegexConfig.class;
    }

    @Override
    public Middleware create(ReplacePathRegexConfig config, MiddlewareContext ctx) {
        return new ReplacePathRegex(config);
    }
}
