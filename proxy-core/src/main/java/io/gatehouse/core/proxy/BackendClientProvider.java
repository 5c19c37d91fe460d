package io.gatehouse.core.proxy;

import io.undertow.client.ClientCallback;
import io.undertow.client.ClientConnection;
import io.undertow.client.ClientProvider;
import io.undertow.client.http.HttpClientProvider;
import io.undertow.client.http2.Http2PriorKnowledgeClientProvider;
import io.undertow.connector.ByteBufferPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;
import org.xnio.Option;
import org.xnio.OptionMap;
import org.xnio.XnioExecutor;
import org.xnio.XnioIoThread;
import org.xnio.XnioWorker;
import org.xnio.ssl.XnioSsl;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Undertow client provider for the {@value #SCHEME} scheme our connection pools use. It connects to the real
 * server URI carried in the pool's options (http, https with ALPN, or h2c prior knowledge) and adds what
 * Undertow's providers lack: a dial timeout, the kind of a connect failure (refused vs timed out), and
 * tracking of open connections. Registered in META-INF/services; not for direct use.
 */
public final class BackendClientProvider implements ClientProvider {

    public static final String SCHEME = "gatehouse-backend";

    static final Option<URI> TARGET = Option.simple(BackendClientProvider.class, "TARGET", URI.class);
    static final Option<Long> DIAL_TIMEOUT_MILLIS =
            Option.simple(BackendClientProvider.class, "DIAL_TIMEOUT_MILLIS", Long.class);
    static final Option<ConnectionTracker> TRACKER =
            Option.simple(BackendClientProvider.class, "TRACKER", ConnectionTracker.class);

    private static final Logger LOG = LoggerFactory.getLogger(BackendClientProvider.class);
    private static final Set<String> SCHEMES = Set.of(SCHEME);

    private final ClientProvider http = new HttpClientProvider();
    private final ClientProvider h2cPriorKnowledge = new Http2PriorKnowledgeClientProvider();

    @Override
    public Set<String> handlesSchemes() {
        return SCHEMES;
    }

    @Override
    public void connect(ClientCallback<ClientConnection> listener, URI uri, XnioWorker worker, XnioSsl ssl,
                        ByteBufferPool bufferPool, OptionMap options) {
        connect(listener, null, uri, worker.getIoThread(), ssl, bufferPool, options);
    }

    @Override
    public void connect(ClientCallback<ClientConnection> listener, InetSocketAddress bindAddress, URI uri,
                        XnioWorker worker, XnioSsl ssl, ByteBufferPool bufferPool, OptionMap options) {
        connect(listener, bindAddress, uri, worker.getIoThread(), ssl, bufferPool, options);
    }

    @Override
    public void connect(ClientCallback<ClientConnection> listener, URI uri, XnioIoThread ioThread, XnioSsl ssl,
                        ByteBufferPool bufferPool, OptionMap options) {
        connect(listener, null, uri, ioThread, ssl, bufferPool, options);
    }

    @Override
    public void connect(ClientCallback<ClientConnection> listener, InetSocketAddress bindAddress, URI uri,
                        XnioIoThread ioThread, XnioSsl ssl, ByteBufferPool bufferPool, OptionMap options) {
        URI target = options.get(TARGET);
        if (target == null) {
            listener.failed(new IOException("no target for " + uri));
            return;
        }
        ClientProvider delegate = "h2c-prior".equals(target.getScheme()) ? h2cPriorKnowledge : http;
        Dial dial = new Dial(listener, options.get(TRACKER), target);
        long dialTimeout = options.get(DIAL_TIMEOUT_MILLIS, 0L);
        if (dialTimeout > 0) {
            dial.timer = ioThread.executeAfter(dial, dialTimeout, TimeUnit.MILLISECONDS);
        }
        try {
            if (bindAddress == null) {
                delegate.connect(dial, target, ioThread, ssl, bufferPool, options);
            } else {
                delegate.connect(dial, bindAddress, target, ioThread, ssl, bufferPool, options);
            }
        } catch (RuntimeException e) {
            dial.failed(new IOException(e));
        }
    }

    /** One connection attempt; every callback runs on the attempt's IO thread. */
    private static final class Dial implements ClientCallback<ClientConnection>, Runnable {
        private final ClientCallback<ClientConnection> listener;
        private final ConnectionTracker tracker;
        private final URI target;
        private XnioExecutor.Key timer;
        private boolean done;

        Dial(ClientCallback<ClientConnection> listener, ConnectionTracker tracker, URI target) {
            this.listener = listener;
            this.tracker = tracker;
            this.target = target;
        }

        @Override
        public void completed(ClientConnection connection) {
            if (done) {
                IoUtils.safeClose(connection); // arrived after the dial timeout
                return;
            }
            finish();
            if (tracker != null) {
                tracker.opened(connection);
            }
            listener.completed(connection);
        }

        @Override
        public void failed(IOException e) {
            if (done) {
                return;
            }
            finish();
            LOG.debug("Connecting to {} failed", target, e);
            fail(ProxyFailure.CONNECT_FAILED, e);
        }

        /** The dial timeout. */
        @Override
        public void run() {
            if (done) {
                return;
            }
            done = true;
            LOG.debug("Connecting to {} timed out", target);
            fail(ProxyFailure.DIAL_TIMEOUT, new IOException("dial timeout"));
        }

        private void finish() {
            done = true;
            if (timer != null) {
                timer.remove();
            }
        }

        private void fail(ProxyFailure kind, IOException e) {
            ConnectFailures.set(kind);
            try {
                listener.failed(e);
            } finally {
                ConnectFailures.clear();
            }
        }
    }
}
