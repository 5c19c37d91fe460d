package io.gatehouse.core.service.health;

import io.gatehouse.core.proxy.BackendTransport;
import io.undertow.client.ClientCallback;
import io.undertow.client.ClientConnection;
import io.undertow.client.ClientExchange;
import io.undertow.client.ClientRequest;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import org.xnio.IoUtils;
import org.xnio.XnioExecutor;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One active check of one server: connect, send the request, read the status, follow redirects when asked, all
 * within the timeout. Non-blocking; every callback runs on the {@link HealthWorker} thread.
 */
final class HealthProbe implements ClientCallback<ClientConnection> {

    /** Hears the verdict, once. */
    interface Verdict {
        void done(boolean up, String why);
    }

    /** Go's client gives up after 10 redirects; so do we. */
    static final int MAX_REDIRECTS = 10;

    private final HealthCheckSpec spec;
    private final BackendTransport transport;
    private final HealthWorker worker;
    private final Verdict verdict;
    private CheckTarget target;
    private String method;
    private String host;
    private int redirects;
    private ClientConnection connection;
    private XnioExecutor.Key timer;
    private boolean finished;

    HealthProbe(HealthCheckSpec spec, BackendTransport transport, HealthWorker worker, CheckTarget target, Verdict verdict) {
        this.spec = spec;
        this.transport = transport;
        this.worker = worker;
        this.target = target;
        this.verdict = verdict;
        this.method = spec.method();
        this.host = spec.hostname() != null ? spec.hostname() : target.authority();
    }

    void start() {
        timer = worker.thread.executeAfter(() -> {
            timer = null;
            finish(false, "timed out after " + spec.timeout());
        }, Math.max(1, spec.timeoutNanos() / 1_000_000), TimeUnit.MILLISECONDS);
        connect();
    }

    /** The service was closed: stop without a verdict. */
    void abort() {
        finished = true;
        cleanUp();
    }

    private void connect() {
        try {
            transport.connectForCheck(target.connect(), worker.thread, worker.buffers, this);
        } catch (RuntimeException e) {
            finish(false, "cannot connect: " + e);
        }
    }

    @Override
    public void completed(ClientConnection result) {
        if (finished) {
            IoUtils.safeClose(result);
            return;
        }
        connection = result;
        ClientRequest request = new ClientRequest().setMethod(new HttpString(method)).setPath(target.pathAndQuery());
        request.getRequestHeaders().put(Headers.HOST, host);
        for (Map.Entry<String, String> header : spec.headers().entrySet()) {
            request.getRequestHeaders().put(new HttpString(header.getKey()), header.getValue());
        }
        request.getRequestHeaders().put(Headers.CONNECTION, "close");
        try {
            result.sendRequest(request, new ClientCallback<>() {
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
                }

                @Override
                public void failed(IOException e) {
                    finish(false, "the request could not be sent: " + message(e));
                }
            });
        } catch (RuntimeException e) {
            finish(false, "the request could not be sent: " + e);
        }
    }

    @Override
    public void failed(IOException e) {
        finish(false, "cannot connect: " + message(e));
    }

    private void onResponse(ClientExchange exchange) {
        if (finished) {
            return;
        }
        int status = exchange.getResponse().getResponseCode();
        String location = exchange.getResponse().getResponseHeaders().getFirst(Headers.LOCATION);
        if (spec.followRedirects() && isRedirect(status) && location != null) {
            follow(status, location);
            return;
        }
        if (spec.status() == 0 ? status >= 200 && status < 400 : status == spec.status()) {
            finish(true, "answered " + status);
        } else {
            finish(false, "answered " + status + ", expected "
                    + (spec.status() == 0 ? "2xx or 3xx" : String.valueOf(spec.status())));
        }
    }

    private void follow(int status, String location) {
        if (++redirects > MAX_REDIRECTS) {
            finish(false, "stopped after " + MAX_REDIRECTS + " redirects");
            return;
        }
        CheckTarget next = CheckTarget.redirect(target.url(), location);
        if (next == null) {
            finish(false, "answered " + status + " with a Location that is not an http(s) URL: " + location);
            return;
        }
        // As Go's client: 301, 302 and 303 turn other methods than GET and HEAD into GET; 307 and 308 keep it.
        if (status <= 303 && !method.equals("GET") && !method.equals("HEAD")) {
            method = "GET";
        }
        // The configured hostname is kept while the redirect stays on the same host.
        if (!next.url().getHost().equalsIgnoreCase(target.url().getHost()) || spec.hostname() == null) {
            host = next.authority();
        }
        ClientConnection done = connection;
        connection = null;
        worker.thread.execute(() -> IoUtils.safeClose(done));
        target = next;
        connect();
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private void finish(boolean up, String why) {
        if (finished) {
            return;
        }
        finished = true;
        cleanUp();
        verdict.done(up, up ? why : "health check " + method + " " + target.url() + " " + why);
    }

    private void cleanUp() {
        if (timer != null) {
            timer.remove();
            timer = null;
        }
        if (connection != null) {
            // closed once the client's own callbacks have returned: closing under its read listener breaks it
            ClientConnection done = connection;
            connection = null;
            worker.thread.execute(() -> IoUtils.safeClose(done));
        }
    }

    private static String message(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
