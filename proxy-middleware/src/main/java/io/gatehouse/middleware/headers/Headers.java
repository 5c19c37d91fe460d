package io.gatehouse.middleware.headers;

import io.gatehouse.core.middleware.Middleware;
import io.undertow.server.ConduitWrapper;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.ConduitFactory;
import org.xnio.conduits.StreamSinkConduit;

/**
 * Traefik's headers middleware: CORS preflights answered by the proxy, custom request headers, the
 * allowed-hosts check, and (on every response, the backend's included) security headers, custom response
 * headers and CORS response headers, in that order, so a custom response header overrides a security one.
 *
 * <p>Response headers are set by a response wrapper built once: Undertow calls it when the response
 * channel is created, after the proxy copied the backend's headers and before anything is written.
 */
public final class Headers implements Middleware {

    private final Cors cors;
    private final HeaderEdits requestEdits;
    private final HeaderEdits responseEdits;
    private final SecurityHeaders security;
    private final ConduitWrapper<StreamSinkConduit> responseHeaders = this::beforeCommit;
    private final boolean editsResponses;

    public Headers(HeadersConfig config) {
        this.cors = new Cors(config);
        this.requestEdits = new HeaderEdits(config.customRequestHeaders());
        this.responseEdits = new HeaderEdits(config.customResponseHeaders());
        this.security = new SecurityHeaders(config);
        this.editsResponses = security.enabled() || !responseEdits.isEmpty() || cors.touchesResponses();
    }

    /** {@code Headers.of(HeadersConfig.builder().frameDeny(true).build())}. */
    public static Headers of(HeadersConfig config) {
        return new Headers(config);
    }

    @Override
    public HttpHandler wrap(HttpHandler next) {
        return exchange -> handle(exchange, next);
    }

    private void handle(HttpServerExchange exchange, HttpHandler next) throws Exception {
        if (cors.answeredPreflight(exchange)) {
            return;
        }
        requestEdits.applyTo(exchange.getRequestHeaders());
        if (editsResponses) {
            exchange.addResponseWrapper(responseHeaders);
        }
        if (security.enabled() && !security.allowsHost(exchange)) {
            return;
        }
        next.handleRequest(exchange);
    }

    private StreamSinkConduit beforeCommit(ConduitFactory<StreamSinkConduit> factory, HttpServerExchange exchange) {
        if (security.enabled()) {
            security.applyToResponse(exchange);
        }
        responseEdits.applyTo(exchange.getResponseHeaders());
        cors.applyToResponse(exchange);
        return factory.create();
    }
}
