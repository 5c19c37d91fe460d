package io.gatehouse.core.server;

import io.gatehouse.core.middleware.Middleware;
import io.gatehouse.core.middleware.MiddlewareContext;
import io.gatehouse.core.middleware.MiddlewareType;

/** A test-only {@code addPrefix} (the real one lives in proxy-middleware): prefixes the forwarded path. */
final class AddPrefixType implements MiddlewareType<AddPrefixType.Options> {

    record Options(String prefix) {
    }

    @Override
    public String name() {
        return "addPrefix";
    }

    @Override
    public Class<Options> configType() {
        return Options.class;
    }

    @Override
    public Middleware create(Options config, MiddlewareContext ctx) {
        String prefix = config.prefix();
        return next -> exchange -> {
            String path = prefix + exchange.getRequestPath();
            exchange.setRequestURI(path, false);
            exchange.setRequestPath(path);
            exchange.setRelativePath(path);
            next.handleRequest(exchange);
        };
    }
}
