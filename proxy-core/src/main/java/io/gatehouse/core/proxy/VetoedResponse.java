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
 * discards the response so that ProxyHandler never sees it. ProxyHandler's state for that forward needs no undoing:
 * its response callback is simply never called; its connection attachment is replaced by the next forward;
 * the pooled connection's exchange-completion hook returns a closed connection as a no-op (the pool's close
 * listener already accounted for it).
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
