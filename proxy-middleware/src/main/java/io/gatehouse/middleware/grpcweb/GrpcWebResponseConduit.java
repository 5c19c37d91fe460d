package io.gatehouse.middleware.grpcweb;

import io.undertow.server.HttpServerExchange;
import io.undertow.server.protocol.http.HttpAttachments;
import io.undertow.util.ConduitFactory;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.gatehouse.middleware.support.BufferSinkConduit;
import org.xnio.conduits.StreamSinkConduit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * The gRPC answer as gRPC-Web: content type mapped back, the HTTP trailers (grpc-status, grpc-message ...) written
 * as a trailer frame (flag 0x80, length, "name: value\r\n" lines) after the body, everything base64-encoded in -text
 * mode. Writes never block: what the connection does not take yet stays pending until flush().
 */
final class GrpcWebResponseConduit extends BufferSinkConduit {

    private final HttpServerExchange exchange;
    private final boolean text;
    private final byte[] carry = new byte[2]; // -text: bytes waiting for a full 3-byte group
    private int carried;
    private ByteBuffer pending;              // encoded bytes not yet taken by the connection
    private boolean terminating;

    private GrpcWebResponseConduit(StreamSinkConduit next, HttpServerExchange exchange, boolean text) {
        super(next);
        this.exchange = exchange;
        this.text = text;
    }

    static StreamSinkConduit wrap(ConduitFactory<StreamSinkConduit> factory, HttpServerExchange exchange, boolean text) {
        HeaderMap headers = exchange.getResponseHeaders();
        // The body grows by the trailer frame (and base64): framing is ours to choose, before the connection does.
        headers.remove(Headers.CONTENT_LENGTH);
        String contentType = headers.getFirst(Headers.CONTENT_TYPE);
        String webType = text ? GrpcWeb.GRPC_WEB_TEXT : GrpcWeb.GRPC_WEB;
        if (contentType != null && contentType.startsWith(GrpcWeb.GRPC)) {
            headers.put(Headers.CONTENT_TYPE, contentType.replaceFirst("application/grpc", webType));
        }
        headers.remove(Headers.TRAILER);
        List<String> exposed = new ArrayList<>();
        for (HeaderValues values : headers) {
            String name = GrpcWeb.canonical(values.getHeaderName().toString());
            if (!name.startsWith("Access-Control-") && !name.equals("Vary")) {
                exposed.add(name);
            }
        }
        exposed.sort(String::compareTo);
        exposed.add("grpc-status");
        exposed.add("grpc-message");
        headers.put(new HttpString("Access-Control-Expose-Headers"), String.join(", ", exposed));
        return new GrpcWebResponseConduit(factory.create(), exchange, text);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        if (!drain()) {
            return 0;
        }
        int taken = src.remaining();
        if (!text) {
            return next.write(src);
        }
        byte[] bytes = new byte[taken];
        src.get(bytes);
        pending = ByteBuffer.wrap(encode(bytes, false));
        drain();
        return taken;
    }

    @Override
    public long write(ByteBuffer[] srcs, int offs, int len) throws IOException {
        long total = 0;
        for (int i = offs; i < offs + len; i++) {
            if (!srcs[i].hasRemaining()) {
                continue;
            }
            int n = write(srcs[i]);
            total += n;
            if (srcs[i].hasRemaining()) {
                break;
            }
        }
        return total;
    }

    @Override
    public void terminateWrites() throws IOException {
        if (terminating) {
            return;
        }
        terminating = true;
        byte[] frame = trailerFrame();
        byte[] tail = text ? encode(frame, true) : frame;
        if (pending != null && pending.hasRemaining()) {
            ByteBuffer both = ByteBuffer.allocate(pending.remaining() + tail.length);
            both.put(pending).put(tail).flip();
            pending = both;
        } else {
            pending = ByteBuffer.wrap(tail);
        }
        if (drain()) {
            next.terminateWrites();
        }
    }

    @Override
    public boolean flush() throws IOException {
        if (!drain()) {
            return false;
        }
        if (terminating && !next.isWriteShutdown()) {
            next.terminateWrites();
        }
        return next.flush();
    }

    private boolean drain() throws IOException {
        while (pending != null && pending.hasRemaining()) {
            if (next.write(pending) == 0) {
                return false;
            }
        }
        pending = null;
        return true;
    }

    /** The trailers the proxy attached (the backend's HTTP trailers), as a gRPC-Web trailer frame; taken off the exchange. */
    private byte[] trailerFrame() {
        HeaderMap trailers = exchange.removeAttachment(HttpAttachments.RESPONSE_TRAILERS);
        TreeMap<String, List<String>> sorted = new TreeMap<>();
        if (trailers != null) {
            for (HeaderValues values : trailers) {
                sorted.computeIfAbsent(values.getHeaderName().toString().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .addAll(values);
            }
        }
        StringBuilder block = new StringBuilder();
        sorted.forEach((name, values) -> values.forEach(v -> block.append(name).append(": ").append(v).append("\r\n")));
        byte[] payload = block.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer frame = ByteBuffer.allocate(5 + payload.length);
        frame.put((byte) 0x80).putInt(payload.length).put(payload);
        return frame.array();
    }

    /** Streaming base64: whole 3-byte groups now, the rest carried to the next write (padded at the end). */
    private byte[] encode(byte[] bytes, boolean last) {
        byte[] all = new byte[carried + bytes.length];
        System.arraycopy(carry, 0, all, 0, carried);
        System.arraycopy(bytes, 0, all, carried, bytes.length);
        int whole = last ? all.length : all.length - all.length % 3;
        carried = all.length - whole;
        System.arraycopy(all, whole, carry, 0, carried);
        return Base64.getEncoder().encode(java.util.Arrays.copyOf(all, whole));
    }
}
