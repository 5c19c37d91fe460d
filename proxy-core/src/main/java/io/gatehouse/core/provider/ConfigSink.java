package io.gatehouse.core.provider;

import io.gatehouse.core.config.ConfigError;
import io.gatehouse.core.config.DynamicConfig;
import io.gatehouse.core.middleware.MiddlewareTypes;

import java.util.List;

/** Where a provider sends what it read. Thread-safe: providers call it from their own threads. */
public interface ConfigSink {

    /** A whole new configuration from this provider, replacing its previous one. */
    void publish(DynamicConfig config);

    /**
     * A new configuration that left parts of the provider's input out, with the errors saying which
     * and why (a container with a bad label ...). The configuration is applied as {@link #publish(DynamicConfig)}
     * does; the errors are reported while it serves, until the provider publishes again. An empty list
     * is a plain publish. By default the errors are dropped, for sinks that cannot report them.
     */
    default void publish(DynamicConfig config, List<ConfigError> partial) {
        publish(config);
    }

    /**
     * The provider's latest input cannot be used (a half-written file, invalid YAML ...): its last
     * good configuration keeps serving, and these errors are reported until it publishes again.
     */
    void reject(List<ConfigError> errors);

    /**
     * The middleware types the receiving pipeline builds with, for providers that decode
     * {@code http.middlewares} themselves; by default every type on the class path.
     */
    default MiddlewareTypes middlewareTypes() {
        return MiddlewareTypes.load();
    }
}
