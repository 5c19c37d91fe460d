package io.gatehouse.middleware.cache;

import io.undertow.server.ConduitWrapper;
import io.undertow.server.ExchangeCompletionListener;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.ConduitFactory;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.StatusCodes;
import org.xnio.conduits.StreamSinkConduit;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * One forwarded GET or HEAD, seen when its response starts (Undertow builds the response channel once the status
 * and headers are final). Decides there: refresh the stored response on a 304 to our conditional request, serve
 * the stale response instead of a server error (stale-if-error), or stream the response through while copying it
 * for the store. Ends the request's {@link Flight} so that waiting requests go on.
 */
final class Fetch implements ConduitWrapper<StreamSinkConduit>, ExchangeCompletionListener, TeeConduit.Sink {

    private final HttpCache cache;
    private final CacheHandler handler;
    private final HttpServerExchange exchange;
    private final String key;
    private final long requestTime;
    private final CacheControl reqCc;
    private final StoredResponse candidate;
    private final boolean conditional;
    private final Flight flight;
    private final String reason;
    private final boolean head;
    /** Response headers set by middlewares before this one: not the server's, never stored. */
    private final HttpString[] earlierNames;
    private final String[] earlierValues;
    private HttpString[] names;
    private String[] values;
    private int status;
    private long responseTime;

    Fetch(HttpCache cache, CacheHandler handler, HttpServerExchange exchange, String key, long requestTime,
          CacheControl reqCc, StoredResponse candidate, boolean conditional, Flight flight, String reason, boolean head) {
        this.cache = cache;
        this.handler = handler;
        this.exchange = exchange;
        this.key = key;
        this.requestTime = requestTime;
        this.reqCc = reqCc;
        this.candidate = candidate;
        this.conditional = conditional;
        this.flight = flight;
        this.reason = reason;
        this.head = head;
        HeaderMap earlier = exchange.getResponseHeaders();
        if (earlier.size() == 0) {
            earlierNames = new HttpString[0];
            earlierValues = new String[0];
        } else {
            List<HttpString> n = new ArrayList<>();
            List<String> v = new ArrayList<>();
            for (HeaderValues values : earlier) {
                for (String value : values) {
                    n.add(values.getHeaderName());
                    v.add(value);
                }
            }
            earlierNames = n.toArray(new HttpString[0]);
            earlierValues = v.toArray(new String[0]);
        }
    }

    @Override
    public StreamSinkConduit wrap(ConduitFactory<StreamSinkConduit> factory, HttpServerExchange exchange) {
        long now = cache.clock.millis();
        responseTime = now;
        status = exchange.getStatusCode();
        HeaderMap response = exchange.getResponseHeaders();
        captureHeaders(response);
        if (candidate != null && conditional && status == StatusCodes.NOT_MODIFIED) {
            StoredResponse refreshed = candidate.refreshed(names, values, requestTime, now,
                    exchange.getRequestHeaders(), cache.freshness);
            // a 304 that sets a cookie or forbids storing refreshes this answer only, never the shared copy
            boolean keep = !response.contains(Headers.SET_COOKIE) && !refreshed.cc.noStore() && !refreshed.cc.isPrivate();
            if (keep) {
                cache.store.put(key, refreshed);
            }
            handler.endFlight(key, flight);
            return replay(factory, refreshed, now, cache.statusPrefix + "fwd=" + reason + "; fwd-status=304"
                    + (keep ? "; stored" : "") + "; ttl=" + refreshed.ttl(now) / 1000);
        }
        if (candidate != null && status >= 500 && staleIfError(now)) {
            handler.endFlight(key, flight);
            return replay(factory, candidate, now, cache.statusPrefix + "fwd=" + reason + "; fwd-status=" + status
                    + "; ttl=" + candidate.ttl(now) / 1000 + "; detail=stale-if-error");
        }
        String refusal = head ? "head" : refusal(reqCc, status, exchange.getRequestHeaders(), response);
        StoredResponse template = null;
        if (refusal == null) {
            template = StoredResponse.of(status, names, values, ByteBuffer.allocate(0), requestTime, now,
                    exchange.getRequestHeaders(), cache.freshness);
            if (template.lifetime <= 0 && !template.hasValidators()) {
                refusal = "not-fresh";
            }
        }
        long declared = declaredLength(response);
        if (refusal == null && declared > cache.config.maxEntryBytes()) {
            refusal = "too-large";
        }
        StringBuilder cacheStatus = new StringBuilder(cache.statusPrefix).append("fwd=").append(reason)
                .append("; fwd-status=").append(status);
        if (refusal == null) {
            cacheStatus.append("; stored; ttl=").append(template.ttl(now) / 1000);
        } else if (!refusal.equals("head")) {
            cacheStatus.append("; detail=").append(refusal);
        }
        response.add(CacheHandler.CACHE_STATUS, cacheStatus.toString());
        if (refusal != null) {
            if (candidate != null && supersedes(status, refusal)) {
                cache.store.invalidate(key); // the server's current answer may not be kept: neither may the old one
            }
            handler.endFlight(key, flight);
            return factory.create();
        }
        return new TeeConduit(factory.create(), declared, (int) cache.config.maxEntryBytes(), this);
    }

