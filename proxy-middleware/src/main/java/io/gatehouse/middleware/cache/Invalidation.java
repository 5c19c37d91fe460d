package io.gatehouse.middleware.cache;

import io.undertow.server.ConduitWrapper;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.ConduitFactory;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import org.xnio.conduits.StreamSinkConduit;

/**
 * An unsafe request (POST, PUT, DELETE, PATCH, ...) that succeeded invalidates the stored responses of its URI and
 * of the same-origin URIs in Location and Content-Location (RFC 9111 4.4).
 */
final class Invalidation implements ConduitWrapper<StreamSinkConduit> {

    private final HttpCache cache;
    private final String key;
    private final String cacheStatus;

    Invalidation(HttpCache cache, String key, String cacheStatus) {
        this.cache = cache;
        this.key = key;
        this.cacheStatus = cacheStatus;
    }

    @Override
    public StreamSinkConduit wrap(ConduitFactory<StreamSinkConduit> factory, HttpServerExchange exchange) {
        int status = exchange.getStatusCode();
        HeaderMap response = exchange.getResponseHeaders();
        if (status >= 200 && status < 400) {
            cache.store.invalidate(key);
            invalidate(exchange, response.getFirst(Headers.LOCATION));
            invalidate(exchange, response.getFirst(Headers.CONTENT_LOCATION));
        }
        response.add(CacheHandler.CACHE_STATUS, cacheStatus);
        return factory.create();
    }

    private void invalidate(HttpServerExchange exchange, String location) {
        if (location != null) {
            String other = CacheKey.sameOrigin(exchange, location);
            if (other != null) {
                cache.store.invalidate(other);
            }
        }
    }
}
