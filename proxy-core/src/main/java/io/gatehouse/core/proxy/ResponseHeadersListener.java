package io.gatehouse.core.proxy;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;

/**
 * Told when a server's response headers arrived for the exchange it is attached to (under {@link #KEY}), on the
 * exchange's IO thread: the load balancer's response-time statistics start here.
 */
public interface ResponseHeadersListener {

    AttachmentKey<ResponseHeadersListener> KEY = AttachmentKey.create(ResponseHeadersListener.class);

    void responseHeaders(HttpServerExchange exchange);
}
