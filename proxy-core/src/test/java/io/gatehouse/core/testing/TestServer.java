package io.gatehouse.core.testing;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import org.xnio.Options;
import org.xnio.SslClientAuthMode;

import javax.net.ssl.SSLContext;
import java.net.InetSocketAddress;

/**
 * A real Undertow server on 127.0.0.1 and an ephemeral port, for tests: a backend, or the proxy itself.
 */
public final class TestServer implements AutoCloseable {

    private final Undertow undertow;
    private final String scheme;
    private final int port;

    private TestServer(Undertow undertow, String scheme) {
        this.undertow = undertow;
        this.scheme = scheme;
        undertow.start();
        this.port = ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
    }

    /** Plain HTTP/1.1. */
    public static TestServer http(HttpHandler handler) {
        return new TestServer(builder().addHttpListener(0, "127.0.0.1").setHandler(handler).build(), "http");
    }

    /** Plain HTTP/1.1 on the IPv6 loopback; {@link #url()} still names 127.0.0.1, use {@link #port()}. */
    public static TestServer httpOnIpv6Loopback(HttpHandler handler) {
        return new TestServer(builder().addHttpListener(0, "::1").setHandler(handler).build(), "http");
    }

    /** Plain HTTP that also speaks HTTP/2 with prior knowledge (h2c). */
    public static TestServer h2c(HttpHandler handler) {
        return new TestServer(builder().addHttpListener(0, "127.0.0.1")
                .setServerOption(UndertowOptions.ENABLE_HTTP2, true).setHandler(handler).build(), "http");
    }

    /** HTTPS; HTTP/2 via ALPN when {@code http2}; client certificates required when {@code requireClientCert}. */
    public static TestServer https(HttpHandler handler, SSLContext context, boolean http2, boolean requireClientCert) {
        Undertow.Builder builder = builder().addHttpsListener(0, "127.0.0.1", context)
                .setServerOption(UndertowOptions.ENABLE_HTTP2, http2).setHandler(handler);
        if (requireClientCert) {
            builder.setSocketOption(Options.SSL_CLIENT_AUTH_MODE, SslClientAuthMode.REQUIRED);
        }
        return new TestServer(builder.build(), "https");
    }

    /** Bodies of any size: Undertow 2.4.4 otherwise refuses request bodies over 2 MiB (MAX_ENTITY_SIZE). */
    private static Undertow.Builder builder() {
        return Undertow.builder().setIoThreads(2).setWorkerThreads(8).setServerOption(UndertowOptions.MAX_ENTITY_SIZE, 0L);
    }

    public int port() {
        return port;
    }

    /** e.g. http://127.0.0.1:41234 */
    public String url() {
        return scheme + "://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        undertow.stop();
    }
}
