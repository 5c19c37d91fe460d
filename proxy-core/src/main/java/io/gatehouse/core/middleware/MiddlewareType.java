package io.gatehouse.core.middleware;

import io.gatehouse.core.config.ConfigException;

/**
 * A kind of middleware as it appears in configuration ({@code http.middlewares.<name>.<type>}).
 * Implementations are found with {@link java.util.ServiceLoader}: a jar on the classpath with a
 * line in {@code META-INF/services/io.gatehouse.core.middleware.MiddlewareType}.
 *
 * <p>The options under the type's key are bound into {@link #configType()}: for a record, each
 * component is an option (matched case-insensitively, durations as Go durations, lists also as
 * comma-separated strings). A record may declare {@code public static final C DEFAULTS} whose
 * values fill in the options that are not given. Exceptions thrown by the record's constructor
 * ({@link IllegalArgumentException}) become configuration errors with the constructor's message.
 *
 * @param <C> the configuration type
 */
public interface MiddlewareType<C> {

    /** The key in configuration, e.g. {@code stripPrefix}; matched case-insensitively. */
    String name();

    /** The configuration class the options are bound into. */
    Class<C> configType();

    /** Builds the middleware once, when a configuration is applied. */
    Middleware create(C config, MiddlewareContext ctx) throws ConfigException;
}
