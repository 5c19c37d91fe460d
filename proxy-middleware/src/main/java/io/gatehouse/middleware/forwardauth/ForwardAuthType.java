package io.gatehouse.middleware.forwardauth;

import io.gatehouse.core.config.ConfigException;
import io.gatehouse.core.middleware.Middleware;
import io.gatehouse.core.middleware.MiddlewareContext;
import io.gatehouse.core.middleware.MiddlewareType;

/** {@code forwardAuth}. */
public final class ForwardAuthType implements MiddlewareType<ForwardAuthConfig> {

    @Override
    public String name() {
        return "forwardAuth";
    }

    @Override
    public Class<ForwardAuthConfig> configType() {
        return ForwardAuthConfig.class;
    }

    @Override
    public Middleware create(ForwardAuthConfig config, MiddlewareContext ctx) throws ConfigException {
        return new ForwardAuth(config, "http.middlewares." + ctx.name() + ".forwardAuth");
    }
}
