package io.gatehouse.core.proxy;

import io.undertow.client.ClientCallback;
import io.undertow.client.ClientConnection;
import io.undertow.client.ClientExchange;
import io.undertow.client.ClientRequest;
import io.undertow.client.ClientResponse;
import io.undertow.client.ContinueNotification;
import io.undertow.client.PushCallback;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.AttachmentList;
import org.xnio.IoUtils;
import org.xnio.XnioExecutor;
import org.xnio.channels.StreamSinkChannel;
import org.xnio.channels.StreamSourceChannel;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One request/response with a server as ProxyHandler sees it. Interposes on the response listener to strip
 * the server's hop-by-hop headers before ProxyHandler copies them, to record failures, to enforce
 * responseHeaderTimeout, and to let a {@link ResponseVeto} take the response back. Every callback runs on the exchange's IO thread.
 */
final class BackendExchange implements ClientExchange, ClientCallback<ClientExchange>, Runnable {

    private final ClientExchange delegate;
    private final HttpServerExchange exchange;
    private final Backend backend;
    private final ConnectAttempt attempt;
    private ClientCallback<ClientExchange> proxyListener;
    private XnioExecutor.Key timer;
    private boolean timedOut;
    private boolean rejected;

    BackendExchange(ClientExchange delegate, HttpServerExchange exchange, Backend backend, ConnectAttempt attempt) {
        this.delegate = delegate;
        this.exchange = exchange;
        this.backend = backend;
        this.attempt = attempt;
    }

    @Override
    public void setResponseListener(ClientCallback<ClientExchange> responseListener) {
        this.proxyListener = responseListener;
        long timeout = backend.responseHeaderTimeoutMillis();
        if (timeout > 0) {
            if (!exchange.isRequestComplete()) {
                exchange.putAttachment(RequestBodyEnd.WAITING, this); // re-armed when the body has been read
            }
            timer = exchange.getIoThread().executeAfter(this, timeout, TimeUnit.MILLISECONDS);
        }
        delegate.setResponseListener(this);
    }

    /** The request body has been read completely: responseHeaderTimeout counts from now. */
    void requestSent() {
        if (timer != null) {
            timer.remove();
            timer = exchange.getIoThread().executeAfter(this, backend.responseHeaderTimeoutMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** The server's response headers arrived. */
    @Override
    public void completed(ClientExchange result) {
        if (timedOut) {
            IoUtils.safeClose(result.getConnection());
            return;
        }
        cancelTimer();
        ClientResponse response = result.getResponse();
        if (!ResponseFraming.normalize(response.getResponseHeaders())) {
            // RFC 9112 6.3: the body's length is unknowable; never relay it, and the connection is out of sync
            rejected = true;
            ProxyFailure.record(exchange, ProxyFailure.INVALID_RESPONSE);
            attempt.backendFailed();
            IoUtils.safeClose(result.getConnection());
            proxyListener.failed(new IOException("invalid Content-Length in the server's response"));
            return;
        }
        ResponseVeto veto = VetoedResponse.consult(exchange, result);
        if (veto != null) {
            // Discarded before ProxyHandler relays anything. Closing the connection fails this exchange: that
            // failure must not reach ProxyHandler, which would end (or cut) the client exchange.
            rejected = true;
            VetoedResponse.discard(exchange, result);
            veto.vetoed(exchange, response.getResponseCode());
            return;
        }
        HopByHopHeaders.stripResponse(response.getResponseHeaders(), response.getResponseCode());
        ResponseHeadersListener listener = exchange.getAttachment(ResponseHeadersListener.KEY);
        if (listener != null) {
            listener.responseHeaders(exchange);
        }
        proxyListener.completed(this);
    }

    @Override
    public void failed(IOException e) {
        if (timedOut || rejected) {
            return;
        }
        cancelTimer();
        ProxyFailure.record(exchange, ProxyFailure.BACKEND_FAILED);
        attempt.backendFailed();
        proxyListener.failed(e);
    }

    /**
     * responseHeaderTimeout: counted once the request body has been read completely (Go's semantics, see
     * {@link RequestBodyEnd}); while the client is still uploading the timer is re-armed.
     */
    @Override
    public void run() {
        timer = null;
        if (!exchange.isRequestComplete()) {
            timer = exchange.getIoThread().executeAfter(this, backend.responseHeaderTimeoutMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        timedOut = true;
        ProxyFailure.record(exchange, ProxyFailure.RESPONSE_HEADER_TIMEOUT);
        attempt.backendFailed();
        IoUtils.safeClose(delegate.getConnection());
        proxyListener.failed(new IOException("response header timeout"));
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.remove();
            timer = null;
        }
    }

    @Override
    public void setContinueHandler(ContinueNotification continueHandler) {
        delegate.setContinueHandler(continueHandler);
    }

    @Override
    public void setPushHandler(PushCallback pushCallback) {
        delegate.setPushHandler(pushCallback);
    }

    @Override
    public StreamSinkChannel getRequestChannel() {
        return delegate.getRequestChannel();
    }

    @Override
    public StreamSourceChannel getResponseChannel() {
        return delegate.getResponseChannel();
    }

    @Override
    public ClientRequest getRequest() {
        return delegate.getRequest();
    }

    @Override
    public ClientResponse getResponse() {
        return delegate.getResponse();
    }

    @Override
    public ClientResponse getContinueResponse() {
        return delegate.getContinueResponse();
    }

    @Override
    public ClientConnection getConnection() {
        return delegate.getConnection();
    }

    @Override
    public <T> T getAttachment(AttachmentKey<T> key) {
        return delegate.getAttachment(key);
    }

    @Override
    public <T> List<T> getAttachmentList(AttachmentKey<? extends List<T>> key) {
        return delegate.getAttachmentList(key);
    }

    @Override
    public <T> T putAttachment(AttachmentKey<T> key, T value) {
        return delegate.putAttachment(key, value);
    }

    @Override
    public <T> T removeAttachment(AttachmentKey<T> key) {
        return delegate.removeAttachment(key);
    }

    @Override
    public <T> void addToAttachmentList(AttachmentKey<AttachmentList<T>> key, T value) {
        delegate.addToAttachmentList(key, value);
    }
}
