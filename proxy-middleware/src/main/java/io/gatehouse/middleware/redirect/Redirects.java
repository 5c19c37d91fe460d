package io.gatehouse.middleware.redirect;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Traefik's redirect answer: 302 (GET) or 307 (other methods), or 301 / 308 when permanent, with the
 * status text as body and the new URL in Location.
 */
final class Redirects {

    private static final ByteBuffer FOUND = body("Found");
    private static final ByteBuffer TEMPORARY = body("Temporary Redirect");
    private static final ByteBuffer MOVED = body("Moved Permanently");
    private static final ByteBuffer PERMANENT = body("Permanent Redirect");

    private Redirects() {
    }

    private static ByteBuffer body(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)).asReadOnlyBuffer();
    }

    static void send(HttpServerExchange exchange, String location, boolean permanent) {
        boolean get = Methods.GET.equals(exchange.getRequestMethod());
        int status;
        ByteBuffer body;
        if (permanent) {
            status = get ? 301 : 308;
            body = get ? MOVED : PERMANENT;
        } else {
            status = get ? 302 : 307;
            body = get ? FOUND : TEMPORARY;
        }
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.LOCATION, location);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
        exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, body.remaining());
        exchange.getResponseSender().send(body.duplicate());
    }

    /**
     * The URL as a Location value, or null when Go's url.Parse would refuse it (Traefik answers 500):
     * control characters or a '%' that does not start an escape. Characters that cannot appear raw in a
     * URL (space, non-ASCII ...) are escaped as Go's URL.String() does.
     */
    static String location(String url) {
        StringBuilder out = null;
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c < 0x20 || c == 0x7F) {
                return null;
            }
            if (c == '%' && !(i + 2 < url.length() && isHex(url.charAt(i + 1)) && isHex(url.charAt(i + 2)))) {
                return null;
            }
            boolean raw = c < 0x80 && c != ' ' && c != '"' && c != '<' && c != '>' && c != '\\' && c != '^'
                    && c != '`' && c != '{' && c != '|' && c != '}';
            if (raw) {
                if (out != null) {
                    out.append(c);
                }
                continue;
            }
            if (out == null) {
                out = new StringBuilder(url.length() + 16).append(url, 0, i);
            }
            int cp = url.codePointAt(i);
            for (byte b : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8)) {
                out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
            }
            i += Character.charCount(cp) - 1;
        }
        return out == null ? url : out.toString();
    }

    private static boolean isHex(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    /** The request target as Traefik's req.RequestURI: the forwarded path plus the raw query. */
    static String requestUri(HttpServerExchange exchange) {
        String query = exchange.getQueryString();
        String path = exchange.getRequestURI();
        return query == null || query.isEmpty() ? path : path + '?' + query;
    }

    /** The Host header as received (with its port), or empty. */
    static String host(HttpServerExchange exchange) {
        String host = exchange.getRequestHeaders().getFirst(Headers.HOST);
        return host == null ? "" : host;
    }

    /** https when the connection is TLS, else http. */
    static String connectionScheme(HttpServerExchange exchange) {
        return "https".equalsIgnoreCase(exchange.getRequestScheme()) ? "https" : "http";
    }
}
