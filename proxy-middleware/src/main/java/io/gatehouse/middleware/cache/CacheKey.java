package io.gatehouse.middleware.cache;

import io.undertow.server.HttpServerExchange;

import java.net.URI;
import java.util.Locale;

/**
 * The primary cache key (RFC 9111 4): scheme, host and the normalized request target with its query. The method
 * is not part of it: only GET responses are stored, and HEAD is answered from them.
 */
final class CacheKey {

    private CacheKey() {
    }

    static String of(HttpServerExchange exchange) {
        String query = exchange.getQueryString();
        String uri = exchange.getRequestURI();
        StringBuilder key = new StringBuilder(exchange.getRequestScheme().length() + uri.length() + query.length() + 40);
        key.append(exchange.getRequestScheme()).append("://")
                .append(exchange.getHostAndPort().toLowerCase(Locale.ROOT)).append(uri);
        if (!query.isEmpty()) {
            key.append('?').append(query);
        }
        return key.toString();
    }

    /**
     * The key of a Location / Content-Location value when it names the same scheme and host as the request
     * (RFC 9111 4.4: only same-origin URIs are invalidated), or null.
     */
    static String sameOrigin(HttpServerExchange exchange, String location) {
        try {
            URI base = new URI(exchange.getRequestScheme(), exchange.getHostAndPort().toLowerCase(Locale.ROOT),
                    exchange.getRequestURI(), null, null);
            URI resolved = base.resolve(new URI(location.trim()));
            if (resolved.getScheme() == null || resolved.getRawAuthority() == null
                    || !resolved.getScheme().equalsIgnoreCase(exchange.getRequestScheme())
                    || !resolved.getRawAuthority().equalsIgnoreCase(base.getRawAuthority())) {
                return null;
            }
            String path = resolved.getRawPath() == null || resolved.getRawPath().isEmpty() ? "/" : resolved.getRawPath();
            String query = resolved.getRawQuery();
            return resolved.getScheme().toLowerCase(Locale.ROOT) + "://" + base.getRawAuthority() + path
                    + (query == null || query.isEmpty() ? "" : "?" + query);
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            return null; // a malformed location invalidates nothing
        }
    }
}
