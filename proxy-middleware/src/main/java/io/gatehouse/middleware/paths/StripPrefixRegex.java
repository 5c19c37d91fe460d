package io.gatehouse.middleware.paths;

import io.gatehouse.core.middleware.Middleware;
import io.gatehouse.middleware.support.GoRegex;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/**
 * Removes the prefix that a regular expression matches and adds it to {@code X-Forwarded-Prefix},
 * as Traefik's stripPrefixRegex: the leftmost match must be non-empty and start at the beginning.
 */
public final class StripPrefixRegex implements Middleware {

    private final GoRegex[] expressions;

    public StripPrefixRegex(StripPrefixRegexConfig config) {
        this.expressions = new GoRegex[config.regex().size()];
        for (int i = 0; i < expressions.length; i++) {
            expressions[i] = GoRegex.compile("regex[" + i + "]", config.regex().get(i).strip());
        }
    }

    /** {@code StripPrefixRegex.of("/api/v[0-9]+")}. */
    public static StripPrefixRegex of(String... regex) {
        return new StripPrefixRegex(StripPrefixRegexConfig.of(regex));
    }

    @Override
    public HttpHandler wrap(HttpHandler next) {
        return exchange -> handle(exchange, next);
    }

    private void handle(HttpServerExchange exchange, HttpHandler next) throws Exception {
        String path = RequestPaths.current(exchange);
        for (GoRegex expression : expressions) {
            String prefix = expression.leftmostMatch(path);
            if (prefix != null && !prefix.isEmpty() && path.startsWith(prefix)) {
                exchange.getRequestHeaders().add(RequestPaths.X_FORWARDED_PREFIX, prefix);
                RequestPaths.set(exchange, path.substring(prefix.length()));
                break;
            }
        }
        next.handleRequest(exchange);
    }
}
