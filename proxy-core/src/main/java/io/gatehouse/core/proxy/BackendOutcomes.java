package io.gatehouse.core.proxy;

/**
 * Hears how each forwarded request to one server ended, for passive health checks. Called on IO threads for
 * every request: implementations must not block or lock.
 */
public interface BackendOutcomes {

    /** Hears nothing: the server has no passive health check. */
    BackendOutcomes NONE = new BackendOutcomes() {
        @Override
        public void succeeded() {
        }

        @Override
        public void failed() {
        }
    };

    /** The server was reached and the client got a status below 500. */
    void succeeded();

    /**
     * The server could not be reached (connect refused, reset, dial timeout, TLS handshake), or the client got a
     * 5xx (from the server, or ours: 502 for a broken exchange, 504 for responseHeaderTimeout). As Traefik counts.
     */
    void failed();
}
