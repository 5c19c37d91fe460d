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
