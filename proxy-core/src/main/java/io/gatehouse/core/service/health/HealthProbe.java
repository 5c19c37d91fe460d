package io.gatehouse.core.service.health;

import io.gatehouse.core.proxy.BackendTransport;
import io.undertow.client.ClientConnection;
import io.undertow.client.ClientExchange;
import io.undertow.client.ClientRequest;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;

import java.util.Map;

/**
 * One active check of one server in http mode: send the request, read the status, follow redirects when asked.
 * The connection, timeout and verdict are {@link Probe}'s.
 */
final class HealthProbe extends Probe {

    /** Go's client gives up after 10 redirects; so do we. */
    static final int MAX_REDIRECTS = 10;

    private String method;
    private String host;
    private int redirects;

    HealthProbe(HealthCheckSpec spec, BackendTransport transport, HealthWorker worker, CheckTarget target, Verdict verdict) {
        super(spec, transport, worker, target, verdict);
        this.method = spec.method();
        this.host = spec.hostname() != null ? spec.hostname() : target.authority();
    }

    @Override
    boolean http2() {
        return false;
    }

    @Override
    String describe() {
        return method + " " + target.url();
    }

    @Override
    void send(ClientConnection connection) {
        ClientRequest request = new ClientRequest().setMethod(new HttpString(method)).setPath(target.pathAndQuery());
        request.getRequestHeaders().put(Headers.HOST, host);
        for (Map.Entry<String, String> header : spec.headers().entrySet()) {
            request.getRequestHeaders().put(new HttpString(header.getKey()), header.getValue());
        }
        request.getRequestHeaders().put(Headers.CONNECTION, "close");
        exchange(connection, request, null);
    }

    @Override
    void onResponse(ClientExchange exchange) {
        if (finished()) {
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
        dropConnection();
        target = next;
        connect();
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }
}
