package io.gatehouse.middleware.support;

import io.undertow.connector.ByteBufferPool;
import io.undertow.server.HttpHandler;
import io.undertow.server.protocol.http.HttpOpenListener;
import io.undertow.util.HeaderMap;
import io.undertow.util.HttpString;
import org.xnio.ChannelListener;
import org.xnio.ChannelPipe;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.StreamConnection;
import org.xnio.XnioWorker;
import org.xnio.conduits.ConduitStreamSinkChannel;
import org.xnio.conduits.ConduitStreamSourceChannel;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Runs a handler for one request that has no client: an in-memory XNIO pipe with Undertow's HTTP/1.1 server on one
 * side (its root handler is the handler to run) and this small client on the other: how the errors middleware fetches
 * its pages and httpCache revalidates in the background. Non-blocking throughout; the parsed answer, or null on any failure (or a response over
 * {@code maxBytes}), goes to {@code done} on the pipe's IO thread. The request must say {@code Connection: close}:
 * the response is read until the connection ends.
 */
public final class PipeRequest {

    /** A response: status, headers (framing ones included) and the de-chunked body. */
    public record Response(int status, HeaderMap headers, byte[] body) {
    }

    private PipeRequest() {
    }

    public static void send(XnioWorker worker, ByteBufferPool pool, HttpHandler handler, byte[] request, long maxBytes,
                     Consumer<Response> done) {
        ChannelPipe<StreamConnection, StreamConnection> pipe;
        try {
            pipe = worker.createFullDuplexPipeConnection();
        } catch (IOException e) {
            done.accept(null);
            return;
        }
        HttpOpenListener server = new HttpOpenListener(pool, OptionMap.EMPTY);
        server.setRootHandler(handler);
        server.handleEvent(pipe.getLeftSide());

        StreamConnection client = pipe.getRightSide();
        ConduitStreamSinkChannel out = client.getSinkChannel();
        ConduitStreamSourceChannel in = client.getSourceChannel();
        ByteBuffer toSend = ByteBuffer.wrap(request);
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        boolean[] finished = {false};
        Consumer<Response> once = response -> {
            if (!finished[0]) {
                finished[0] = true;
                IoUtils.safeClose(client);
                done.accept(response);
            }
        };
        ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);
        in.getReadSetter().set((ChannelListener<ConduitStreamSourceChannel>) channel -> {
            try {
                while (true) {
                    buffer.clear();
                    int n = channel.read(buffer);
                    if (n == 0) {
                        return;
                    }
                    if (n < 0) {
                        once.accept(parse(received.toByteArray()));
                        return;
                    }
                    received.write(buffer.array(), 0, n);
                    if (received.size() > maxBytes) {
                        once.accept(null);
                        return;
                    }
                }
            } catch (IOException | RuntimeException e) {
                once.accept(null);
            }
        });
        in.getCloseSetter().set((ChannelListener<ConduitStreamSourceChannel>) channel -> once.accept(null));
        out.getWriteSetter().set((ChannelListener<ConduitStreamSinkChannel>) channel -> {
            try {
                while (toSend.hasRemaining()) {
                    if (channel.write(toSend) == 0) {
                        return;
                    }
                }
                channel.suspendWrites();
                channel.flush();
            } catch (IOException e) {
                once.accept(null);
            }
        });
        in.resumeReads();
        out.resumeWrites();
    }

    /** An HTTP/1.1 response read until the connection closed; null when it is not one. */
    static Response parse(byte[] raw) {
        int headEnd = indexOf(raw, 0, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        if (headEnd < 0) {
            return null;
        }
        String[] lines = new String(raw, 0, headEnd, StandardCharsets.ISO_8859_1).split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/1.")) {
            return null;
        }
        int status;
        try {
            status = Integer.parseInt(statusLine[1]);
        } catch (NumberFormatException e) {
            return null;
        }
        HeaderMap headers = new HeaderMap();
        boolean chunked = false;
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0) {
                return null;
            }
            String name = lines[i].substring(0, colon).trim();
            String value = lines[i].substring(colon + 1).trim();
            if (name.equalsIgnoreCase("transfer-encoding") && value.toLowerCase(Locale.ROOT).contains("chunked")) {
                chunked = true;
            }
            headers.add(HttpString.tryFromString(name), value);
        }
        byte[] body = Arrays.copyOfRange(raw, headEnd + 4, raw.length);
        if (chunked) {
            body = dechunk(body);
            if (body == null) {
                return null;
            }
        } else {
            String length = headers.getFirst(io.undertow.util.Headers.CONTENT_LENGTH);
            if (length != null && !length.equals(Integer.toString(body.length))) {
                return null; // cut off
            }
        }
        return new Response(status, headers, body);
    }

    /** The chunks' data; null when the chunked body is malformed or incomplete. */
    private static byte[] dechunk(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length);
        int i = 0;
        while (i < body.length) {
            int lineEnd = indexOf(body, i, "\r\n".getBytes(StandardCharsets.US_ASCII));
            if (lineEnd < 0) {
                return null;
            }
            String sizeText = new String(body, i, lineEnd - i, StandardCharsets.US_ASCII);
            int semi = sizeText.indexOf(';');
            int size;
            try {
                size = Integer.parseInt((semi < 0 ? sizeText : sizeText.substring(0, semi)).trim(), 16);
            } catch (NumberFormatException e) {
                return null;
            }
            if (size == 0) {
                return out.toByteArray();
            }
            if (size < 0 || lineEnd + 2 + size > body.length) {
                return null;
            }
            out.write(body, lineEnd + 2, size);
            i = lineEnd + 2 + size + 2;
        }
        return null;
    }

    private static int indexOf(byte[] data, int from, byte[] pattern) {
        outer:
        for (int i = from; i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
