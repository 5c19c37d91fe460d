package io.gatehouse.examples.standalone;

import io.undertow.Undertow;
import io.undertow.util.Headers;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/** Small in-process backends for demo mode; each says who it is. */
final class DemoBackends implements AutoCloseable {

    private final List<Undertow> servers = new ArrayList<>();

    static DemoBackends start(int count) {
        DemoBackends backends = new DemoBackends();
        for (int i = 1; i <= count; i++) {
            String name = "backend-" + i;
            Undertow server = Undertow.builder()
                    .setIoThreads(1)
                    .addHttpListener(0, "127.0.0.1", exchange -> {
                        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
                        exchange.getResponseSender().send("Hello from " + name + ", you asked for "
                                + exchange.getRequestURI() + "\n");
                    })
                    .build();
            server.start();
            backends.servers.add(server);
        }
        return backends;
    }

    List<String> urls() {
        return servers.stream()
                .map(s -> "http://127.0.0.1:" + ((InetSocketAddress) s.getListenerInfo().get(0).getAddress()).getPort())
                .toList();
    }

    @Override
    public void close() {
        servers.forEach(Undertow::stop);
    }
}
