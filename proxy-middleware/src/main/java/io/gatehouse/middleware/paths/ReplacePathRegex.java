package io.gatehouse.middleware.paths;

import io.gatehouse.core.http.PlainResponses;
import io.gatehouse.core.middleware.Middleware;
import io.gatehouse.middleware.support.GoRegex;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.StatusCodes;

/**
 * Rewrites the path with a regular expression and keeps the original in {@code X-Replaced-Path}, as
 * Traefik's replacePathRegex. A replacement that produces an invalid escape answers 500, as Traefik.
 */
public final class ReplacePathRegex implements Middleware {

    private final GoRegex regex;
    private final GoRegex.Replacement replacement;
    private final boolean enabled;

    public ReplacePathRegex(ReplacePathRegexConfig config) {
        this.regex = GoRegex.compile("regex", config.regex());
        this.replacement = regex.replacement(config.replacement());
        this.enabled = !config.replacement().isEmpty();
    }

    /** {@code ReplacePathRegex.of("^/foo/(.*)", "/bar/$1")}. */
    public static ReplacePathRegex of(String regex, String replacement) {
        return new ReplacePathRegex(new ReplacePathRegexConfig(regex, replacement));
    }

    @Override
    public HttpHandler wrap(HttpHandler next) {
        return enabled ? exchange -> handle(exchange, next) : next;
    }

    private void handle(HttpServerExchange exchange, HttpHandler next) throws Exception {
        String path = RequestPaths.current(exchange);
        if (regex.find(path)) {
            String replaced = regex.replaceAll(path, replacement);
            if (!RequestPaths.hasValidEscapes(replaced)) {
                PlainResponses.send(exchange, StatusCodes.INTERNAL_SERVER_ERROR);
                return;
            }
            exchange.getRequestHeaders().add(RequestPaths.X_REPLACED_PATH, path);
            RequestPaths.set(exchange, RequestPaths.toForwardedForm(replaced));
        }
        next.handleRequest(exchange);
    }
}
