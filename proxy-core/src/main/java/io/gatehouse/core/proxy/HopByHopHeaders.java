package io.gatehouse.core.proxy;

import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;

import java.util.ArrayList;
import java.util.List;

/**
 * Hop-by-hop headers (RFC 9110 7.6.1): they describe one connection and must not be forwarded. Besides the
 * fixed set, every header named in Connection is hop-by-hop, except the X-Forwarded-* headers the proxy
 * manages: a client must not be able to make the proxy drop them (CVE-2024-45410).
 */
final class HopByHopHeaders {

    static final HttpString KEEP_ALIVE = HttpString.tryFromString("Keep-Alive");
    static final HttpString PROXY_CONNECTION = HttpString.tryFromString("Proxy-Connection");
    static final HttpString X_DISABLE_PUSH = HttpString.tryFromString("X-Disable-Push");

    private HopByHopHeaders() {
    }

    /**
     * Removes from an outgoing request every hop-by-hop header. Transfer-Encoding stays: the Undertow client
     * frames the body by it (the server decoded the client's chunks and the client re-chunks). "TE: trailers"
     * is kept, as Go's reverse proxy does.
     */
    static void stripRequest(HeaderMap headers) {
        removeConnectionNamed(headers, true);
        boolean trailers = headers.contains(Headers.TE) && containsToken(headers.get(Headers.TE), "trailers");
        headers.remove(Headers.CONNECTION);
        headers.remove(KEEP_ALIVE);
        headers.remove(PROXY_CONNECTION);
        headers.remove(Headers.PROXY_AUTHENTICATE);
        headers.remove(Headers.PROXY_AUTHORIZATION);
        headers.remove(Headers.TE);
        headers.remove(Headers.TRAILER);
        headers.remove(Headers.UPGRADE);
        headers.remove(X_DISABLE_PUSH); // Undertow-internal, added by ProxyHandler for HTTP/2 servers
        if (trailers) {
            headers.put(Headers.TE, "trailers");
        }
    }

    /**
     * Removes from a server's response every hop-by-hop header, except on 101 Switching Protocols, which needs
     * Connection and Upgrade. Transfer-Encoding and Trailer stay: the server side re-frames the body by them.
     */
    static void stripResponse(HeaderMap headers, int status) {
        if (status == 101) {
            return;
        }
        removeConnectionNamed(headers, false);
        headers.remove(Headers.CONNECTION);
        headers.remove(KEEP_ALIVE);
        headers.remove(PROXY_CONNECTION);
        headers.remove(Headers.PROXY_AUTHENTICATE);
        headers.remove(Headers.TE);
        headers.remove(Headers.UPGRADE);
    }

    /** Removes the headers listed in Connection, keeping the managed X-headers when {@code keepManaged}. */
    static void removeConnectionNamed(HeaderMap headers, boolean keepManaged) {
        HeaderValues connection = headers.get(Headers.CONNECTION);
        if (connection == null) {
            return;
        }
        List<String> named = null;
        for (String value : connection) {
            int start = 0;
            while (start <= value.length()) {
                int comma = value.indexOf(',', start);
                int end = comma < 0 ? value.length() : comma;
                String token = value.substring(start, end).trim();
                if (!token.isEmpty() && !(keepManaged && ForwardedHeaderNames.isManaged(token))) {
                    if (named == null) {
                        named = new ArrayList<>(2);
                    }
                    named.add(token);
                }
                start = end + 1;
            }
        }
        if (named != null) {
            for (String name : named) {
                HttpString header = HttpString.tryFromString(name);
                if (!header.equals(Headers.CONNECTION)) {
                    headers.remove(header);
                }
            }
        }
    }

    /** Whether any comma-separated token of the values equals {@code token}, ignoring case. */
    static boolean containsToken(HeaderValues values, String token) {
        if (values == null) {
            return false;
        }
        for (String value : values) {
            int start = 0;
            while (start <= value.length()) {
                int comma = value.indexOf(',', start);
                int end = comma < 0 ? value.length() : comma;
                if (value.substring(start, end).trim().equalsIgnoreCase(token)) {
                    return true;
                }
                start = end + 1;
            }
        }
        return false;
    }

    /** A protocol upgrade (WebSocket...) request: Connection names "upgrade" and Upgrade is set (h2c excluded). */
    static boolean isUpgrade(HeaderMap headers) {
        String upgrade = headers.getFirst(Headers.UPGRADE);
        return upgrade != null && !upgrade.equalsIgnoreCase("h2c")
                && containsToken(headers.get(Headers.CONNECTION), "upgrade");
    }
}
