package io.gatehouse.docker;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Plain HTTP/1.1 requests through the proxy under test, over a raw socket. */
final class ProxyRequests {

    private ProxyRequests() {
    }

    /** GET / with a Host header through the proxy: "status body". */
    static String get(int proxyPort, String host) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), proxyPort)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET / HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int split = response.indexOf("\r\n\r\n");
            String status = response.substring(response.indexOf(' ') + 1, response.indexOf(' ') + 4);
            String body = split < 0 ? "" : response.substring(split + 4).trim();
            return status + " " + body;
        }
    }

    /** Waits until GET answers {@code expected} ("200 body", or a prefix ending in '*'); returns the answer. */
    static String awaitResponse(int proxyPort, String host, String expected) throws Exception {
        String[] last = {null};
        try {
            RecordingSink.awaitTrue(host + " answering " + expected, () -> {
                try {
                    last[0] = get(proxyPort, host);
                    return last[0].equals(expected)
                            || (expected.endsWith("*") && last[0].startsWith(expected.substring(0, expected.length() - 1)));
                } catch (IOException e) {
                    return false;
                }
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + " (last answer: " + last[0] + ")", e);
        }
        return last[0];
    }
}
