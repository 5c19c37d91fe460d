package io.gatehouse.bench;

import io.undertow.connector.ByteBufferPool;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.HttpUpgradeListener;
import io.undertow.server.SSLSessionInfo;
import io.undertow.server.ServerConnection;
import org.xnio.Option;
import org.xnio.OptionMap;
import org.xnio.Pool;
import org.xnio.StreamConnection;
import org.xnio.XnioIoThread;
import org.xnio.XnioWorker;
import org.xnio.conduits.ConduitStreamSinkChannel;
import org.xnio.conduits.ConduitStreamSourceChannel;
import org.xnio.conduits.StreamSinkConduit;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;

/**
 * The least of a connection a request needs to pass the middlewares in a micro-benchmark: a peer and a local
 * address. No IO thread ({@link HttpServerExchange#isInIoThread()} is false, so nothing dispatches), no channels:
 * anything that would touch the network throws.
 */
final class LoopbackConnection extends ServerConnection {

    private final InetSocketAddress peer;
    private final InetSocketAddress local;

    LoopbackConnection(InetSocketAddress peer, InetSocketAddress local) {
        this.peer = peer;
        this.local = local;
    }

    @Override public SocketAddress getPeerAddress() { return peer; }
    @Override public <A extends SocketAddress> A getPeerAddress(Class<A> type) { return type.isInstance(peer) ? type.cast(peer) : null; }
    @Override public SocketAddress getLocalAddress() { return local; }
    @Override public <A extends SocketAddress> A getLocalAddress(Class<A> type) { return type.isInstance(local) ? type.cast(local) : null; }
    @Override public XnioIoThread getIoThread() { return null; }
    @Override public OptionMap getUndertowOptions() { return OptionMap.EMPTY; }
    @Override public int getBufferSize() { return 16 * 1024; }
    @Override public boolean isOpen() { return true; }
    @Override public String getTransportProtocol() { return "http/1.1"; }
    @Override public SSLSessionInfo getSslSessionInfo() { return null; }
    @Override public void setSslSessionInfo(SSLSessionInfo info) { }
    @Override public void addCloseListener(CloseListener listener) { }
    @Override public boolean isContinueResponseSupported() { return false; }
    @Override public boolean supportsOption(Option<?> option) { return false; }
    @Override public <T> T getOption(Option<T> option) { return null; }
    @Override public <T> T setOption(Option<T> option, T value) { return null; }
    @Override public void close() { }
    @Override public boolean isRequestTrailerFieldsSupported() { return false; }
    @Override protected boolean isUpgradeSupported() { return false; }
    @Override protected boolean isConnectSupported() { return false; }
    @Override protected void exchangeComplete(HttpServerExchange exchange) { }
    @Override protected void maxEntitySizeUpdated(HttpServerExchange exchange) { }

    @Override public org.xnio.ChannelListener.Setter<? extends ServerConnection> getCloseSetter() { throw network(); }
    @Override public Pool<ByteBuffer> getBufferPool() { throw network(); }
    @Override public ByteBufferPool getByteBufferPool() { throw network(); }
    @Override public XnioWorker getWorker() { throw network(); }
    @Override public HttpServerExchange sendOutOfBandResponse(HttpServerExchange exchange) { throw network(); }
    @Override public void terminateRequestChannel(HttpServerExchange exchange) { throw network(); }
    @Override protected StreamConnection upgradeChannel() { throw network(); }
    @Override protected ConduitStreamSinkChannel getSinkChannel() { throw network(); }
    @Override protected ConduitStreamSourceChannel getSourceChannel() { throw network(); }
    @Override protected StreamSinkConduit getSinkConduit(HttpServerExchange exchange, StreamSinkConduit conduit) { throw network(); }
    @Override protected void setUpgradeListener(HttpUpgradeListener listener) { throw network(); }
    @Override protected void setConnectListener(HttpUpgradeListener listener) { throw network(); }

    private static UnsupportedOperationException network() {
        return new UnsupportedOperationException("a benchmark connection has no network side");
    }
}
