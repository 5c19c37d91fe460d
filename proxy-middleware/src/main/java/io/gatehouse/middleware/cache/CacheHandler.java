package io.gatehouse.middleware.cache;

import io.undertow.server.Connectors;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.DateUtils;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import io.undertow.util.SameThreadExecutor;
import io.undertow.util.StatusCodes;

import java.util.Date;

/**
 * The request side of the cache: answers from the store when RFC 9111 allows, otherwise forwards (possibly as a
 * conditional request, possibly after waiting for another request's fetch of the same URI) with a {@link Fetch}
 * watching the response. A fresh hit is a lock-free map read and a write of precomputed headers and a duplicated
 * read-only body buffer.
 */
final class CacheHandler implements HttpHandler {

    static final HttpString CACHE_STATUS = HttpString.tryFromString("Cache-Status");
    private static final AttachmentKey<Boolean> WAITED = AttachmentKey.create(Boolean.class);

    private final HttpCache cache;
    private final HttpHandler next;
    private final String onlyIfCachedStatus;
    private final String methodStatus;

    CacheHandler(HttpCache cache, HttpHandler next) {
        this.cache = cache;
        this.next = next;
        this.onlyIfCachedStatus = cache.statusPrefix + "fwd=miss; detail=only-if-cached";
        this.methodStatus = cache.statusPrefix + "fwd=method";
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        HttpString method = exchange.getRequestMethod();
        boolean head = method.equals(Methods.HEAD);
        if (!head && !method.equals(Methods.GET)) {
            if (!method.equals(Methods.OPTIONS) && !method.equals(Methods.TRACE)) {
                exchange.addResponseWrapper(new Invalidation(cache, CacheKey.of(exchange), methodStatus));
            }
            next.handleRequest(exchange);
            return;
        }
        HeaderMap request = exchange.getRequestHeaders();
        CacheControl reqCc = requestDirectives(request);
        String key = CacheKey.of(exchange);
        Variants variants = cache.store.get(key);
        StoredResponse stored = variants == null ? null : variants.select(request);
        if (stored != null && !stored.authorizedUse && request.contains(Headers.AUTHORIZATION)) {
            stored = null; // RFC 9111 3.5: not shared with an authenticated request unless the response says so
        }
        long now = cache.clock.millis();
        if (stored != null && !reqCc.noCache()) {
            long ttl = stored.ttl(now);
            if (isFresh(stored, ttl, now, reqCc)) {
                serve(exchange, stored, now, cache.statusPrefix + "hit; ttl=" + ttl / 1000, head);
                return;
            }
            long staleness = -ttl;
            if (stored.mayServeStale()) {
                if (reqCc.maxStale() >= 0 && staleness <= reqCc.maxStale() * 1000
                        && (reqCc.maxAge() < 0 || stored.ageSeconds(now) <= reqCc.maxAge())) {
                    serve(exchange, stored, now, cache.statusPrefix + "hit; ttl=" + ttl / 1000 + "; detail=max-stale", head);
                    return;
                }
                if (stored.cc.staleWhileRevalidate() >= 0 && staleness <= stored.cc.staleWhileRevalidate() * 1000
                        && reqCc.maxAge() < 0 && reqCc.minFresh() < 0) {
                    // answered at once with the stale copy; the first such request starts the revalidation
                    revalidateInBackground(exchange, key, stored);
                    serve(exchange, stored, now, cache.statusPrefix + "hit; ttl=" + ttl / 1000
                            + "; detail=stale-while-revalidate", head);
                    return;
                }
            }
            if (reqCc.onlyIfCached()) {
                gatewayTimeout(exchange);
                return;
            }
            forward(exchange, key, stored, reqCc, "stale", head);
            return;
        }
        if (reqCc.onlyIfCached()) {
            gatewayTimeout(exchange); // RFC 9111 5.2.1.7
            return;
        }
        String reason = stored != null ? "request" : variants == null ? "uri-miss" : "vary-miss";
        forward(exchange, key, stored, reqCc, reason, head);
    }

    private void forward(HttpServerExchange exchange, String key, StoredResponse candidate, CacheControl reqCc,
                         String reason, boolean head) throws Exception {
        Flight flight = null;
        if (!head && !reqCc.noStore() && cache.config.maxWaiters() > 0 && exchange.getAttachment(WAITED) == null) {
            Flight mine = new Flight(cache.config.maxWaiters());
            Flight running = cache.inFlight.putIfAbsent(key, mine);
            if (running == null) {
                flight = mine;
            } else if (!reqCc.noCache() && !running.isDone()) {
                // (a no-cache request must reach the server itself: it does not wait for an earlier fetch)
                park(exchange, running);
                return;
            }
        }
        HeaderMap request = exchange.getRequestHeaders();
        boolean conditional = false;
        if (candidate != null && !head && candidate.hasValidators() && !hasClientConditionals(request)) {
            if (candidate.etag != null) {
                request.put(Headers.IF_NONE_MATCH, candidate.etag);
            }
            if (candidate.lastModified != null) {
                request.put(Headers.IF_MODIFIED_SINCE, candidate.lastModified);
            }
            conditional = true;
        }
        Fetch fetch = new Fetch(cache, this, exchange, key, cache.clock.millis(), reqCc, candidate, conditional,
                flight, reason, head);
        exchange.addResponseWrapper(fetch);
        exchange.addExchangeCompleteListener(fetch);
        next.handleRequest(exchange);
    }

