package io.gatehouse.core.routing;

import io.gatehouse.core.http.PlainResponses;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;

/**
 * Routes each request through the current {@link RouteTable}.
 *
 * <p>Per request: the raw path is {@link RoutingPath#normalize normalized} (400 when refused); the
 * exchange is rewritten so that what is forwarded is the normalized path (request URI, request
 * path and relative path; the raw query string is untouched); the first matching route's handler
 * runs, or 404. The table is swapped atomically by {@link #update}; a request uses the table it
 * started with.
 *
 * <p>Expects a listener with {@code UndertowOptions.DECODE_URL=false} (the URI must reach us raw)
 * and {@code ALLOW_UNESCAPED_CHARACTERS_IN_URL=false}, the default (otherwise Undertow decodes the
 * request URI itself).
 */
public final class RouterHandler implements HttpHandler {

    /** The name of the router that matched, for access logs and metrics. */
    public static final AttachmentKey<String> ROUTER_NAME = AttachmentKey.create(String.class);

    private static final Logger LOG = LoggerFactory.getLogger(RouterHandler.class);

    private volatile RouteTable table;

    public RouterHandler(RouteTable table) {
        this.table = Objects.requireNonNull(table, "table");
    }

    public RouterHandler() {
        this(RouteTable.EMPTY);
    }

    /** Replaces the table; requests already routed keep theirs. */
    public void update(RouteTable table) {
        this.table = Objects.requireNonNull(table, "table");
    }

    public RouteTable table() {
        return table;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        RouteTable current = table;
        String uri = exchange.getRequestURI();
        String rawPath = uri;
        if (exchange.isHostIncludedInRequestURI()) {
            rawPath = takeAuthority(exchange, uri);
        }
        String path;
        try {
            path = RoutingPath.normalize(rawPath);
        } catch (InvalidRequestPathException e) {
            LOG.debug("Refused request target from {}: {}", exchange.getSourceAddress(), e.getMessage());
            PlainResponses.send(exchange, StatusCodes.BAD_REQUEST);
            return;
        }
        String forwarded = RoutingPath.toRequestTarget(path);
        exchange.setRequestURI(forwarded, false);
        exchange.setRequestPath(forwarded);
        exchange.setRelativePath(forwarded);
        exchange.setResolvedPath("");

        Route route = current.lookup(new ExchangeMatchInput(exchange, path));
        if (route == null) {
            PlainResponses.send(exchange, StatusCodes.NOT_FOUND);
            return;
        }
        exchange.putAttachment(ROUTER_NAME, route.name());
        route.handler().handleRequest(exchange);
    }

    /**
     * For an absolute-form target ({@code GET http://host/path}), RFC 9112 3.2.2: the target's
     * authority replaces the Host header, so routing and forwarding agree on the host. Returns the path.
     */
    private static String takeAuthority(HttpServerExchange exchange, String uri) {
        int schemeEnd = uri.indexOf("://");
        if (schemeEnd < 0) {
            return uri; // authority-form (CONNECT host:port): normalize refuses it
        }
        int authorityStart = schemeEnd + 3;
        int pathStart = uri.indexOf('/', authorityStart);
        String authority = pathStart < 0 ? uri.substring(authorityStart) : uri.substring(authorityStart, pathStart);
        if (!authority.isEmpty()) {
            exchange.getRequestHeaders().put(Headers.HOST, authority);
        }
        return pathStart < 0 ? "" : uri.substring(pathStart);
    }
}
