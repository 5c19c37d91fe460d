package io.gatehouse.docker;

import io.gatehouse.core.config.ConfigError;
import io.gatehouse.core.config.ConfigException;
import io.gatehouse.core.config.MiddlewareConfig;
import io.gatehouse.core.middleware.Middleware;
import io.gatehouse.core.middleware.MiddlewareContext;
import io.gatehouse.core.middleware.MiddlewareType;
import io.gatehouse.core.middleware.MiddlewareTypes;
import io.gatehouse.core.pipeline.ChainMiddlewareType;
import io.undertow.server.HttpHandler;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Builds a container's middlewares once, with the pipeline's own {@link MiddlewareTypes}, so that an
 * option only the type's {@code create} rejects (a regex that does not compile, a header value with
 * CR/LF ...) costs its container, not the provider's whole configuration when the proxy builds its
 * routes. The instances are thrown away; only the errors and the services they asked for are kept.
 * Outcomes are remembered for the definitions of the last build, so an unchanged middleware is
 * built once, not on every container event.
 */
final class MiddlewareValidator {

    /** What building a middleware found: its errors, and the services it refers to (errors pages). */
    record Outcome(List<ConfigError> errors, List<String> services) {
        Outcome {
            errors = List.copyOf(errors);
            services = List.copyOf(services);
        }
    }

    private record Key(String name, MiddlewareConfig config) {
    }

    /** Never serves: the validated instances are dropped before any request. */
    private static final HttpHandler NOT_SERVING = exchange -> exchange.setStatusCode(503);

    private final MiddlewareTypes types;
    private final Map<Key, Outcome> outcomes = new ConcurrentHashMap<>();

    MiddlewareValidator(MiddlewareTypes types) {
        this.types = types;
    }

    /** Builds {@code name}; errors carry the option's path, as the pipeline would report them. */
    Outcome check(String name, MiddlewareConfig config) {
        if (ChainMiddlewareType.isChain(config)) {
            return new Outcome(List.of(), List.of()); // its members are references, checked with the others
        }
        return outcomes.computeIfAbsent(new Key(name, config), key -> build(name, config));
    }

    /** Forgets the outcomes of definitions no container has any more. */
    void retainOnly(Set<Map.Entry<String, MiddlewareConfig>> current) {
        outcomes.keySet().removeIf(key -> !current.contains(Map.entry(key.name(), key.config())));
    }

    private Outcome build(String name, MiddlewareConfig config) {
        String path = "http.middlewares." + name + "." + config.type();
        MiddlewareType<?> type = types.find(config.type()).orElse(null);
        if (type == null) {
            return new Outcome(List.of(new ConfigError("http.middlewares." + name, config.type(),
                    "unknown middleware type; installed: " + types.names())), List.of());
        }
        List<String> services = new ArrayList<>();
        MiddlewareContext context = new MiddlewareContext() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public HttpHandler service(String service) {
                services.add(service);
                return NOT_SERVING;
            }
        };
        try {
            Middleware built = create(type, config.config(), context);
            if (built == null) {
                return new Outcome(List.of(new ConfigError(path, null, "the middleware type built nothing")), services);
            }
            return new Outcome(List.of(), services);
        } catch (ConfigException e) {
            return new Outcome(e.errors(), services);
        } catch (RuntimeException e) {
            return new Outcome(List.of(new ConfigError(path, null, "the middleware cannot be built: " + e.getMessage())),
                    services);
        }
    }

    private static <C> Middleware create(MiddlewareType<C> type, Object config, MiddlewareContext context)
            throws ConfigException {
        return type.create(type.configType().cast(config), context);
    }
}
