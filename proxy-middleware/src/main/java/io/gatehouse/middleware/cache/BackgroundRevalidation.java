package io.gatehouse.middleware.cache;

import io.gatehouse.middleware.support.PipeRequest;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.StatusCodes;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * stale-while-revalidate (RFC 5861 3) done in the background: the client that found the stale response gets it at
 * once, and this sends the cache's own conditional request for it. One per key at a time: it holds the key's
 * {@link Flight}, so requests that cannot take the stale response wait for it as for any fetch, and requests that
 * can do not start another one.
 * <p>
 * How the request reaches the service without a client exchange: the cache's {@code next} (the rest of the chain and
 * the service) only handles an {@link HttpServerExchange}, and Undertow makes those only from a connection. So the
 * request goes over an in-memory XNIO pipe into Undertow's own HTTP/1.1 server whose root handler is {@code next}
 * ({@link PipeRequest}, as the errors middleware fetches its pages). This keeps everything that is behind the cache
 * in the path (later middlewares, load balancing, health, timeouts, the server's transport and TLS) without a
 * second HTTP client or knowing any server's address, and nothing blocks. The pipe's exchange is given the client's
 * request target (the router's forwarded form), scheme and address, and the client's headers without its
 * conditionals, so the server sees what a foreground revalidation would send.
 */
final class BackgroundRevalidation {

    /** Request headers not copied: hop-by-hop and framing ones, and the client's own conditionals and directives. */
    private static final Set<HttpString> NOT_COPIED = Set.of(Headers.CONNECTION, Headers.KEEP_ALIVE, Headers.TE,
            Headers.TRANSFER_ENCODING, Headers.CONTENT_LENGTH, Headers.UPGRADE, Headers.EXPECT, Headers.TRAILER,
            Headers.PROXY_AUTHORIZATION, Headers.IF_NONE_MATCH, Headers.IF_MODIFIED_SINCE, Headers.IF_MATCH,
            Headers.IF_UNMODIFIED_SINCE, Headers.IF_RANGE, Headers.RANGE, Headers.CACHE_CONTROL, Headers.PRAGMA);
    /** Room for the response head on top of the largest body stored. */
    private static final long HEAD_ROOM = 64 * 1024;

    private final HttpCache cache;
    private final CacheHandler handler;
    private final String key;
    private final StoredResponse stale;
    private final Flight flight;
    private final HeaderMap requestHeaders;
    private final boolean conditional;
    private long requestTime;

    private BackgroundRevalidation(HttpCache cache, CacheHandler handler, String key, StoredResponse stale, Flight flight,
                                   HeaderMap requestHeaders) {
        this.cache = cache;
        this.handler = handler;
        this.key = key;
        this.stale = stale;
        this.flight = flight;
        this.requestHeaders = requestHeaders;
        this.conditional = stale.hasValidators();
    }

    /** Starts revalidating {@code stale} for the request {@code exchange} stands for; ends {@code flight} when done. */
    static void start(HttpCache cache, CacheHandler handler, HttpHandler next, HttpServerExchange exchange, String key,
                      StoredResponse stale, Flight flight) {
        HeaderMap headers = new HeaderMap();
        for (HeaderValues values : exchange.getRequestHeaders()) {
            if (!NOT_COPIED.contains(values.getHeaderName())) {
                headers.addAll(values.getHeaderName(), values);
            }
        }
        BackgroundRevalidation revalidation = new BackgroundRevalidation(cache, handler, key, stale, flight, headers);
        String uri = exchange.getRequestURI();
        String path = exchange.getRequestPath();
        String relative = exchange.getRelativePath();
        String query = exchange.getQueryString();
        String scheme = exchange.getRequestScheme();
        InetSocketAddress source = exchange.getSourceAddress();
        HttpHandler asTheClient = ex -> {
            ex.setRequestScheme(scheme);
            ex.setSourceAddress(source);
            ex.setRequestURI(uri);
            ex.setRequestPath(path);
            ex.setRelativePath(relative);
            ex.setQueryString(query);
            next.handleRequest(ex);
        };
        byte[] request = revalidation.request(uri, query, exchange.getHostAndPort());
        revalidation.requestTime = cache.clock.millis();
        try {
            PipeRequest.send(exchange.getConnection().getWorker(), exchange.getConnection().getByteBufferPool(),
                    asTheClient, request, cache.config.maxEntryBytes() + HEAD_ROOM, revalidation::answered);
        } catch (RuntimeException e) {
            revalidation.answered(null);
        }
    }

    private byte[] request(String uri, String query, String hostAndPort) {
        StringBuilder head = new StringBuilder(256).append("GET ").append(uri);
        if (!query.isEmpty()) {
            head.append('?').append(query);
        }
        head.append(" HTTP/1.1\r\n");
        if (!requestHeaders.contains(Headers.HOST)) {
            head.append("Host: ").append(hostAndPort).append("\r\n");
        }
        for (HeaderValues values : requestHeaders) {
            for (String value : values) {
                head.append(values.getHeaderName()).append(": ").append(value).append("\r\n");
            }
        }
        if (stale.etag != null) {
            head.append("If-None-Match: ").append(stale.etag).append("\r\n");
        }
        if (stale.lastModified != null) {
            head.append("If-Modified-Since: ").append(stale.lastModified).append("\r\n");
        }
        return head.append("Connection: close\r\n\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * On the pipe's IO thread: a 304 refreshes the stored response, a storable response replaces it, a response
     * below 500 that may not be stored drops it (as in the foreground); a failure or a 5xx keeps the stale one.
     */
    private void answered(PipeRequest.Response response) {
        try {
            if (response == null || response.status() >= 500) {
                return;
            }
            long now = cache.clock.millis();
            HttpString[] names = endToEndNames(response.headers());
            String[] values = endToEndValues(response.headers());
            if (response.status() == StatusCodes.NOT_MODIFIED) {
                if (!conditional) {
                    return;
                }
                StoredResponse refreshed = stale.refreshed(names, values, requestTime, now, requestHeaders, cache.freshness);
                if (!response.headers().contains(Headers.SET_COOKIE) && !refreshed.cc.noStore() && !refreshed.cc.isPrivate()) {
                    cache.store.put(key, refreshed);
                }
                return;
            }
            String refusal = Fetch.refusal(CacheControl.NONE, response.status(), requestHeaders, response.headers());
            StoredResponse replacement = null;
            if (refusal == null) {
                replacement = StoredResponse.of(response.status(), names, values, ByteBuffer.wrap(response.body()),
                        requestTime, now, requestHeaders, cache.freshness);
                if (replacement.lifetime <= 0 && !replacement.hasValidators()) {
                    refusal = "not-fresh";
                } else if (response.body().length > cache.config.maxEntryBytes()) {
                    refusal = "too-large";
                }
            }
            if (refusal == null) {
                cache.store.put(key, replacement);
            } else if (Fetch.supersedes(response.status(), refusal)) {
                cache.store.invalidate(key);
            }
        } finally {
            handler.endFlight(key, flight);
        }
    }

    private static boolean endToEnd(HttpString name) {
        return !name.equals(Headers.CONTENT_LENGTH) && !name.equals(Headers.TRANSFER_ENCODING)
                && !name.equals(Headers.CONNECTION) && !name.equals(Headers.KEEP_ALIVE);
    }

    private static HttpString[] endToEndNames(HeaderMap headers) {
        List<HttpString> names = new ArrayList<>();
        for (HeaderValues values : headers) {
            if (endToEnd(values.getHeaderName())) {
                for (int i = 0; i < values.size(); i++) {
                    names.add(values.getHeaderName());
                }
            }
        }
        return names.toArray(new HttpString[0]);
    }

    private static String[] endToEndValues(HeaderMap headers) {
        List<String> out = new ArrayList<>();
        for (HeaderValues values : headers) {
            if (endToEnd(values.getHeaderName())) {
                out.addAll(values);
            }
        }
        return out.toArray(new String[0]);
    }
}
