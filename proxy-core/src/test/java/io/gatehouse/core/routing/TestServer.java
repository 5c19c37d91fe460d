package io.gatehouse.core.routing;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;

import java.net.InetSocketAddress;

/** An Undertow server on an ephemeral loopback port, with the entry point's listener options. */
final class TestServer implements AutoCloseable {

    private final Undertow undertow;
    private final int port;

    private TestServer(Undertow undertow) {
        this.undertow = undertow;
        this.port = ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
    }

    static TestServer start(HttpHandler handler) {
        return start("127.0.0.1", handler);
    }

    static TestServer start(String bindAddress, HttpHandler handler) {
        Undertow undertow = Undertow.builder()
                .addHttpListener(0, bindAddress)
                .setIoThreads(1)
                .setWorkerThreads(2)
                .setServerOption(UndertowOptions.DECODE_URL, false)
                .setServerOption(UndertowOptions.ENABLE_HTTP2, true)
                .setHandler(handler)
                .build();
        undertow.start();
        return new TestServer(undertow);
    }

    int port() {
        return port;
    }

    @Override
    public void close() {
        undertow.stop();
    }
}
