package io.gatehouse.examples.standalone;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import io.undertow.util.StatusCodes;

/**
 * {@code entryPoints.<name>.http.redirections.entryPoint}: redirects every request to the same
 * host and path on another entry point's port, as Traefik's generated redirectScheme middleware:
 * 301 (GET) or 308 when permanent, 302 (GET) or 307 otherwise; the port is left out when it is the
 * scheme's default.
 */
final class EntryPointRedirectHandler implements HttpHandler {

    private final String scheme;
    private final boolean permanent;
    /** The target entry point's port; known once it listens (it may be 0 in the configuration). */
    private volatile String portSuffix = "";

    EntryPointRedirectHandler(String scheme, boolean permanent, int port) {
        this.scheme = scheme;
        this.permanent = permanent;
        port(port);
    }

    void port(int port) {
        boolean standard = port == 0 || (scheme.equals("https") && port == 443) || (scheme.equals("http") && port == 80);
        this.portSuffix = standard ? "" : ":" + port;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        boolean get = exchange.getRequestMethod().equals(Methods.GET);
        int status = permanent
                ? (get ? StatusCodes.MOVED_PERMANENTLY : StatusCodes.PERMANENT_REDIRECT)
                : (get ? StatusCodes.FOUND : StatusCodes.TEMPORARY_REDIRECT);
        StringBuilder location = new StringBuilder(64).append(scheme).append("://")
                .append(host(exchange)).append(portSuffix)
                // An absolute-form request line ("GET http://host/path") keeps only its path.
                .append(exchange.isHostIncludedInRequestURI() ? exchange.getRequestPath() : exchange.getRequestURI());
        String query = exchange.getQueryString();
        if (query != null && !query.isEmpty()) {
            location.append('?').append(query);
        }
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.LOCATION, location.toString());
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
        exchange.getResponseSender().send(StatusCodes.getReason(status));
    }

    /** The Host header without its port; IPv6 literals keep their brackets. */
    private static String host(HttpServerExchange exchange) {
        String host = exchange.getRequestHeaders().getFirst(Headers.HOST);
        if (host == null || host.isEmpty()) {
            host = exchange.getHostName();
        }
        int close = host.lastIndexOf(']');
        int colon = host.lastIndexOf(':');
        return colon > close ? host.substring(0, colon) : host;
    }
}
