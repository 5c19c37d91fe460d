package io.gatehouse.core.tls;

import io.gatehouse.core.config.ConfigError;
import io.gatehouse.core.config.EntryPointConfig;
import io.gatehouse.core.config.RouterTlsConfig;
import io.gatehouse.core.config.TlsConfig;
import io.gatehouse.core.server.Gatehouse;
import io.gatehouse.core.server.GatehouseBuilder;
import io.gatehouse.core.testing.RawHttp;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.function.Consumer;

/** Shared plumbing of the TLS adversarial tests: a proxy with TLS in code, and a client that shows the served certificate. */
final class TlsAdversarialSupport {

    private TlsAdversarialSupport() {
    }

    /** A client context that accepts any server certificate, so the test can look at which one was served. */
    static SSLContext trustAll() throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        return context;
    }

    /** A proxy on 127.0.0.1 with one HTTPS router (PathPrefix(`/`)) to {@code backendUrl}; {@code more} adds to the builder. */
    static Gatehouse proxy(TlsConfig tls, RouterTlsConfig routerTls, String backendUrl, Consumer<GatehouseBuilder> more) {
        return proxy(tls, "PathPrefix(`/`)", routerTls, backendUrl, more);
    }

    /** As above with the router's rule; options apply to the hosts of a Host rule only (docs/tls.md). */
    static Gatehouse proxy(TlsConfig tls, String rule, RouterTlsConfig routerTls, String backendUrl, Consumer<GatehouseBuilder> more) {
        GatehouseBuilder builder = Gatehouse.builder()
                .ioThreads(2)
                .entryPoint("websecure", EntryPointConfig.of("127.0.0.1:0"))
                .tls(tls)
                .service("backend", s -> s.server(backendUrl))
                .router("secure", r -> r.rule(rule).service("backend").tls(routerTls));
        if (more != null) {
            more.accept(builder);
        }
        return builder.start();
    }

    static SSLSocket connect(int port, String sni, SSLContext context, String[] protocols, String[] alpn) throws IOException {
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port);
        socket.setSoTimeout(20_000);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setServerNames(sni == null ? List.of() : List.of(new SNIHostName(sni)));
        if (protocols != null) {
            parameters.setProtocols(protocols);
        }
        if (alpn != null) {
            parameters.setApplicationProtocols(alpn);
        }
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        return socket;
    }

    /** The served leaf certificate's subject (e.g. "CN=a.test") for a handshake with {@code sni} (null: none). */
    static String servedSubject(int port, String sni) throws Exception {
        try (SSLSocket socket = connect(port, sni, trustAll(), null, null)) {
            return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
        }
    }

    /** The served leaf certificate for {@code sni}. */
    static X509Certificate served(int port, String sni) throws Exception {
        try (SSLSocket socket = connect(port, sni, trustAll(), null, null)) {
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }

    /** GET / over TLS with {@code sni} and that Host header; the status. */
    static int httpsStatus(int port, String sni) throws Exception {
        try (SSLSocket socket = connect(port, sni, trustAll(), null, null)) {
            return get(socket.getInputStream(), socket.getOutputStream(), sni == null ? "localhost" : sni);
        }
    }

    static int get(InputStream in, OutputStream out, String host) throws IOException {
        out.write(("GET / HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return RawHttp.read(in).status();
    }

    static List<String> errorTexts(Gatehouse proxy) {
        return proxy.errors().stream().map(ConfigError::toString).toList();
    }

    /** Reads until the peer closes (true) or 20 s pass without a byte (false); a reset counts as closed. */
    static boolean readsUntilClosed(java.net.Socket socket) {
        try {
            socket.setSoTimeout(20_000);
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            while (in.read(buffer) >= 0) {
                // drain alerts / frames the server sends before closing
            }
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }
}
