package io.gatehouse.core.provider;

/**
 * A source of dynamic configuration: files, Docker labels, a key-value store, code.
 * A provider pushes whole configurations, never deltas; each one replaces its previous one.
 */
public interface Provider extends AutoCloseable {

    /** The provider's name; its routers, services and middlewares are qualified as {@code name@provider}. */
    String name();

    /**
     * Starts providing. Must not block for long: watching happens on the provider's own thread.
     * The first configuration may be published before this returns.
     */
    void start(ConfigSink sink);

    /** Stops watching and releases what the provider holds. */
    @Override
    void close();
}
