package io.gatehouse.middleware.errors;

import io.undertow.connector.ByteBufferPool;
import io.undertow.server.HttpHandler;
import io.undertow.server.protocol.http.HttpOpenListener;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Runs a service's handler for one GET without a socket: an in-memory XNIO pipe with Undertow's HTTP/1.1 server on
 * one side and this small client on the other. Everything is non-blocking; the answer (or null on any failure) is
 * handed to {@code done} on the pipe's IO thread.
 */
final class PageFetch {

    /** Largest error page kept (larger ones are cut off with a failure). */
    static final int MAX_PAGE = 1024 * 1024;

    /** A fetched page. */
    record Page(int status, List<String[]> headers, byte[] body) {
    }

    private PageFetch() {
    }

    static void get(XnioWorker worker, ByteBufferPool pool, HttpHandler service, byte[] request, Consumer<Page> done) {
        ChannelPipe<StreamConnection, StreamConnection> pipe;
        try {
            pipe = worker.createFullDuplexPipeConnection();
        } catch (IOException e) {
            done.accept(null);
            return;
        }
        HttpOpenListener server = new HttpOpenListener(pool, OptionMap.EMPTY);
        server.setRootHandler(service);
        server.handleEvent(pipe.getLeftSide());

        StreamConnection client = pipe.getRightSide();
        ConduitStreamSinkChannel out = client.getSinkChannel();
        ConduitStreamSourceChannel in = client.getSourceChannel();
        ByteBuffer toSend = ByteBuffer.wrap(request);
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        boolean[] finished = {false};
        Consumer<Page> once = page -> {
            if (!finished[0]) {
                finished[0] = true;
                IoUtils.safeClose(client);
                done.accept(page);
            }
        };
        ByteBuffer buffer = ByteBuffer.allocate(8192);
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
                    if (received.size() > MAX_PAGE) {
                        once.accept(null);
                        return;
                    }
                }
            } catch (IOException | RuntimeException e) {
                once.accept(null);
            }
        });
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

    /** An HTTP/1.1 answer read until the connection closed (the request said Connection: close). */
    static Page parse(byte[] raw) {
        int headEnd = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        if (headEnd < 0) {
            return null;
        }
        String[] lines = new String(raw, 0, headEnd, StandardCharsets.ISO_8859_1).split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/1.")) {
            return null;
        }
        int status = Integer.parseInt(statusLine[1]);
        List<String[]> headers = new ArrayList<>();
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
            headers.add(new String[] {name, value});
        }
        byte[] body = java.util.Arrays.copyOfRange(raw, headEnd + 4, raw.length);
        return new Page(status, headers, chunked ? dechunk(body) : body);
    }

    private static byte[] dechunk(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length);
        int i = 0;
        while (i < body.length) {
            int lineEnd = indexOf(body, i, "\r\n".getBytes(StandardCharsets.US_ASCII));
            if (lineEnd < 0) {
                break;
            }
            String sizeText = new String(body, i, lineEnd - i, StandardCharsets.US_ASCII);
            int semi = sizeText.indexOf(';');
            int size = Integer.parseInt((semi < 0 ? sizeText : sizeText.substring(0, semi)).trim(), 16);
            if (size == 0) {
                break;
            }
            out.write(body, lineEnd + 2, Math.min(size, body.length - lineEnd - 2));
            i = lineEnd + 2 + size + 2;
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] data, byte[] pattern) {
        return indexOf(data, 0, pattern);
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
