package io.gatehouse.examples.embedded;

import io.undertow.Undertow;
import io.undertow.util.Headers;

import java.net.InetSocketAddress;

/** A small backend for the demo: answers with the path and request id it received. */
public final class DemoBackend implements AutoCloseable {

    private final Undertow server;

    private DemoBackend(Undertow server) {
        this.server = server;
    }

    public static DemoBackend start(String host, int port) {
        Undertow server = Undertow.builder()
                .setIoThreads(1)
                .addHttpListener(port, host, exchange -> {
                    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
                    String query = exchange.getQueryString().isEmpty() ? "" : "?" + exchange.getQueryString();
                    exchange.getResponseSender().send("backend saw " + exchange.getRequestURI() + query
                            + " request-id=" + exchange.getRequestHeaders().getFirst(RequestIdMiddleware.REQUEST_ID) + "\n");
                })
                .build();
        server.start();
        return new DemoBackend(server);
    }

    public String url() {
        return "http://127.0.0.1:" + ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    @Override
    public void close() {
        server.stop();
    }
}
