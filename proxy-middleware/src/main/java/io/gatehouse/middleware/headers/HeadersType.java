package io.gatehouse.middleware.headers;

import io.gatehouse.core.config.ConfigException;
import io.gatehouse.core.middleware.Middleware;
import io.gatehouse.core.middleware.MiddlewareContext;
import io.gatehouse.core.middleware.MiddlewareType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/** {@code headers} in configuration. Like Traefik, a headers middleware without any option is an error. */
public final class HeadersType implements MiddlewareType<HeadersConfig> {

    private static final Logger LOG = LoggerFactory.getLogger(HeadersType.class);

    @Override
    public String name() {
        return "headers";
    }

    @Override
    public Class<HeadersConfig> configType() {
        return HeadersConfig.class;
    }

    @Override
    public Middleware create(HeadersConfig config, MiddlewareContext ctx) throws ConfigException {
        List<String> ignored = config.ignoredDeprecatedOptions();
        if (!ignored.isEmpty()) {
            LOG.warn("Middleware {}: headers options {} are deprecated in Traefik and ignored; use redirectScheme or redirectRegex",
                    ctx.name(), ignored);
        }
        if (!config.featurePolicy().isEmpty()) {
            LOG.warn("Middleware {}: headers option featurePolicy is deprecated in Traefik; use permissionsPolicy", ctx.name());
        }
        if (!config.hasCors() && !config.hasCustom() && !config.hasSecurity() && ignored.isEmpty()) {
            throw new ConfigException("http.middlewares." + ctx.name() + ".headers", null,
                    "no option set: a headers middleware needs custom headers, CORS or security options (as in Traefik)");
        }
        return new Headers(config);
    }
}
