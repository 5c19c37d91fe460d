package io.gatehouse.middleware.chain;

import io.gatehouse.core.config.ConfigException;
import io.gatehouse.core.middleware.Middleware;
import io.gatehouse.core.middleware.MiddlewareContext;
import io.gatehouse.core.middleware.MiddlewareType;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code chain} in configuration: the names are resolved through the context when the configuration is
 * built. A chain that names itself is refused here; longer cycles are found by the pipeline.
 */
public final class ChainType implements MiddlewareType<ChainConfig> {

    @Override
    public String name() {
        return "chain";
    }

    @Override
    public Class<ChainConfig> configType() {
        return ChainConfig.class;
    }

    @Override
    public Middleware create(ChainConfig config, MiddlewareContext ctx) throws ConfigException {
        List<Middleware> resolved = new ArrayList<>(config.middlewares().size());
        for (int i = 0; i < config.middlewares().size(); i++) {
            String name = config.middlewares().get(i);
            if (isSelf(name, ctx.name())) {
                throw new ConfigException("http.middlewares." + ctx.name() + ".chain.middlewares[" + i + "]", name,
                        "a chain cannot contain itself");
            }
            resolved.add(ctx.middleware(name));
        }
        return new Chain(resolved);
    }

    /** {@code self} names the chain {@code self@file} too: an unqualified name belongs to the chain's provider. */
    static boolean isSelf(String name, String self) {
        if (name.equals(self)) {
            return true;
        }
        int at = self.lastIndexOf('@');
        return name.indexOf('@') < 0 && at >= 0 && name.equals(self.substring(0, at));
    }
}
