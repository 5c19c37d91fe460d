package io.gatehouse.middleware.paths;

import io.gatehouse.core.routing.RoutingPath;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;

/**
 * Reads and rewrites the path a route forwards. After the router, the exchange's request URI, request
 * path and relative path all hold the same forwarded form (see docs/routing.md); a rewrite keeps them
 * equal and never sets a resolved path, so the proxy forwards exactly the new path.
 */
final class RequestPaths {

    /** Traefik's header for the prefix a stripPrefix or stripPrefixRegex removed. */
    static final HttpString X_FORWARDED_PREFIX = new HttpString("X-Forwarded-Prefix");
    /** Traefik's header for the path a replacePath or replacePathRegex replaced. */
    static final HttpString X_REPLACED_PATH = new HttpString("X-Replaced-Path");

    private RequestPaths() {
    }

    /** The path being forwarded, as written in the request line (reserved escapes kept). */
    static String current(HttpServerExchange exchange) {
        return exchange.getRequestPath();
    }

    /**
     * Forwards {@code path} from now on. An empty path is {@code /}, and a path without a leading slash
     * gets one, as Traefik's proxy does when it joins the path to the server URL.
     */
    static void set(HttpServerExchange exchange, String path) {
        String forwarded = path.isEmpty() || path.charAt(0) != '/' ? "/" + path : path;
        exchange.setRequestURI(forwarded, false);
        exchange.setRequestPath(forwarded);
        exchange.setRelativePath(forwarded);
    }

    /** A configured path or prefix in the forwarded form: characters that cannot appear raw are escaped. */
    static String toForwardedForm(String configured) {
        return RoutingPath.toRequestTarget(configured);
    }

    /** Whether every '%' starts a two-hex-digit escape. */
    static boolean hasValidEscapes(String path) {
        for (int i = 0; i < path.length(); i++) {
            if (path.charAt(i) == '%') {
                if (i + 2 >= path.length() || !isHex(path.charAt(i + 1)) || !isHex(path.charAt(i + 2))) {
                    return false;
                }
                i += 2;
            }
        }
        return true;
    }

    private static boolean isHex(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }
}
