package io.gatehouse.middleware.contenttype;

import io.gatehouse.core.middleware.Middleware;
import io.gatehouse.core.middleware.MiddlewareContext;
import io.gatehouse.core.middleware.MiddlewareType;
import org.slf4j.LoggerFactory;

/** {@code contentType} in configuration. */
public final class ContentTypeType implements MiddlewareType<ContentTypeConfig> {

    @Override
    public String name() {
        return "contentType";
    }

    @Override
    public Class<ContentTypeConfig> configType() {
        return ContentTypeConfig.class;
    }

    @Override
    public Middleware create(ContentTypeConfig config, MiddlewareContext ctx) {
        if (config.autoDetect() != null) {
            LoggerFactory.getLogger(ContentTypeType.class).warn("Middleware {}: contentType option autoDetect is deprecated "
                    + "in Traefik; the middleware exists to enable detection, remove the option", ctx.name());
        }
        return new ContentType(config);
    }
}
