package io.gatehouse.middleware.errors;

import io.gatehouse.core.config.ConfigException;
import io.gatehouse.core.middleware.Middleware;
import io.gatehouse.core.middleware.MiddlewareContext;
import io.gatehouse.core.middleware.MiddlewareType;

/** {@code errors}. */
public final class ErrorsType implements MiddlewareType<ErrorsConfig> {

    @Override
    public String name() {
        return "errors";
    }

    @Override
    public Class<ErrorsConfig> configType() {
        return ErrorsConfig.class;
    }

    @Override
    public Middleware create(ErrorsConfig config, MiddlewareContext ctx) throws ConfigException {
        return new Errors(config, ctx, "http.middlewares." + ctx.name() + ".errors");
    }
}
