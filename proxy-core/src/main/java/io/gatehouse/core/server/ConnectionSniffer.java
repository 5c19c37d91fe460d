package io.gatehouse.core.server;

import io.gatehouse.core.tls.ClientHelloSni;
import io.gatehouse.core.tls.CompiledTlsOptions;
import io.gatehouse.core.tls.TlsSnapshot;
import io.undertow.connector.ByteBufferPool;
import io.undertow.connector.PooledByteBuffer;
import io.undertow.protocols.ssl.UndertowXnioSsl;
import io.undertow.server.protocol.http.AlpnOpenListener;
import io.undertow.server.protocol.http.HttpOpenListener;
import io.undertow.server.protocol.http2.Http2OpenListener;
import io.undertow.util.PooledAdaptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.ChannelListener;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.StreamConnection;
import org.xnio.XnioExecutor;
import org.xnio.channels.AcceptingChannel;
import org.xnio.conduits.ConduitStreamSourceChannel;
import org.xnio.conduits.PushBackStreamSourceConduit;
import org.xnio.ssl.SslConnection;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import javax.net.ssl.SSLEngine;

/**
 * An entry point's accept listener. Like Traefik, one port serves both HTTP and HTTPS: the first
 * bytes of a connection decide. A TLS ClientHello (0x16) is read whole so its SNI picks the TLS
 * options before the SSLEngine is made (versions, cipher suites, client auth differ per host); the
 * bytes read are pushed back and the connection goes to Undertow's ALPN (h2 / http/1.1) or HTTP
 * listener. A plain connection that starts with the HTTP/2 preface is h2c with prior knowledge. The
 * cost for plain HTTP is one read listener per connection, nothing per request.
 */
final class ConnectionSniffer implements ChannelListener<AcceptingChannel<StreamConnection>> {

    private static final Logger log = LoggerFactory.getLogger(ConnectionSniffer.class);

    private final ByteBufferPool buffers;
    private final HttpOpenListener http;
    private final AlpnOpenListener alpn;
    private final Http2OpenListener http2;
    private final Supplier<TlsSnapshot> tls;
    private final long firstByteTimeoutMillis;
    private final Executor handshakeTasks;

    /**
     * @param http                   plain HTTP/1.1 connections, and TLS ones whose options do not allow h2
     * @param alpn                   TLS connections that may negotiate h2
     * @param http2                  plain connections that start with the HTTP/2 preface (h2c, prior knowledge)
     * @param tls                    the current certificates and options (read once per TLS connection)
     * @param firstByteTimeoutMillis how long a new connection may stay silent before it is closed
     * @param handshakeTasks         runs the TLS engines' delegated tasks (the CPU-heavy part of a handshake),
     *                               so the IO threads keep serving established connections meanwhile
     */
    ConnectionSniffer(ByteBufferPool buffers, HttpOpenListener http, AlpnOpenListener alpn, Http2OpenListener http2,
                      Supplier<TlsSnapshot> tls, long firstByteTimeoutMillis, Executor handshakeTasks) {
        this.buffers = buffers;
        this.http = http;
        this.alpn = alpn;
        this.http2 = http2;
        this.tls = tls;
        this.firstByteTimeoutMillis = firstByteTimeoutMillis;
        this.handshakeTasks = handshakeTasks;
    }

