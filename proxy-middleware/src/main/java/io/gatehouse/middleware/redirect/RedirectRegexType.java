package io.gatehouse.middleware.redirect;

import io.gatehouse.core.middleware.Middleware;
import io.gatehouse.core.middleware.MiddlewareContext;
import io.gatehouse.core.middleware.MiddlewareType;

/** {@code redirectRegex} in configuration. */
public final class RedirectRegexType implements MiddlewareType<RedirectRegexConfig> {

    @Override
    public String name() {
        return "redirectRegex";
    }

    @Override
    public Class<RedirectRegexConfig> configType() {
        return RedirectRegexConfig.class;
    }

    @Override
    public Middleware create(RedirectRegexConfig config, MiddlewareContext ctx) {
        return new RedirectRegex(config);
    }
}
