package io.gatehouse.middleware.ipallowlist;

import io.gatehouse.core.config.ConfigException;
import io.gatehouse.core.middleware.Middleware;
import io.gatehouse.core.middleware.MiddlewareContext;
import io.gatehouse.core.middleware.MiddlewareType;

/** {@code ipAllowList}. */
public final class IpAllowListType implements MiddlewareType<IpAllowListConfig> {

    @Override
    public String name() {
        return "ipAllowList";
    }

    @Override
    public Class<IpAllowListConfig> configType() {
        return IpAllowListConfig.class;
    }

    @Override
    public Middleware create(IpAllowListConfig config, MiddlewareContext ctx) throws ConfigException {
        return new IpAllowList(config, "http.middlewares." + ctx.name() + ".ipAllowList");
    }
}
