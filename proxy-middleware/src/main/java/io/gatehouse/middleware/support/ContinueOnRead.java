package io.gatehouse.middleware.support;

import io.undertow.server.ConduitWrapper;
import io.undertow.server.Connectors;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.ResponseCommitListener;
import io.undertow.server.protocol.http.HttpContinue;
import io.undertow.util.AttachmentKey;
import org.xnio.channels.StreamSinkChannel;
import org.xnio.conduits.AbstractStreamSourceConduit;
import org.xnio.conduits.StreamSourceConduit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Answers a client's {@code Expect: 100-continue} with 100 Continue when its body is first read, as Go's server
 * does (a client like the JDK's waits for it before sending the body). Undertow's HttpContinueReadHandler does
 * the same, but it wraps every request channel of the exchange, and retry resets that channel after a try's
 * response was taken: its conduit then fails the read (also one armed by buffering earlier in the chain).
 * This one wraps only while the 100 is still to be sent.
 * When a final response is sent before the body was read, the connection is not kept (the client may send the
 * body or not).
 */
public final class ContinueOnRead {

    private static final ConduitWrapper<StreamSourceConduit> WRAPPER = (factory, exchange) ->
            HttpContinue.requiresContinueResponse(exchange) && exchange.isResponseChannelAvailable()
                    ? new SendingFirst(factory.create(), exchange)
                    : factory.create();

    private static final ResponseCommitListener UNREAD = exchange -> {
        if (!HttpContinue.isContinueResponseSent(exchange)) {
            exchange.setPersistent(false);
            if (!exchange.isRequestComplete()) {
                exchange.getConnection().terminateRequestChannel(exchange);
            } else {
                Connectors.terminateRequest(exchange);
            }
        }
    };

    private static final AttachmentKey<Boolean> ARMED = AttachmentKey.create(Boolean.class);

    private ContinueOnRead() {
    }

    /** Arms the exchange, before its request channel is first taken. */
    public static void arm(HttpServerExchange exchange) {
        if (HttpContinue.requiresContinueResponse(exchange) && exchange.getAttachment(ARMED) == null) {
            exchange.putAttachment(ARMED, Boolean.TRUE); // once per exchange, also when two middlewares arm it
            exchange.addRequestWrapper(WRAPPER);
            exchange.addResponseCommitListener(UNREAD);
        }
    }

    /** Sends the 100 (without blocking) before the first byte is read. */
    private static final class SendingFirst extends AbstractStreamSourceConduit<StreamSourceConduit> {
        private final HttpServerExchange exchange;
        private HttpContinue.ContinueResponseSender sender;
        private boolean started;

        SendingFirst(StreamSourceConduit next, HttpServerExchange exchange) {
            super(next);
            this.exchange = exchange;
        }

        /** @return whether the 100 is out, so reading may go on */
        private boolean sent() throws IOException {
            if (!started) {
                started = true;
                sender = HttpContinue.requiresContinueResponse(exchange) && exchange.isResponseChannelAvailable()
                        ? HttpContinue.createResponseSender(exchange) : null;
            }
            if (sender != null) {
                if (!sender.send()) {
                    return false;
                }
                sender = null;
            }
            return true;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return sent() ? super.read(dst) : 0;
        }

        @Override
        public long read(ByteBuffer[] dsts, int offs, int len) throws IOException {
            return sent() ? super.read(dsts, offs, len) : 0;
        }

        @Override
        public long transferTo(long position, long count, FileChannel target) throws IOException {
            return sent() ? super.transferTo(position, count, target) : 0;
        }

        @Override
        public long transferTo(long count, ByteBuffer throughBuffer, StreamSinkChannel target) throws IOException {
            if (!sent()) {
                throughBuffer.limit(0);
                return 0;
            }
            return super.transferTo(count, throughBuffer, target);
        }

        @Override
        public void awaitReadable() throws IOException {
            while (!sent()) {
                sender.awaitWritable();
            }
            super.awaitReadable();
        }
    }
}
