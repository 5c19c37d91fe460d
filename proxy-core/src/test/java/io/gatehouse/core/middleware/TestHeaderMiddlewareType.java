package io.gatehouse.core.middleware;

import io.gatehouse.core.config.ConfigException;
import io.undertow.util.HttpString;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A test-only middleware type, registered through META-INF/services in src/test/resources. */
public final class TestHeaderMiddlewareType implements MiddlewareType<TestHeaderMiddlewareType.Options> {

    public enum Mode { APPEND, REPLACE }

    /** The options; {@code DEFAULTS} supplies what a configuration leaves out. */
    public record Options(String headerName, String value, List<String> methods, Duration delay, int repeat,
                          boolean enabled, Mode mode, Map<String, String> extra) {

        public static final Options DEFAULTS =
                new Options("X-Test", "yes", List.of(), Duration.ZERO, 1, true, Mode.REPLACE, Map.of());

        public Options {
            if (repeat < 1) {
                throw new IllegalArgumentException("repeat must be at least 1");
            }
        }
    }

    @Override
    public String name() {
        return "testHeader";
    }

    @Override
    public Class<Options> configType() {
        return Options.class;
    }

    @Override
    public Middleware create(Options config, MiddlewareContext ctx) throws ConfigException {
        if (config.headerName().isBlank()) {
            throw new ConfigException(ctx.name(), config.headerName(), "a header name is needed");
        }
        HttpString header = new HttpString(config.headerName());
        return next -> exchange -> {
            exchange.getResponseHeaders().put(header, config.value());
            next.handleRequest(exchange);
        };
    }
}
