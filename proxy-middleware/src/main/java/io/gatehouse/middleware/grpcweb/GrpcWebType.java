package io.gatehouse.middleware.grpcweb;

import io.gatehouse.core.middleware.Middleware;
import io.gatehouse.core.middleware.MiddlewareContext;
import io.gatehouse.core.middleware.MiddlewareType;

/** {@code grpcWeb}. */
public final class GrpcWebType implements MiddlewareType<GrpcWebConfig> {

    @Override
    public String name() {
        return "grpcWeb";
    }

    @Override
    public Class<GrpcWebConfig> configType() {
        return GrpcWebConfig.class;
    }

    @Override
    public Middleware create(GrpcWebConfig config, MiddlewareContext ctx) {
        return new GrpcWeb(config);
    }
}