    /** The start of the HTTP/2 connection preface ("PRI * HTTP/2.0"): enough to tell it from HTTP/1 methods. */
    private static final byte[] PRIOR_KNOWLEDGE = "PRI * HTTP/2".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private static boolean startsWithPreface(ByteBuffer bytes) {
        if (bytes.remaining() < PRIOR_KNOWLEDGE.length) {
            return false;
        }
        for (int i = 0; i < PRIOR_KNOWLEDGE.length; i++) {
            if (bytes.get(i) != PRIOR_KNOWLEDGE[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void handleEvent(AcceptingChannel<StreamConnection> server) {
        for (int i = 0; i < 64; i++) { // bounded, so one busy listener cannot starve its IO thread
            StreamConnection connection;
            try {
                connection = server.accept();
            } catch (IOException e) {
                log.debug("accept failed: {}", e.toString());
                return;
            }
            if (connection == null) {
                return;
            }
            new FirstBytes(connection).start();
        }
    }

    /** Reads a connection's first bytes and hands it over; confined to the connection's IO thread. */
    private final class FirstBytes implements ChannelListener<ConduitStreamSourceChannel> {

        private final StreamConnection connection;
        private PooledByteBuffer buffer;
        private XnioExecutor.Key timeout;

        FirstBytes(StreamConnection connection) {
            this.connection = connection;
        }

        void start() {
            ConduitStreamSourceChannel source = connection.getSourceChannel();
            source.getReadSetter().set(this);
            timeout = connection.getIoThread().executeAfter(() -> close(), firstByteTimeoutMillis, TimeUnit.MILLISECONDS);
            source.resumeReads();
        }

        @Override
        public void handleEvent(ConduitStreamSourceChannel source) {
            try {
                if (buffer == null) {
                    buffer = buffers.allocate();
                }
                ByteBuffer bytes = buffer.getBuffer();
                int count;
                do {
                    count = source.read(bytes);
                } while (count > 0 && bytes.hasRemaining());
                boolean ended = count < 0; // a client may half-close right after its request (HTTP/1.0 style)
                if (bytes.position() == 0) {
                    if (ended) {
                        close();
                    }
                    return;
                }
                if (!ClientHelloSni.isTlsStart(bytes.get(0))) {
                    if (!ended && bytes.get(0) == 'P' && bytes.position() < PRIOR_KNOWLEDGE.length) {
                        return; // POST, PUT, PATCH or the HTTP/2 preface: wait for a few more bytes
                    }
                    PooledByteBuffer read = handOver(source);
                    if (startsWithPreface(read.getBuffer())) {
                        http2.handleEvent(connection, read); // h2c with prior knowledge, as Traefik serves it
                    } else {
                        http.handleEvent(connection, read);
                    }
                    return;
                }
                if (ended) {
                    close(); // a TLS client that stops before its ClientHello is complete
                    return;
                }
                if (bytes.position() < ClientHelloSni.RECORD_HEADER) {
                    return;
                }
                int record = ClientHelloSni.recordLength(bytes, 0);
                if (record > ClientHelloSni.MAX_RECORD) {
                    close(); // longer than TLS allows: invalid at once, never buffered until the timeout
                    return;
                }
                if (bytes.position() < record && bytes.hasRemaining()) {
                    return; // the rest of the ClientHello is on its way
                }
                String serverName = bytes.position() >= record ? ClientHelloSni.serverName(bytes, 0, record) : null;
                boolean spansRecords = ClientHelloSni.spansRecords(bytes, 0, bytes.position());
                startTls(serverName, spansRecords, handOver(source));
            } catch (IOException | RuntimeException e) {
                log.debug("connection closed while reading its first bytes: {}", e.toString());
                close();
            }
        }

        /** Stops listening and gives up the bytes read (flipped): whoever takes them frees them. */
        private PooledByteBuffer handOver(ConduitStreamSourceChannel source) {
            timeout.remove();
            source.suspendReads();
            source.getReadSetter().set(null);
            PooledByteBuffer read = buffer;
            buffer = null;
            read.getBuffer().flip();
            return read;
        }

        private void startTls(String serverName, boolean helloSpansRecords, PooledByteBuffer read) {
            TlsSnapshot snapshot = tls.get();
            if (snapshot == null) {
                read.close();
                close();
                return;
            }
            CompiledTlsOptions options = snapshot.optionsFor(serverName);
            PushBackStreamSourceConduit pushBack = new PushBackStreamSourceConduit(connection.getSourceChannel().getConduit());
            pushBack.pushBack(new PooledAdaptor(read));
            connection.getSourceChannel().setConduit(pushBack);
            SslConnection ssl = options.ssl(handshakeTasks).wrapExistingConnection(connection, OptionMap.EMPTY, false);
            SSLEngine engine = UndertowXnioSsl.getSslEngine(ssl);
            engine.setUseClientMode(false);
            engine.setSSLParameters(options.parameters());
            // Undertow's ALPN listener refuses a ClientHello longer than one record (its
            // ALPNOfferedClientHelloExplorer throws), so such a rare hello gets HTTP/1.1 without ALPN.
            if (options.http2() && !helloSpansRecords) {
                alpn.handleEvent(ssl);
            } else {
                http.handleEvent(ssl); // alpnProtocols without h2: HTTP/1.1 only
            }
        }

        private void close() {
            if (buffer != null) {
                buffer.close();
                buffer = null;
            }
            IoUtils.safeClose(connection);
        }
    }
}