    /** Why this response must not be stored (RFC 9111 3), as a Cache-Status detail; null when it may be. */
    static String refusal(CacheControl reqCc, int status, HeaderMap request, HeaderMap response) {
        if (reqCc.noStore()) {
            return "request-no-store";
        }
        if (status < 200 || status == StatusCodes.PARTIAL_CONTENT || status == StatusCodes.NOT_MODIFIED) {
            return "status";
        }
        CacheControl cc = CacheControl.parse(response.get(Headers.CACHE_CONTROL));
        if (cc.noStore()) {
            return "no-store";
        }
        if (cc.isPrivate()) {
            return "private";
        }
        if (request.contains(Headers.AUTHORIZATION)
                && !cc.isPublic() && cc.sMaxAge() < 0 && !cc.mustRevalidate()) {
            return "authorization";
        }
        if (response.contains(Headers.SET_COOKIE) || response.contains(Headers.SET_COOKIE2)) {
            return "set-cookie";
        }
        HeaderValues vary = response.get(Headers.VARY);
        if (vary != null) {
            for (String v : vary) {
                if (v.contains("*")) {
                    return "vary-star";
                }
            }
        }
        boolean explicit = cc.maxAge() >= 0 || cc.sMaxAge() >= 0 || cc.isPublic() || response.contains(Headers.EXPIRES);
        if (!explicit && !HttpCache.heuristic(status)) {
            return "status";
        }
        return null;
    }

    /** A refusal that comes from the new response itself (not from this request), below 500. */
    static boolean supersedes(int status, String refusal) {
        return status < 500 && switch (refusal) {
            case "no-store", "private", "set-cookie", "vary-star", "not-fresh", "too-large", "status" -> true;
            default -> false;
        };
    }

    private boolean staleIfError(long now) {
        long window = Math.max(candidate.cc.staleIfError(), reqCc.staleIfError());
        return window >= 0 && candidate.mayServeStale() && -candidate.ttl(now) <= window * 1000;
    }

    private StreamSinkConduit replay(ConduitFactory<StreamSinkConduit> factory, StoredResponse stored, long now,
                                     String cacheStatus) {
        exchange.setStatusCode(stored.status);
        HeaderMap response = exchange.getResponseHeaders();
        response.clear();
        for (int i = 0; i < earlierNames.length; i++) {
            response.add(earlierNames[i], earlierValues[i]);
        }
        CacheHandler.writeHeaders(response, stored, now, cacheStatus);
        if (stored.status != StatusCodes.NO_CONTENT) {
            response.put(Headers.CONTENT_LENGTH, stored.contentLength);
        }
        return new ReplayConduit(factory.create(), head ? ByteBuffer.allocate(0) : stored.body.duplicate());
    }

    /** The server's end-to-end headers, without the framing ones and those earlier middlewares set. */
    private void captureHeaders(HeaderMap response) {
        List<HttpString> n = new ArrayList<>();
        List<String> v = new ArrayList<>();
        for (HeaderValues header : response) {
            HttpString name = header.getHeaderName();
            if (name.equals(Headers.CONTENT_LENGTH) || name.equals(Headers.TRANSFER_ENCODING)
                    || name.equals(Headers.CONNECTION) || name.equals(Headers.KEEP_ALIVE)) {
                continue;
            }
            for (String value : header) {
                if (!earlier(name, value)) {
                    n.add(name);
                    v.add(value);
                }
            }
        }
        names = n.toArray(new HttpString[0]);
        values = v.toArray(new String[0]);
    }

    private boolean earlier(HttpString name, String value) {
        for (int i = 0; i < earlierNames.length; i++) {
            if (earlierNames[i].equals(name) && earlierValues[i].equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static long declaredLength(HeaderMap response) {
        String length = response.getFirst(Headers.CONTENT_LENGTH);
        if (length == null) {
            return -1;
        }
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public void captured(ByteBuffer body) {
        cache.store.put(key, StoredResponse.of(status, names, values, body, requestTime, responseTime,
                exchange.getRequestHeaders(), cache.freshness));
        handler.endFlight(key, flight);
    }

    @Override
    public void abandoned(String why) {
        handler.endFlight(key, flight);
    }

    /** Whatever happened (a broken connection, a response never started), waiting requests go on. */
    @Override
    public void exchangeEvent(HttpServerExchange exchange, NextListener nextListener) {
        handler.endFlight(key, flight);
        nextListener.proceed();
    }
}
