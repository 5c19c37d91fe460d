package io.gatehouse.core.proxy;

import io.undertow.client.ClientCallback;
import io.undertow.client.ClientConnection;
import io.undertow.client.ClientExchange;
import io.undertow.client.ClientRequest;
import io.undertow.client.ClientStatistics;
import io.undertow.connector.ByteBufferPool;
import io.undertow.server.HttpServerExchange;
import org.xnio.ChannelListener;
import org.xnio.Option;
import org.xnio.StreamConnection;
import org.xnio.XnioIoThread;
import org.xnio.XnioWorker;

import java.io.IOException;
import java.net.SocketAddress;

/**
 * A pooled connection as ProxyHandler sees it for one request. {@link #sendRequest} is the one place where
 * the outgoing request is complete (ProxyHandler has copied and added its headers), so the final header
 * work happens there, and the response is watched through {@link BackendExchange}.
 */
final class BackendConnection implements ClientConnection {

    private final ClientConnection delegate;
    private final HttpServerExchange exchange;
    private final Backend backend;
    private final ConnectAttempt attempt;

    BackendConnection(ClientConnection delegate, HttpServerExchange exchange, Backend backend, ConnectAttempt attempt) {
        this.delegate = delegate;
        this.exchange = exchange;
        this.backend = backend;
        this.attempt = attempt;
    }

    @Override
    public void sendRequest(ClientRequest request, ClientCallback<ClientExchange> clientCallback) {
        BackendRequestHeaders.prepare(request.getRequestHeaders(), exchange, backend, delegate.isMultiplexingSupported());
        delegate.sendRequest(request, new ClientCallback<>() {
            @Override
            public void completed(ClientExchange result) {
                clientCallback.completed(new BackendExchange(result, exchange, backend, attempt));
            }

            @Override
            public void failed(IOException e) {
                ProxyFailure.record(exchange, ProxyFailure.BACKEND_FAILED);
                attempt.backendFailed();
                clientCallback.failed(e);
            }
        });
    }

    @Override
    public StreamConnection performUpgrade() throws IOException {
        return delegate.performUpgrade();
    }

    @Override
    public ByteBufferPool getBufferPool() {
        return delegate.getBufferPool();
    }

    @Override
    public SocketAddress getPeerAddress() {
        return delegate.getPeerAddress();
    }

    @Override
    public <A extends SocketAddress> A getPeerAddress(Class<A> type) {
        return delegate.getPeerAddress(type);
    }

    @Override
    public ChannelListener.Setter<? extends ClientConnection> getCloseSetter() {
        return delegate.getCloseSetter();
    }

    @Override
    public SocketAddress getLocalAddress() {
        return delegate.getLocalAddress();
    }

    @Override
    public <A extends SocketAddress> A getLocalAddress(Class<A> type) {
        return delegate.getLocalAddress(type);
    }

    @Override
    public XnioWorker getWorker() {
        return delegate.getWorker();
    }

    @Override
    public XnioIoThread getIoThread() {
        return delegate.getIoThread();
    }

    @Override
    public boolean isOpen() {
        return delegate.isOpen();
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }

    @Override
    public boolean supportsOption(Option<?> option) {
        return delegate.supportsOption(option);
    }

    @Override
    public <T> T getOption(Option<T> option) throws IOException {
        return delegate.getOption(option);
    }

    @Override
    public <T> T setOption(Option<T> option, T value) throws IOException {
        return delegate.setOption(option, value);
    }

    @Override
    public boolean isUpgraded() {
        return delegate.isUpgraded();
    }

    @Override
    public boolean isPushSupported() {
        return delegate.isPushSupported();
    }

    @Override
    public boolean isMultiplexingSupported() {
        return delegate.isMultiplexingSupported();
    }

    @Override
    public ClientStatistics getStatistics() {
        return delegate.getStatistics();
    }

    @Override
    public boolean isUpgradeSupported() {
        return delegate.isUpgradeSupported();
    }

    @Override
    public void addCloseListener(ChannelListener<ClientConnection> listener) {
        delegate.addCloseListener(listener);
    }
}
