package io.gatehouse.middleware.cache;

import io.gatehouse.core.middleware.Middleware;
import io.gatehouse.core.middleware.MiddlewareContext;
import io.gatehouse.core.middleware.MiddlewareType;

/** {@code httpCache} in configuration. */
public final class HttpCacheType implements MiddlewareType<HttpCacheConfig> {

    @Override
    public String name() {
        return "httpCache";
    }

    @Override
    public Class<HttpCacheConfig> configType() {
        return HttpCacheConfig.class;
    }

    @Override
    public Middleware create(HttpCacheConfig config, MiddlewareContext ctx) {
        return new HttpCache(config);
    }
}
