package io.gatehouse.middleware.contenttype;

import io.gatehouse.core.middleware.Middleware;
import io.undertow.server.ConduitWrapper;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.ConduitFactory;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import org.xnio.conduits.AbstractStreamSinkConduit;
import org.xnio.conduits.Conduits;
import org.xnio.conduits.StreamSinkConduit;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Traefik's contentType: a response without Content-Type (and without Content-Encoding) gets one
 * detected from its first bytes, as Go's http.DetectContentType. Without this middleware Gatehouse, like
 * Traefik v3, forwards such responses without a Content-Type.
 */
public final class ContentType implements Middleware {

    private final boolean enabled;
    private final ConduitWrapper<StreamSinkConduit> sniffing = ContentType::wrapResponse;

    public ContentType(ContentTypeConfig config) {
        this.enabled = config.autoDetect() == null || config.autoDetect();
    }

    /** {@code ContentType.detect()}: Content-Type detection on. */
    public static ContentType detect() {
        return new ContentType(ContentTypeConfig.detect());
    }

    @Override
    public HttpHandler wrap(HttpHandler next) {
        if (!enabled) {
            return next;
        }
        return exchange -> {
            exchange.addResponseWrapper(sniffing);
            next.handleRequest(exchange);
        };
    }

    private static StreamSinkConduit wrapResponse(ConduitFactory<StreamSinkConduit> factory, HttpServerExchange exchange) {
        StreamSinkConduit next = factory.create();
        HeaderMap headers = exchange.getResponseHeaders();
        int status = exchange.getStatusCode();
        boolean bodyAllowed = status >= 200 && status != 204 && status != 304;
        if (!bodyAllowed || headers.contains(Headers.CONTENT_TYPE) || hasValue(headers, Headers.CONTENT_ENCODING)) {
            return next;
        }
        return new SniffingConduit(next, headers);
    }

    private static boolean hasValue(HeaderMap headers, io.undertow.util.HttpString name) {
        String value = headers.getFirst(name);
        return value != null && !value.isEmpty();
    }

    /** Sets Content-Type from the first non-empty write, before it reaches the connection. */
    private static final class SniffingConduit extends AbstractStreamSinkConduit<StreamSinkConduit> {

        private final HeaderMap headers;
        private boolean done;

        SniffingConduit(StreamSinkConduit next, HeaderMap headers) {
            super(next);
            this.headers = headers;
        }

        private void sniff(ByteBuffer buffer) {
            if (!done && buffer.hasRemaining()) {
                done = true;
                if (!headers.contains(Headers.CONTENT_TYPE)) {
                    headers.put(Headers.CONTENT_TYPE, ContentSniffer.detect(buffer));
                }
            }
        }

        private void sniff(ByteBuffer[] buffers, int offs, int len) {
            for (int i = offs; i < offs + len && !done; i++) {
                sniff(buffers[i]);
            }
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            sniff(src);
            return next.write(src);
        }

        @Override
        public long write(ByteBuffer[] srcs, int offs, int len) throws IOException {
            sniff(srcs, offs, len);
            return next.write(srcs, offs, len);
        }

        @Override
        public int writeFinal(ByteBuffer src) throws IOException {
            sniff(src);
            return next.writeFinal(src);
        }

        @Override
        public long writeFinal(ByteBuffer[] srcs, int offs, int len) throws IOException {
            sniff(srcs, offs, len);
            return next.writeFinal(srcs, offs, len);
        }

        @Override
        public long transferFrom(java.nio.channels.FileChannel src, long position, long count) throws IOException {
            if (!done) {
                return src.transferTo(position, count, new org.xnio.conduits.ConduitWritableByteChannel(this));
            }
            return next.transferFrom(src, position, count);
        }

        @Override
        public long transferFrom(org.xnio.channels.StreamSourceChannel source, long count, ByteBuffer throughBuffer) throws IOException {
            if (!done) {
                return Conduits.transfer(source, count, throughBuffer, this);
            }
            return next.transferFrom(source, count, throughBuffer);
        }
    }
}
