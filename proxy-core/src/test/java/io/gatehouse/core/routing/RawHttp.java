package io.gatehouse.core.routing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Sends bytes exactly as given over a fresh socket and reads the whole response (Connection: close). */
final class RawHttp {

    record Response(int status, String body) {
    }

    private RawHttp() {
    }

    /** A GET with {@code target} copied byte for byte (ISO-8859-1) into the request line. */
    static Response get(int port, String target) throws IOException {
        return send(port, "GET " + target + " HTTP/1.1\r\nHost: test.local\r\nConnection: close\r\n\r\n");
    }

    static Response send(int port, String request) throws IOException {
        return send(InetAddress.getLoopbackAddress(), port, request.getBytes(StandardCharsets.ISO_8859_1));
    }

    static Response send(InetAddress address, int port, byte[] request) throws IOException {
        try (Socket socket = new Socket(address, port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            in.transferTo(response);
            return parse(response.toString(StandardCharsets.UTF_8));
        }
    }

    private static Response parse(String response) {
        if (response.length() < 12 || !response.startsWith("HTTP/1.")) {
            throw new IllegalStateException("not an HTTP response: '" + response + "'");
        }
        int status = Integer.parseInt(response.substring(9, 12));
        int bodyStart = response.indexOf("\r\n\r\n");
        String head = response.substring(0, bodyStart).toLowerCase();
        String body = response.substring(bodyStart + 4);
        if (head.contains("transfer-encoding: chunked")) {
            body = dechunk(body);
        }
        return new Response(status, body);
    }

    private static String dechunk(String chunked) {
        StringBuilder body = new StringBuilder();
        int i = 0;
        while (true) {
            int lineEnd = chunked.indexOf("\r\n", i);
            int size = Integer.parseInt(chunked.substring(i, lineEnd).trim(), 16);
            if (size == 0) {
                return body.toString();
            }
            body.append(chunked, lineEnd + 2, lineEnd + 2 + size);
            i = lineEnd + 2 + size + 2;
        }
    }
}
