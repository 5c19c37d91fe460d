package io.gatehouse.core.service;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scripted HTTP/1.1 peer on a raw socket, for backends that misbehave: it reads each request head, records it,
 * and lets the current {@link Script} answer (or not). Counts accepted and still-open connections.
 */
final class HostileBackend implements AutoCloseable {

    /** Answers one request; return true to read the next request on the same connection. */
    interface Script {
        boolean answer(String head, InputStream in, OutputStream out, HostileBackend backend) throws Exception;
    }

    private final ServerSocket server;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<String> heads = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile Script script;

    HostileBackend(Script script) throws IOException {
        this.script = script;
        this.server = new ServerSocket(0, 512, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "hostile-backend-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    void script(Script next) {
        this.script = next;
    }

    int port() {
        return server.getLocalPort();
    }

    String url() {
        return "http://127.0.0.1:" + port();
    }

    List<String> heads() {
        return heads;
    }

    int accepted() {
        return accepted.get();
    }

    int open() {
        return open.get();
    }

    /** Blocks the calling (backend) thread until the backend is closed: a server that never answers. */
    void hang() throws InterruptedException {
        closed.await();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                accepted.incrementAndGet();
                open.incrementAndGet();
                sockets.add(socket);
                Thread worker = new Thread(() -> serve(socket), "hostile-backend-conn");
                worker.setDaemon(true);
                worker.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            while (true) {
                String head = readHead(in);
                if (head == null) {
                    return;
                }
                heads.add(head);
                if (!script.answer(head, in, out, this)) {
                    return;
                }
            }
        } catch (Exception e) {
            // the peer went away: that is what these tests provoke
        } finally {
            open.decrementAndGet();
        }
    }

    /** The request head up to the blank line, or null at EOF. */
    static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int c = in.read();
            if (c == -1) {
                return null;
            }
            head.write(c);
            matched = c == end[matched] ? matched + 1 : (c == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** The Content-Length of a head, or 0. */
    static long contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return Long.parseLong(line.substring(15).trim());
            }
        }
        return 0;
    }

    /** Reads a request body as its head frames it (Content-Length or chunked). */
    static void drainBody(String head, InputStream in) throws IOException {
        if (head.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked")) {
            while (true) {
                String sizeLine = line(in);
                int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
                if (size == 0) {
                    while (!line(in).isEmpty()) {
                        // trailers
                    }
                    return;
                }
                in.readNBytes(size);
                line(in);
            }
        }
        long length = contentLength(head);
        if (length > 0) {
            in.skipNBytes(length);
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c == -1) {
                throw new IOException("closed");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    @Override
    public void close() {
        closed.countDown();
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket socket : sockets) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
