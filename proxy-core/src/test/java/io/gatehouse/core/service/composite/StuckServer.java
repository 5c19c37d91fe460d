package io.gatehouse.core.service.composite;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Accepts connections and reads nothing, answers nothing: a stuck server. */
final class StuckServer implements AutoCloseable {

    private final ServerSocket socket;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();
    final AtomicInteger connections = new AtomicInteger();

    StuckServer() throws IOException {
        socket = new ServerSocket(0, 1000, InetAddress.getLoopbackAddress());
        Thread thread = new Thread(() -> {
            while (!socket.isClosed()) {
                try {
                    accepted.add(socket.accept());
                    connections.incrementAndGet();
                } catch (IOException e) {
                    return;
                }
            }
        }, "stuck-server");
        thread.setDaemon(true);
        thread.start();
    }

    String url() {
        return "http://127.0.0.1:" + socket.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        socket.close();
        for (Socket s : accepted) {
            s.close();
        }
    }
}
