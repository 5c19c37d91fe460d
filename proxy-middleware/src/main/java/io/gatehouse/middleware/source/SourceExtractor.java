package io.gatehouse.middleware.source;

import io.gatehouse.middleware.ipstrategy.SourceIp;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;

/**
 * The source key of a request, per Traefik's sourceCriterion. Built once per middleware; {@link #extract}
 * runs per request. An empty string is a valid key (Traefik groups such requests together).
 */
@FunctionalInterface
public interface SourceExtractor {

    String extract(HttpServerExchange exchange);

    /** The extractor for {@code criterion}, or for {@code fallback} when the criterion is absent or empty. */
    static SourceExtractor of(SourceCriterion criterion, SourceCriterion fallback) {
        SourceCriterion c = criterion == null || criterion.isEmpty() ? fallback : criterion;
        if (c.ipStrategy() != null) {
            return SourceIp.of(c.ipStrategy())::clientIp;
        }
        if (c.requestHeaderName() != null) {
            HttpString name = HttpString.tryFromString(c.requestHeaderName());
            return exchange -> {
                String value = exchange.getRequestHeaders().getFirst(name);
                return value == null ? "" : value;
            };
        }
        return exchange -> {
            String host = exchange.getRequestHeaders().getFirst(Headers.HOST);
            return host == null ? "" : host;
        };
    }
}
