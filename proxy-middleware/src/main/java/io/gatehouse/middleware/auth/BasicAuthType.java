package io.gatehouse.middleware.auth;

import io.gatehouse.core.config.ConfigException;
import io.gatehouse.core.middleware.Middleware;
import io.gatehouse.core.middleware.MiddlewareContext;
import io.gatehouse.core.middleware.MiddlewareType;

/** {@code basicAuth}. */
public final class BasicAuthType implements MiddlewareType<BasicAuthConfig> {

    @Override
    public String name() {
        return "basicAuth";
    }

    @Override
    public Class<BasicAuthConfig> configType() {
        return BasicAuthConfig.class;
    }

    @Override
    public Middleware create(BasicAuthConfig config, MiddlewareContext ctx) throws ConfigException {
        return new BasicAuth(config, "http.middlewares." + ctx.name() + ".basicAuth");
    }
}
