package io.gatehouse.middleware.testing;

import io.gatehouse.core.config.ConfigException;
import io.gatehouse.core.config.DynamicConfig;
import io.gatehouse.core.config.MiddlewareConfig;
import io.gatehouse.core.config.decode.ConfigDecoder;
import io.gatehouse.core.config.decode.Format;
import io.gatehouse.core.middleware.Middleware;
import io.gatehouse.core.middleware.MiddlewareContext;
import io.gatehouse.core.middleware.MiddlewareType;
import io.gatehouse.core.middleware.MiddlewareTypes;

import java.util.Map;

/** Builds middlewares from configuration the way Gatehouse does: decode, find the type, create(). */
public final class Middlewares {

    private Middlewares() {
    }

    /** Decodes a YAML dynamic configuration and builds the middleware {@code name} through its type. */
    public static Middleware fromYaml(String yaml, String name) throws ConfigException {
        DynamicConfig config = ConfigDecoder.create().decode(yaml, Format.YAML, "test.yml").orThrow();
        return build(config, name, MiddlewareContext.named(name));
    }

    /** Builds every middleware of {@code config}, so that create() errors surface. */
    public static Map<String, MiddlewareConfig> all(DynamicConfig config) {
        return config.http().middlewares();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public static Middleware build(DynamicConfig config, String name, MiddlewareContext ctx) throws ConfigException {
        MiddlewareConfig mc = config.http().middlewares().get(name);
        if (mc == null) {
            throw new IllegalArgumentException("no middleware " + name + " in " + config.http().middlewares().keySet());
        }
        MiddlewareType type = MiddlewareTypes.load().find(mc.type()).orElseThrow();
        return type.create(mc.config(), ctx);
    }

    /** The message of the ConfigException that decoding or building {@code yaml}'s middleware {@code name} throws. */
    public static String error(String yaml, String name) {
        try {
            fromYaml(yaml, name);
        } catch (ConfigException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected a configuration error for:\n" + yaml);
    }
}
