package io.gatehouse.core.service.health;

import io.gatehouse.core.proxy.BackendTransport;
import io.undertow.client.ClientCallback;
import io.undertow.client.ClientConnection;
import io.undertow.client.ClientExchange;
import io.undertow.client.ClientRequest;
import org.xnio.IoUtils;
import org.xnio.XnioExecutor;
import org.xnio.channels.StreamSinkChannel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * What every kind of active check shares: one verdict, given once, within the timeout; a fresh connection per
 * check, closed when it ends; every callback on the {@link HealthWorker} thread. Subclasses build their request
 * ({@link #send}, through {@link #exchange}), judge the response ({@link #onResponse}) and call {@link #finish}.
 */
abstract class Probe implements ClientCallback<ClientConnection> {

    /** Hears the verdict, once. */
    interface Verdict {
        void done(boolean up, String why);
    }

    final HealthCheckSpec spec;
    final HealthWorker worker;
    private final BackendTransport transport;
    private final Verdict verdict;
    CheckTarget target;
    private ClientConnection connection;
    private XnioExecutor.Key timer;
    private boolean finished;

    Probe(HealthCheckSpec spec, BackendTransport transport, HealthWorker worker, CheckTarget target, Verdict verdict) {
        this.spec = spec;
        this.transport = transport;
        this.worker = worker;
        this.target = target;
        this.verdict = verdict;
    }

    /** The probe of {@code spec}'s mode. */
    static Probe of(HealthCheckSpec spec, BackendTransport transport, HealthWorker worker, CheckTarget target,
                    Verdict verdict) {
        return spec.grpc() ? new GrpcHealthProbe(spec, transport, worker, target, verdict)
                : new HealthProbe(spec, transport, worker, target, verdict);
    }

    final void start() {
        timer = worker.thread.executeAfter(() -> {
            timer = null;
            finish(false, "timed out after " + spec.timeout());
        }, Math.max(1, spec.timeoutNanos() / 1_000_000), TimeUnit.MILLISECONDS);
        connect();
    }

    /** The service was closed: stop without a verdict. */
    final void abort() {
        finished = true;
        cleanUp();
    }

    /** Whether the connection must offer HTTP/2 over TLS (ALPN h2). */
    abstract boolean http2();

    /** Sends the check's request on a fresh connection. */
    abstract void send(ClientConnection connection);

    /** What the verdict's message says was checked, e.g. {@code GET http://10.0.0.5:8080/health}. */
    abstract String describe();

    /** Judges the response to the request sent by {@link #exchange}. */
    abstract void onResponse(ClientExchange exchange);

    /**
     * Sends {@code request} with {@code body} (null: none); the response goes to {@link #onResponse}, a failure
     * finishes the check.
     */
    final void exchange(ClientConnection connection, ClientRequest request, ByteBuffer body) {
        connection.sendRequest(request, new ClientCallback<>() {
            @Override
            public void completed(ClientExchange exchange) {
                exchange.setResponseListener(new ClientCallback<>() {
                    @Override
                    public void completed(ClientExchange response) {
                        onResponse(response);
                    }

                    @Override
                    public void failed(IOException e) {
                        finish(false, "no response: " + message(e));
                    }
                });
                if (body != null) {
                    write(exchange.getRequestChannel(), body);
                }
            }

            @Override
            public void failed(IOException e) {
                finish(false, "the request could not be sent: " + message(e));
            }
        });
    }

    private void write(StreamSinkChannel channel, ByteBuffer body) {
        if (finished) {
            channel.suspendWrites(); // else a resumed channel calls back forever
            return;
        }
        try {
            while (body.hasRemaining()) {
                if (channel.write(body) == 0) {
                    channel.getWriteSetter().set(c -> write(channel, body));
                    channel.resumeWrites();
                    return;
                }
            }
            channel.shutdownWrites();
            if (channel.flush()) {
                channel.suspendWrites();
            } else {
                channel.getWriteSetter().set(c -> write(channel, body));
                channel.resumeWrites();
            }
        } catch (IOException e) {
            channel.suspendWrites();
            finish(false, "the request could not be sent: " + message(e));
        }
    }

    final boolean finished() {
        return finished;
    }

    final void connect() {
        try {
            transport.connectForCheck(target.connect(), http2(), worker.thread, worker.buffers, this);
        } catch (RuntimeException e) {
            finish(false, "cannot connect: " + e);
        }
    }

    @Override
    public final void completed(ClientConnection result) {
        if (finished) {
            IoUtils.safeClose(result);
            return;
        }
        connection = result;
        try {
            send(result);
        } catch (RuntimeException e) {
            finish(false, "the request could not be sent: " + e);
        }
    }

    @Override
    public final void failed(IOException e) {
        finish(false, "cannot connect: " + message(e));
    }

    /** Closes the current connection (before a redirect opens the next one). */
    final void dropConnection() {
        if (connection != null) {
            // closed once the client's own callbacks have returned: closing under its read listener breaks it
            ClientConnection done = connection;
            connection = null;
            worker.thread.execute(() -> IoUtils.safeClose(done));
        }
    }

    final void finish(boolean up, String why) {
        if (finished) {
            return;
        }
        finished = true;
        cleanUp();
        verdict.done(up, up ? why : "health check " + describe() + " " + why);
    }

    private void cleanUp() {
        if (timer != null) {
            timer.remove();
            timer = null;
        }
        dropConnection();
    }

    static String message(IOException e) {
        if (e instanceof java.nio.channels.ClosedChannelException) {
            // how Undertow's client reports a peer that hung up, e.g. an HTTP/1.1 server sent HTTP/2's preface
            return "the connection was closed";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
