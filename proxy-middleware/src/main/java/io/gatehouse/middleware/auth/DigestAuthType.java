package io.gatehouse.middleware.auth;

import io.gatehouse.core.config.ConfigException;
import io.gatehouse.core.middleware.Middleware;
import io.gatehouse.core.middleware.MiddlewareContext;
import io.gatehouse.core.middleware.MiddlewareType;

/** {@code digestAuth}. */
public final class DigestAuthType implements MiddlewareType<DigestAuthConfig> {

    @Override
    public String name() {
        return "digestAuth";
    }

    @Override
    public Class<DigestAuthConfig> configType() {
        return DigestAuthConfig.class;
    }

    @Override
    public Middleware create(DigestAuthConfig config, MiddlewareContext ctx) throws ConfigException {
        return new DigestAuth(config, "http.middlewares." + ctx.name() + ".digestAuth");
    }
}
