package io.gatehouse.middleware.retry;

import io.undertow.connector.PooledByteBuffer;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.ServerConnection;
import io.undertow.server.protocol.http.HttpServerConnection;
import org.xnio.conduits.StreamSourceConduit;

import java.io.IOException;

/**
 * Whether the client of an exchange has gone (closed its connection) while a retry waited. Go's server notices
 * this itself (a background read once the body is consumed cancels the request's context, which stops Traefik's
 * retries); Undertow does not read while an exchange runs, so before each further try the connection is probed:
 * once the request has been read whole, an HTTP/1.1 connection can only deliver the end of the stream or the
 * next pipelined request, which is handed back untouched.
 */
final class ClientGone {

    private ClientGone() {
    }

    /** Runs on the exchange's IO thread; never blocks. */
    static boolean check(HttpServerExchange exchange) {
        ServerConnection connection = exchange.getConnection();
        if (!connection.isOpen()) {
            return true;
        }
        if (!(connection instanceof HttpServerConnection http) || !exchange.isRequestComplete()
                || http.getExtraBytes() != null) {
            return false; // HTTP/2 streams, a body still being read, or a pipelined request already here: not probed
        }
        // the connection's own conduit, under the request's framing (which reports its end once the body is read)
        StreamSourceConduit source = http.getOriginalSourceConduit();
        PooledByteBuffer probe = connection.getByteBufferPool().allocate();
        boolean handedOver = false;
        try {
            int n = source.read(probe.getBuffer());
            if (n > 0) {
                probe.getBuffer().flip();
                http.ungetRequestBytes(probe); // the next pipelined request: its parser reads it later
                handedOver = true;
            }
            return n < 0;
        } catch (IOException e) {
            return true; // reset by the peer
        } finally {
            if (!handedOver) {
                probe.close();
            }
        }
    }
}