    /** Starts a background revalidation of {@code stale}, unless a fetch of the key is running already. */
    private void revalidateInBackground(HttpServerExchange exchange, String key, StoredResponse stale) {
        Flight mine = new Flight(cache.config.maxWaiters());
        if (cache.inFlight.putIfAbsent(key, mine) == null) {
            BackgroundRevalidation.start(cache, this, next, exchange, key, stale, mine);
        }
    }

    /** Waits, without a thread, for the running fetch of the same URI; then looks the cache up once more. */
    private void park(HttpServerExchange exchange, Flight running) {
        exchange.putAttachment(WAITED, Boolean.TRUE);
        exchange.dispatch(SameThreadExecutor.INSTANCE, () -> {
            if (!running.await(exchange)) {
                resume(exchange);
            }
        });
    }

    /** Runs this handler again for a parked exchange, on its IO thread. */
    void resume(HttpServerExchange exchange) {
        exchange.getIoThread().execute(() -> {
            if (!exchange.isComplete()) { // the client may have gone while it waited
                Connectors.executeRootHandler(this, exchange);
            }
        });
    }

    void endFlight(String key, Flight flight) {
        if (flight != null) {
            cache.inFlight.remove(key, flight);
            flight.end(this::resume);
        }
    }

    static boolean isFresh(StoredResponse stored, long ttl, long now, CacheControl reqCc) {
        if (ttl <= 0 || stored.cc.noCache()) {
            return false;
        }
        if (reqCc.maxAge() >= 0 && stored.ageSeconds(now) > reqCc.maxAge()) {
            return false;
        }
        return reqCc.minFresh() < 0 || ttl >= reqCc.minFresh() * 1000;
    }

    /** Writes a stored response; answers the client's own validators with 304 (RFC 9111 4.3.2). */
    static void serve(HttpServerExchange exchange, StoredResponse stored, long now, String cacheStatus, boolean head) {
        boolean notModified = stored.status == StatusCodes.OK && notModified(exchange.getRequestHeaders(), stored);
        exchange.setStatusCode(notModified ? StatusCodes.NOT_MODIFIED : stored.status);
        HeaderMap headers = exchange.getResponseHeaders();
        writeHeaders(headers, stored, now, cacheStatus);
        if (notModified || stored.status == StatusCodes.NO_CONTENT) {
            headers.remove(Headers.CONTENT_LENGTH);
            exchange.endExchange();
            return;
        }
        headers.put(Headers.CONTENT_LENGTH, stored.contentLength);
        if (head) {
            exchange.endExchange();
        } else {
            exchange.getResponseSender().send(stored.body.duplicate());
        }
    }

    static void writeHeaders(HeaderMap headers, StoredResponse stored, long now, String cacheStatus) {
        HttpString[] names = stored.headerNames;
        String[] values = stored.headerValues;
        for (int i = 0; i < names.length; i++) {
            headers.add(names[i], values[i]);
        }
        headers.put(Headers.AGE, Long.toString(stored.ageSeconds(now)));
        headers.add(CACHE_STATUS, cacheStatus);
    }

    private static boolean notModified(HeaderMap request, StoredResponse stored) {
        HeaderValues inm = request.get(Headers.IF_NONE_MATCH);
        if (inm != null && !inm.isEmpty()) {
            if (stored.etag == null) {
                return false;
            }
            String mine = weak(stored.etag);
            for (String value : inm) {
                for (String tag : value.split(",")) {
                    String t = tag.trim();
                    if (t.equals("*") || weak(t).equals(mine)) {
                        return true;
                    }
                }
            }
            return false;
        }
        String ims = request.getFirst(Headers.IF_MODIFIED_SINCE);
        if (ims != null && stored.lastModifiedMillis >= 0) {
            Date since = DateUtils.parseDate(ims);
            return since != null && stored.lastModifiedMillis <= since.getTime();
        }
        return false;
    }

    private static String weak(String tag) {
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }

    private static boolean hasClientConditionals(HeaderMap request) {
        return request.contains(Headers.IF_NONE_MATCH) || request.contains(Headers.IF_MODIFIED_SINCE)
                || request.contains(Headers.IF_MATCH) || request.contains(Headers.IF_UNMODIFIED_SINCE)
                || request.contains(Headers.IF_RANGE) || request.contains(Headers.RANGE);
    }

    /** Cache-Control, or HTTP/1.0's {@code Pragma: no-cache} when there is no Cache-Control (RFC 9111 5.4). */
    private static CacheControl requestDirectives(HeaderMap request) {
        HeaderValues cc = request.get(Headers.CACHE_CONTROL);
        if (cc != null && !cc.isEmpty()) {
            return CacheControl.parse(cc);
        }
        HeaderValues pragma = request.get(Headers.PRAGMA);
        if (pragma != null) {
            for (String p : pragma) {
                if (p.toLowerCase(java.util.Locale.ROOT).contains("no-cache")) {
                    return CacheControl.NO_CACHE;
                }
            }
        }
        return CacheControl.NONE;
    }

    private void gatewayTimeout(HttpServerExchange exchange) {
        exchange.setStatusCode(StatusCodes.GATEWAY_TIME_OUT);
        exchange.getResponseHeaders().add(CACHE_STATUS, onlyIfCachedStatus);
        exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, "0");
        exchange.endExchange();
    }
}
