package io.gatehouse.middleware.ipallowlist;

import io.gatehouse.core.config.ConfigException;
import io.gatehouse.core.middleware.Middleware;
import io.gatehouse.core.middleware.MiddlewareContext;
import io.gatehouse.core.middleware.MiddlewareType;

/** {@code ipWhiteList}: Traefik's deprecated name for ipAllowList. */
public final class IpWhiteListType implements MiddlewareType<IpWhiteListConfig> {

    @Override
    public String name() {
        return "ipWhiteList";
    }

    @Override
    public Class<IpWhiteListConfig> configType() {
        return IpWhiteListConfig.class;
    }

    @Override
    public Middleware create(IpWhiteListConfig config, MiddlewareContext ctx) throws ConfigException {
        return new IpAllowList(config.toAllowList(), "http.middlewares." + ctx.name() + ".ipWhiteList");
    }
}
