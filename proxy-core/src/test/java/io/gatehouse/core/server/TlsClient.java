package io.gatehouse.core.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/** A raw TLS client: chooses the SNI freely (the JDK HttpClient cannot), keeps a connection open for several requests. */
final class TlsClient implements AutoCloseable {

    record Response(int status, String body) {
    }

    private final SSLSocket socket;
    private final InputStream in;
    private final OutputStream out;

    private TlsClient(SSLSocket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Connects to 127.0.0.1:port and completes the handshake with {@code sni} (null: none). */
    static TlsClient connect(int port, String sni, SSLContext context, Consumer<SSLParameters> tweak) throws IOException {
        // Layered over a plain socket and named after the SNI: the JDK caches client sessions by name and
        // port, so a session made for one name is not offered (resumed) for another on the same port.
        java.net.Socket plain = new java.net.Socket("127.0.0.1", port);
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, sni == null ? "127.0.0.1" : sni, port, true);
        socket.setSoTimeout(15_000);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setServerNames(sni == null ? List.of() : List.of(new SNIHostName(sni)));
        tweak.accept(parameters);
        socket.setSSLParameters(parameters);
        try {
            socket.startHandshake();
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        return new TlsClient(socket);
    }

    static TlsClient connect(int port, String sni, SSLContext context) throws IOException {
        return connect(port, sni, context, p -> { });
    }

    X509Certificate peer() throws IOException {
        return (X509Certificate) socket.getSession().getPeerCertificates()[0];
    }

    String peerCommonName() throws IOException {
        String dn = peer().getSubjectX500Principal().getName();
        for (String part : dn.split(",")) {
            if (part.startsWith("CN=")) {
                return part.substring(3);
            }
        }
        return dn;
    }

    String protocol() {
        return socket.getSession().getProtocol();
    }

    String cipherSuite() {
        return socket.getSession().getCipherSuite();
    }

    /** One keep-alive GET; the response body is read by its Content-Length (or chunks). */
    Response get(String host, String path) throws IOException {
        out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String statusLine = line();
        if (statusLine == null) {
            throw new IOException("connection closed before a response");
        }
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        int length = -1;
        boolean chunked = false;
        for (String header = line(); header != null && !header.isEmpty(); header = line()) {
            String lower = header.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Integer.parseInt(header.substring(15).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (chunked) {
            for (int size = Integer.parseInt(line().trim(), 16); size > 0; size = Integer.parseInt(line().trim(), 16)) {
                body.write(in.readNBytes(size));
                line();
            }
            line();
        } else if (length > 0) {
            body.write(in.readNBytes(length));
        }
        return new Response(status, body.toString(StandardCharsets.UTF_8));
    }

    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** A client context trusting {@code ca} only, presenting no certificate. */
    static SSLContext trusting(X509Certificate ca) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca);
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    /**
     * A client context that presents {@code certificate} whatever CAs the server asks for (the JDK's own
     * key manager would send nothing to a server that names other CAs), trusting {@code ca}.
     */
    static SSLContext presenting(io.gatehouse.core.testing.TestCertificates.Issued certificate, X509Certificate ca) throws Exception {
        X509Certificate[] chain = {certificate.certificate(), certificate.issuer()};
        javax.net.ssl.X509ExtendedKeyManager insisting = new javax.net.ssl.X509ExtendedKeyManager() {
            @Override
            public String[] getClientAliases(String keyType, java.security.Principal[] issuers) {
                return new String[] {"client"};
            }

            @Override
            public String chooseClientAlias(String[] keyType, java.security.Principal[] issuers, java.net.Socket socket) {
                return "client";
            }

            @Override
            public String chooseEngineClientAlias(String[] keyType, java.security.Principal[] issuers, javax.net.ssl.SSLEngine engine) {
                return "client";
            }

            @Override
            public String[] getServerAliases(String keyType, java.security.Principal[] issuers) {
                return null;
            }

            @Override
            public String chooseServerAlias(String keyType, java.security.Principal[] issuers, java.net.Socket socket) {
                return null;
            }

            @Override
            public X509Certificate[] getCertificateChain(String alias) {
                return chain.clone();
            }

            @Override
            public java.security.PrivateKey getPrivateKey(String alias) {
                return certificate.key();
            }
        };
        SSLContext context = SSLContext.getInstance("TLS");
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca);
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        context.init(new javax.net.ssl.KeyManager[] {insisting}, factory.getTrustManagers(), null);
        return context;
    }

    /** A client context that accepts any server certificate (to look at the generated default one). */
    static SSLContext trustingAnything() throws Exception {
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
}
