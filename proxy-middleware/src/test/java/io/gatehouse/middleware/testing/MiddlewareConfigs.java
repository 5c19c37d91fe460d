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

/** Middlewares built the way a configuration builds them: decoded from YAML, found by type name, created. */
public final class MiddlewareConfigs {

    private MiddlewareConfigs() {
    }

    /** Decodes {@code yaml} (a whole dynamic configuration) and builds the middleware {@code name}. */
    public static Middleware build(String yaml, String name) throws ConfigException {
        DynamicConfig config = ConfigDecoder.create().decode(yaml, Format.YAML, "test.yml").orThrow();
        return build(config, name, MiddlewareContext.named(name));
    }

    /** Builds the middleware {@code name} of a decoded configuration with the given context. */
    public static Middleware build(DynamicConfig config, String name, MiddlewareContext ctx) throws ConfigException {
        Map<String, MiddlewareConfig> middlewares = config.http().middlewares();
        MiddlewareConfig mc = middlewares.get(name);
        if (mc == null) {
            throw new IllegalArgumentException("no middleware " + name + " in " + middlewares.keySet());
        }
        return create(mc, ctx);
    }

    @SuppressWarnings("unchecked")
    public static Middleware create(MiddlewareConfig mc, MiddlewareContext ctx) throws ConfigException {
        MiddlewareType<Object> type = (MiddlewareType<Object>) MiddlewareTypes.load().find(mc.type()).orElseThrow();
        return type.create(mc.config(), ctx);
    }

    /** One middleware {@code m} of the given type and options (YAML lines indented under the type). */
    public static String yaml(String type, String options) {
        StringBuilder out = new StringBuilder("http:\n  middlewares:\n    m:\n      ").append(type).append(":");
        if (options.isBlank()) {
            out.append(" {}\n");
        } else {
            out.append('\n');
            for (String line : options.split("\n")) {
                out.append("        ").append(line).append('\n');
            }
        }
        return out.toString();
    }

    /** The message of the error that decoding or building {@code m} gives. */
    public static String error(String type, String options) {
        try {
            build(yaml(type, options), "m");
        } catch (ConfigException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected a configuration error for " + type + ": " + options);
    }
}
