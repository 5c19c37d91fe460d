package io.gatehouse.core.proxy;

import io.undertow.client.ClientExchange;
import io.undertow.client.ClientResponse;
import io.undertow.server.Connectors;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import org.xnio.IoUtils;
import org.xnio.channels.StreamSinkChannel;
import org.xnio.channels.StreamSourceChannel;

/**
 * Consults the exchange's {@link ResponseVeto} when a server's response headers arrive and, if it vetoes,
 * discards the response so that ProxyHandler never sees it. What that forward left behind, and why it is safe:
 * <ul>
 *   <li>ProxyHandler's response callback is never called; the failure that closing the connection raises is
 *   swallowed by {@link BackendExchange}, so ProxyHandler never ends or cuts the client exchange for it.</li>
 *   <li>ProxyHandler's request body transfer (when the server answered before reading it all) is stopped here:
 *   its listeners are removed from both channels before the connection closes.</li>
 *   <li>responseHeaderTimeout's timer is cancelled before the veto is asked. ProxyHandler's own
 *   maxRequestTime timer is not used by Gatehouse (it would outlive the forward and cut the next one).</li>
 *   <li>Completion listeners added per forward stay until the exchange ends, and are harmless then: the pool's
 *   returns a closed connection as a no-op (its close listener already freed the slot), ConnectAttempt's
 *   decrements the usage of a connection the tracker has forgotten. ProxyHandler's connection attachment and
 *   the service's FailureResponder are replaced or repeated by the next forward.</li>
 * </ul>
 */
final class VetoedResponse {

    static final AttachmentKey<ResponseVeto> KEY = AttachmentKey.create(ResponseVeto.class);

    private VetoedResponse() {
    }

    /** Removes the exchange's veto and asks it; @return the veto if it takes this response back, else null */
    static ResponseVeto consult(HttpServerExchange exchange, ClientExchange result) {
        ResponseVeto veto = exchange.removeAttachment(KEY);
        if (veto == null || exchange.isResponseStarted()) {
            return null;
        }
        ClientResponse response = result.getResponse();
        return veto.vetoes(exchange, response.getResponseCode(), response.getResponseHeaders()) ? veto : null;
    }

    /** Drops the response: the client exchange is not touched. The connection's failure callbacks may follow. */
    static void discard(HttpServerExchange exchange, ClientExchange result) {
        // ProxyHandler may still be copying the request body (the server answered early): stop that transfer,
        // or its next read/write would fail on the closed connection and end the client exchange with an error.
        StreamSourceChannel requestBody = Connectors.getExistingRequestChannel(exchange);
        if (requestBody != null) {
            requestBody.getReadSetter().set(null);
            requestBody.suspendReads();
        }
        StreamSinkChannel toServer = result.getRequestChannel();
        if (toServer != null) {
            toServer.getWriteSetter().set(null);
            toServer.suspendWrites();
        }
        if (result.getConnection().isMultiplexingSupported()) {
            // HTTP/2: closing the stream's channels resets only this stream; other requests share the connection
            IoUtils.safeClose(result.getResponseChannel());
            if (toServer != null && toServer.isOpen()) {
                IoUtils.safeClose(toServer);
            }
        } else {
            // HTTP/1.1: the unread body leaves the connection out of sync; closing it is simple and always correct
            IoUtils.safeClose(result.getConnection());
        }
    }
}
