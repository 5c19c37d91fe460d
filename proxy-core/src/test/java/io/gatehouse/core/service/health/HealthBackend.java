package io.gatehouse.core.service.health;

import io.gatehouse.core.testing.TestServer;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.SameThreadExecutor;

import javax.net.ssl.SSLContext;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real Undertow backend for health tests. {@code /health} answers {@link #healthStatus} (and records each check);
 * {@code /redirect} answers 302 to {@code /health}; any other path answers {@link #trafficStatus} with the
 * backend's name as body. {@link #hang} makes every request wait forever (accepted, never answered), and
 * {@link #holdTraffic} parks traffic requests until {@link #release}.
 */
final class HealthBackend implements HttpHandler, AutoCloseable {

    /** One health check as the backend received it. */
    record Check(String method, String uri, String host, Map<String, String> headers) {
    }

    final String name;
    final AtomicInteger healthStatus = new AtomicInteger(200);
    final AtomicInteger trafficStatus = new AtomicInteger(200);
    final AtomicInteger traffic = new AtomicInteger();
    volatile boolean hang;
    volatile boolean holdTraffic;
    final List<Check> checks = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<HttpServerExchange> parked = new ConcurrentLinkedQueue<>();
    private final TestServer server;

    private HealthBackend(String name, SSLContext tls) {
        this.name = name;
        this.server = tls == null ? TestServer.http(this) : TestServer.https(this, tls, false, false);
    }

    static HealthBackend http(String name) {
        return new HealthBackend(name, null);
    }

    static HealthBackend https(String name, SSLContext tls) {
        return new HealthBackend(name, tls);
    }

    String url() {
        return server.url();
    }

    int port() {
        return server.port();
    }

    int checkCount() {
        return checks.size();
    }

    Check lastCheck() {
        return checks.get(checks.size() - 1);
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        String path = exchange.getRequestPath();
        if (hang) {
            park(exchange);
            return;
        }
        if (path.equals("/health") || path.endsWith("/health")) {
            Map<String, String> headers = new ConcurrentHashMap<>();
            for (HeaderValues values : exchange.getRequestHeaders()) {
                headers.put(values.getHeaderName().toString().toLowerCase(Locale.ROOT), values.getFirst());
            }
            String query = exchange.getQueryString();
            checks.add(new Check(exchange.getRequestMethod().toString(),
                    exchange.getRequestURI() + (query.isEmpty() ? "" : "?" + query),
                    exchange.getRequestHeaders().getFirst(Headers.HOST), headers));
            exchange.setStatusCode(healthStatus.get());
            exchange.endExchange();
            return;
        }
        if (path.equals("/redirect")) {
            exchange.setStatusCode(302);
            exchange.getResponseHeaders().put(Headers.LOCATION, "/health");
            exchange.endExchange();
            return;
        }
        traffic.incrementAndGet();
        if (holdTraffic) {
            park(exchange);
            return;
        }
        exchange.setStatusCode(trafficStatus.get());
        exchange.getResponseSender().send(name);
    }

    private void park(HttpServerExchange exchange) {
        // dispatched without a task that ends it: the exchange stays open until release()
        exchange.dispatch(SameThreadExecutor.INSTANCE, () -> parked.add(exchange));
    }

    /** Answers every parked request with {@code status}. */
    void release(int status) {
        HttpServerExchange exchange;
        while ((exchange = parked.poll()) != null) {
            HttpServerExchange e = exchange;
            e.getIoThread().execute(() -> {
                if (!e.isComplete()) {
                    e.setStatusCode(status);
                    e.getResponseSender().send(name);
                }
            });
        }
    }

    int parkedCount() {
        return parked.size();
    }

    @Override
    public void close() {
        hang = false;
        holdTraffic = false;
        release(503);
        server.close();
    }
}
