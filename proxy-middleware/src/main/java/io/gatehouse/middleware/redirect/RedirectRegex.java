package io.gatehouse.middleware.redirect;

import io.gatehouse.core.http.PlainResponses;
import io.gatehouse.core.middleware.Middleware;
import io.gatehouse.middleware.support.GoRegex;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.StatusCodes;

/**
 * Redirects when a regular expression matches the request URL ({@code scheme://host[:port]/path?query},
 * the host as the client sent it), as Traefik's redirectRegex. When the replacement gives back the
 * same URL the request goes on unchanged.
 */
public final class RedirectRegex implements Middleware {

    private final GoRegex regex;
    private final GoRegex.Replacement replacement;
    private final boolean permanent;

    public RedirectRegex(RedirectRegexConfig config) {
        this.regex = GoRegex.compile("regex", config.regex());
        this.replacement = regex.replacement(config.replacement());
        this.permanent = config.permanent();
    }

    /** {@code RedirectRegex.of("^http://localhost/(.*)", "http://example.com/${1}", true)}. */
    public static RedirectRegex of(String regex, String replacement, boolean permanent) {
        return new RedirectRegex(new RedirectRegexConfig(regex, replacement, permanent));
    }

    @Override
    public HttpHandler wrap(HttpHandler next) {
        return exchange -> handle(exchange, next);
    }

    private void handle(HttpServerExchange exchange, HttpHandler next) throws Exception {
        String oldUrl = Redirects.connectionScheme(exchange) + "://" + Redirects.host(exchange) + Redirects.requestUri(exchange);
        if (!regex.find(oldUrl)) {
            next.handleRequest(exchange);
            return;
        }
        String newUrl = regex.replaceAll(oldUrl, replacement);
        String location = Redirects.location(newUrl);
        if (location == null) {
            PlainResponses.send(exchange, StatusCodes.INTERNAL_SERVER_ERROR);
            return;
        }
        if (newUrl.equals(oldUrl)) {
            next.handleRequest(exchange);
            return;
        }
        Redirects.send(exchange, location, permanent);
    }
}
