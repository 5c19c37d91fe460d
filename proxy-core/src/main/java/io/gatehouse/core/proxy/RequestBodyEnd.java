package io.gatehouse.core.proxy;

import io.undertow.server.ConduitWrapper;
import io.undertow.server.Connectors;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import org.xnio.channels.StreamSinkChannel;
import org.xnio.conduits.AbstractStreamSourceConduit;
import org.xnio.conduits.StreamSourceConduit;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Notices when the client's request body has been read to its end, so that responseHeaderTimeout starts when the
 * request has been sent completely (Go's semantics) rather than when its headers were.
 */
public final class RequestBodyEnd extends AbstractStreamSourceConduit<StreamSourceConduit> {

    static final AttachmentKey<BackendExchange> WAITING = AttachmentKey.create(BackendExchange.class);

    private static final ConduitWrapper<StreamSourceConduit> WRAPPER =
            (factory, exchange) -> new RequestBodyEnd(factory.create(), exchange);

    private final HttpServerExchange exchange;
    private boolean ended;

    private RequestBodyEnd(StreamSourceConduit next, HttpServerExchange exchange) {
        super(next);
        this.exchange = exchange;
    }

    /**
     * Watches the exchange's request body, unless it has been read already; before the request channel is used.
     * A body a middleware read and handed back (buffering, retry) is in memory: nothing to watch, and the channel
     * cannot be wrapped any more.
     */
    public static void watch(HttpServerExchange exchange) {
        if (!exchange.isRequestComplete() && Connectors.getExistingRequestChannel(exchange) == null) {
            exchange.addRequestWrapper(WRAPPER);
        }
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        int n = next.read(dst);
        if (n == -1) {
            ended();
        }
        return n;
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        long n = next.read(dsts, offset, length);
        if (n == -1) {
            ended();
        }
        return n;
    }

    @Override
    public long transferTo(long count, ByteBuffer throughBuffer, StreamSinkChannel target) throws IOException {
        long n = next.transferTo(count, throughBuffer, target);
        if (n == -1) {
            ended();
        }
        return n;
    }

    private void ended() {
        if (!ended) {
            ended = true;
            BackendExchange waiting = exchange.removeAttachment(WAITING);
            if (waiting != null) {
                waiting.requestSent();
            }
        }
    }
}
