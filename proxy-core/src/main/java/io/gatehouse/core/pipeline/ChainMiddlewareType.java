package io.gatehouse.core.pipeline;

import io.gatehouse.core.config.ConfigException;
import io.gatehouse.core.config.MiddlewareConfig;
import io.gatehouse.core.middleware.Middleware;
import io.gatehouse.core.middleware.MiddlewareContext;
import io.gatehouse.core.middleware.MiddlewareType;
import io.gatehouse.core.middleware.MiddlewareTypes;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Traefik's {@code chain} middleware: {@code chain: {middlewares: [a, b]}} stands for its members in
 * order. The snapshot build expands chains itself (members resolve in the chain's provider, cycles
 * are errors), so this type only gives the decoder the option's shape. A {@code chain} type found on
 * the class path wins, as long as its options have a {@code middlewares} list.
 */
public final class ChainMiddlewareType implements MiddlewareType<ChainMiddlewareType.Options> {

    public static final String NAME = "chain";

    /** {@code chain.middlewares}: the member names, run in order. */
    public record Options(List<String> middlewares) {
        public Options {
            middlewares = middlewares == null ? List.of() : List.copyOf(middlewares);
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Class<Options> configType() {
        return Options.class;
    }

    @Override
    public Middleware create(Options config, MiddlewareContext ctx) throws ConfigException {
        throw new ConfigException("http.middlewares." + ctx.name() + ".chain", null,
                "a chain is expanded when the configuration is built, not created on its own");
    }

    /** {@code types} with this chain type added unless one is already there. */
    public static MiddlewareTypes withChain(MiddlewareTypes types) {
        if (types.find(NAME).isPresent()) {
            return types;
        }
        List<MiddlewareType<?>> all = new ArrayList<>();
        for (String name : types.names()) {
            types.find(name).ifPresent(all::add);
        }
        all.add(new ChainMiddlewareType());
        return MiddlewareTypes.of(all);
    }

    public static boolean isChain(MiddlewareConfig config) {
        return NAME.equalsIgnoreCase(config.type());
    }

    /** The member names of a chain's options: a record or map with a {@code middlewares} list. */
    public static List<String> members(MiddlewareConfig config) {
        Object options = config.config();
        Object list = null;
        if (options instanceof Options chain) {
            return chain.middlewares();
        } else if (options instanceof Map<?, ?> map) {
            list = map.get("middlewares");
        } else if (options != null && options.getClass().isRecord()) {
            for (RecordComponent component : options.getClass().getRecordComponents()) {
                if (component.getName().equalsIgnoreCase("middlewares")) {
                    try {
                        component.getAccessor().setAccessible(true);
                        list = component.getAccessor().invoke(options);
                    } catch (ReflectiveOperationException | RuntimeException e) {
                        throw new IllegalArgumentException("the chain's options cannot be read: " + e.getMessage());
                    }
                }
            }
        }
        if (list == null) {
            return List.of();
        }
        if (!(list instanceof List<?> items)) {
            throw new IllegalArgumentException("expected a list of middleware names");
        }
        List<String> names = new ArrayList<>();
        for (Object item : items) {
            names.add(item == null ? null : item.toString());
        }
        return names;
    }
}
