package io.gatehouse.middleware.redirect;

import io.gatehouse.core.http.PlainResponses;
import io.gatehouse.core.middleware.Middleware;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import io.undertow.util.StatusCodes;

import java.util.Locale;

/**
 * Redirects to another scheme (and port), as Traefik's redirectScheme. The request's scheme is
 * {@code X-Forwarded-Proto} (set by the entry point, or kept from a trusted hop; {@code ws}/{@code wss}
 * count as http/https), else the connection's. A request whose URL would not change goes on: a request
 * already on https with no port asked for is not redirected. The port of the redirect is the configured
 * one, else none: the request's own port is dropped, as in Traefik.
 */
public final class RedirectScheme implements Middleware {

    private static final HttpString X_FORWARDED_PROTO = new HttpString("X-Forwarded-Proto");

    private final String prefix;
    private final String portSuffix;
    private final boolean permanent;

    public RedirectScheme(RedirectSchemeConfig config) {
        String scheme = config.scheme();
        String port = config.port();
        boolean defaultPort = "http".equals(scheme) && "80".equals(port) || "https".equals(scheme) && "443".equals(port);
        this.prefix = scheme + "://";
        this.portSuffix = port.isEmpty() || defaultPort ? "" : ":" + port;
        this.permanent = config.permanent();
    }

    /** {@code RedirectScheme.https(true)}: a permanent redirect to https. */
    public static RedirectScheme https(boolean permanent) {
        return new RedirectScheme(RedirectSchemeConfig.https(permanent));
    }

    @Override
    public HttpHandler wrap(HttpHandler next) {
        return exchange -> handle(exchange, next);
    }

    private void handle(HttpServerExchange exchange, HttpHandler next) throws Exception {
        String scheme = requestScheme(exchange);
        String hostHeader = Redirects.host(exchange);
        HostAndPort hp = HostAndPort.split(hostHeader);
        String port = hp.port;
        if ("http".equals(scheme) && ":80".equals(port) || "https".equals(scheme) && ":443".equals(port)) {
            port = "";
        }
        String uri = Redirects.requestUri(exchange);
        String oldUrl = scheme + "://" + hp.host + port + uri;
        String newUrl = prefix + hp.host + portSuffix + uri;
        if (newUrl.equals(oldUrl)) {
            next.handleRequest(exchange);
            return;
        }
        String location = Redirects.location(newUrl);
        if (location == null) {
            PlainResponses.send(exchange, StatusCodes.INTERNAL_SERVER_ERROR);
            return;
        }
        Redirects.send(exchange, location, permanent);
    }

    private static String requestScheme(HttpServerExchange exchange) {
        String scheme = Redirects.connectionScheme(exchange);
        String proto = exchange.getRequestHeaders().getFirst(X_FORWARDED_PROTO);
        if (proto != null && !proto.isEmpty()) {
            String lower = proto.toLowerCase(Locale.ROOT);
            if (lower.equals("http") || lower.equals("ws")) {
                scheme = "http";
            } else if (lower.equals("https") || lower.equals("wss")) {
                scheme = "https";
            }
        }
        return scheme;
    }

    /** Go's net.SplitHostPort on the Host header: on failure the whole value is the host and there is no port. */
    private record HostAndPort(String host, String port) {

        static HostAndPort split(String hostHeader) {
            int colon = hostHeader.lastIndexOf(':');
            if (colon < 0) {
                return new HostAndPort(hostHeader, "");
            }
            String host = hostHeader.substring(0, colon);
            if (host.startsWith("[")) {
                if (!host.endsWith("]")) {
                    return new HostAndPort(hostHeader, "");
                }
                // Go keeps the brackets out of the host, Traefik's regex puts them back: keep them.
            } else if (host.indexOf(':') >= 0) {
                return new HostAndPort(hostHeader, ""); // too many colons: not host:port
            }
            return new HostAndPort(host, ":" + hostHeader.substring(colon + 1));
        }
    }
}
