package io.gatehouse.middleware.paths;

import io.gatehouse.core.middleware.Middleware;
import io.gatehouse.core.middleware.MiddlewareContext;
import io.gatehouse.core.middleware.MiddlewareType;

/** {@code stripPrefixRegex} in configuration. */
public final class StripPrefixRegexType implements MiddlewareType<StripPrefixRegexConfig> {

    @Override
    public String name() {
        return "stripPrefixRegex";
    }

    @Override
    public Class<StripPrefixRegexConfig> configType() {
        return StripPrefixRegexConfig.class;
    }

    @Override
    public Middleware create(StripPrefixRegexConfig config, MiddlewareContext ctx) {
        return new StripPrefixRegex(config);
    }
}
