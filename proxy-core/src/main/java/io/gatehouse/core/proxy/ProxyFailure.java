package io.gatehouse.core.proxy;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;

/**
 * Why forwarding a request failed, and the status the client gets for it. Recorded on the exchange
 * by our connection wrappers, because Undertow's ProxyHandler answers 503 for almost every failure.
 */
public enum ProxyFailure {
    /** The server refused or reset the connection, or the TLS handshake failed. */
    CONNECT_FAILED(502),
    /** No connection within forwardingTimeouts.dialTimeout. */
    DIAL_TIMEOUT(504),
    /** The connection broke while the request was sent or before the response headers arrived. */
    BACKEND_FAILED(502),
    /** No response headers within forwardingTimeouts.responseHeaderTimeout. */
    RESPONSE_HEADER_TIMEOUT(504),
    /** The server answered with a response that cannot be relayed (its body length is unknowable). */
    INVALID_RESPONSE(502),
    /** Every pooled connection is busy and the wait queue is full. */
    POOL_EXHAUSTED(503);

    static final AttachmentKey<ProxyFailure> KEY = AttachmentKey.create(ProxyFailure.class);

    private final int status;

    ProxyFailure(int status) {
        this.status = status;
    }

    public int status() {
        return status;
    }

    /** The last failure recorded for this exchange (a retry that fails again overwrites it), or null. */
    public static ProxyFailure of(HttpServerExchange exchange) {
        return exchange.getAttachment(KEY);
    }

    /** Forgets the recorded failure, before a middleware (retry) forwards the same exchange again. */
    public static void clear(HttpServerExchange exchange) {
        exchange.removeAttachment(KEY);
    }

    /** Whether the failure happened before any byte of the request was sent, so resending is safe. */
    public boolean beforeRequestSent() {
        return this == CONNECT_FAILED || this == DIAL_TIMEOUT || this == POOL_EXHAUSTED;
    }

    /**
     * Whether an idempotent request may go to another server after this failure: not after a response header
     * timeout (the server may still be working on it, and the client would wait twice) nor after the server
     * answered, badly.
     */
    public boolean retryableIfIdempotent() {
        return this != RESPONSE_HEADER_TIMEOUT && this != INVALID_RESPONSE;
    }

    static void record(HttpServerExchange exchange, ProxyFailure failure) {
        exchange.putAttachment(KEY, failure);
    }
}
