package io.gatehouse.middleware.redirect;

import io.gatehouse.core.middleware.Middleware;
import io.gatehouse.core.middleware.MiddlewareContext;
import io.gatehouse.core.middleware.MiddlewareType;

/** {@code redirectScheme} in configuration. */
public final class RedirectSchemeType implements MiddlewareType<RedirectSchemeConfig> {

    @Override
    public String name() {
        return "redirectScheme";
    }

    @Override
    public Class<RedirectSchemeConfig> configType() {
        return RedirectSchemeConfig.class;
    }

    @Override
    public Middleware create(RedirectSchemeConfig config, MiddlewareContext ctx) {
        return new RedirectScheme(config);
    }
}
