package io.gatehouse.core.service.composite;

import io.gatehouse.core.http.ReplayableBody;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.protocol.http.HttpContinue;

/**
 * The body a mirror gets: read once, up to a limit and without blocking, by {@link ReplayableBody}, which then hands
 * it to the main forward as if untouched; the mirror gets a heap copy. A body over the limit is not copied: what
 * was read is handed back and the rest streams to the main service as usual.
 */
final class RequestBodyCopy {

    /** What to do once the body is read: {@code body} is null when it was over the limit. */
    interface Then {
        void run(HttpServerExchange exchange, byte[] body) throws Exception;
    }

    static final byte[] EMPTY = new byte[0];
    private static final long MAX_COPY = Integer.MAX_VALUE - 16;

    private RequestBodyCopy() {
    }

    /**
     * @param limit the largest body copied, in bytes; -1 for no limit
     */
    static void read(HttpServerExchange exchange, long limit, Then then) throws Exception {
        if (exchange.isRequestComplete()) {
            then.run(exchange, EMPTY);
            return;
        }
        if (HttpContinue.requiresContinueResponse(exchange.getRequestHeaders())) {
            then.run(exchange, null); // reading would send 100 Continue on the client's behalf: leave it to the server
            return;
        }
        // A byte[] holds at most about 2 GiB: "no limit" stops there.
        long effective = limit < 0 || limit > MAX_COPY ? MAX_COPY : limit;
        ReplayableBody.read(exchange, effective, (ex, body) -> {
            if (body == null) {
                then.run(ex, null);
                return;
            }
            body.replay(ex); // the main forward reads it as if untouched
            then.run(ex, body.toByteArray());
        });
    }
}
