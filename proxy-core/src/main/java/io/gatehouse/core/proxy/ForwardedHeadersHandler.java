package io.gatehouse.core.proxy;

import io.gatehouse.core.net.IpBlocks;
import io.gatehouse.core.config.ConfigError;
import io.gatehouse.core.config.ConfigException;
import io.gatehouse.core.config.ForwardedHeadersConfig;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * An entry point's first handler, as Traefik's forwardedheaders middleware: drops the X-Forwarded-* family
 * (and X-Real-Ip) sent by peers that are not trusted, fills in X-Real-Ip, X-Forwarded-Proto, -Port, -Host and
 * -Server, joins X-Forwarded-For into one value, and applies the Connection header (removing the headers it
 * names) without ever letting it remove the managed X-headers (CVE-2024-45410). The peer itself is appended to
 * X-Forwarded-For when the request is forwarded.
 */
public final class ForwardedHeadersHandler implements HttpHandler {

    private static final String HOSTNAME = ProxyHostname.NAME;

    private final boolean insecure;
    private final IpBlocks trusted;
    private final HttpHandler next;

    /**
     * @throws ConfigException when a trustedIPs entry is not an IP or CIDR (path {@code forwardedHeaders.trustedIPs[i]})
     */
    public ForwardedHeadersHandler(ForwardedHeadersConfig config, HttpHandler next) throws ConfigException {
        List<ConfigError> errors = new ArrayList<>();
        this.insecure = config.insecure();
        this.trusted = IpBlocks.parse(config.trustedIPs(), "forwardedHeaders.trustedIPs", errors);
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        HeaderMap headers = exchange.getRequestHeaders();
        InetSocketAddress source = exchange.getSourceAddress();
        InetAddress peer = source != null ? source.getAddress() : null;
        if (!insecure && !trusted.contains(peer)) {
            removeManaged(headers);
        }
        rewrite(exchange, headers);
        removeConnectionHeaders(headers);
        next.handleRequest(exchange);
    }

    private static void rewrite(HttpServerExchange exchange, HeaderMap headers) {
        if (isEmpty(headers, ForwardedHeaderNames.X_REAL_IP)) {
            String ip = BackendRequestHeaders.peerAddress(exchange);
            if (ip != null) {
                headers.put(ForwardedHeaderNames.X_REAL_IP, ip);
            }
        }
        boolean tls = exchange.getConnection().getSslSessionInfo() != null;
        if (isEmpty(headers, ForwardedHeaderNames.X_FORWARDED_PROTO)) {
            boolean websocket = HopByHopHeaders.containsToken(headers.get(Headers.CONNECTION), "upgrade")
                    && HopByHopHeaders.containsToken(headers.get(Headers.UPGRADE), "websocket");
            headers.put(ForwardedHeaderNames.X_FORWARDED_PROTO, websocket ? (tls ? "wss" : "ws") : (tls ? "https" : "http"));
        }
        String host = headers.getFirst(Headers.HOST);
        if (isEmpty(headers, ForwardedHeaderNames.X_FORWARDED_PORT)) {
            headers.put(ForwardedHeaderNames.X_FORWARDED_PORT, forwardedPort(host, headers, tls));
        }
        if (isEmpty(headers, ForwardedHeaderNames.X_FORWARDED_HOST) && host != null && !host.isEmpty()) {
            headers.put(ForwardedHeaderNames.X_FORWARDED_HOST, host);
        }
        HeaderValues forwardedFor = headers.get(ForwardedHeaderNames.X_FORWARDED_FOR);
        if (forwardedFor != null && forwardedFor.size() > 1) {
            headers.put(ForwardedHeaderNames.X_FORWARDED_FOR, String.join(", ", forwardedFor));
        }
        headers.put(ForwardedHeaderNames.X_FORWARDED_SERVER, HOSTNAME);
    }

    /** The Host header's port, else 443 for https/wss or TLS, else 80 (Traefik's forwardedPort). */
    private static String forwardedPort(String host, HeaderMap headers, boolean tls) {
        if (host != null) {
            int colon = host.lastIndexOf(':');
            int bracket = host.lastIndexOf(']');
            if (colon > bracket && colon < host.length() - 1) {
                return host.substring(colon + 1);
            }
        }
        String proto = headers.getFirst(ForwardedHeaderNames.X_FORWARDED_PROTO);
        if ("https".equals(proto) || "wss".equals(proto) || tls) {
            return "443";
        }
        return "80";
    }

    /**
     * Applies Connection: removes the headers it names, except the managed X-headers; keeps Upgrade for upgrade
     * requests (Connection becomes "Upgrade"), else drops Connection.
     */
    private static void removeConnectionHeaders(HeaderMap headers) {
        if (!headers.contains(Headers.CONNECTION)) {
            return;
        }
        String upgrade = HopByHopHeaders.containsToken(headers.get(Headers.CONNECTION), "upgrade")
                ? headers.getFirst(Headers.UPGRADE) : null;
        HopByHopHeaders.removeConnectionNamed(headers, true);
        if (upgrade != null) {
            headers.put(Headers.UPGRADE, upgrade);
            headers.put(Headers.CONNECTION, "Upgrade");
        } else {
            headers.remove(Headers.CONNECTION);
        }
    }

    private static void removeManaged(HeaderMap headers) {
        List<HttpString> managed = null;
        for (long i = headers.fastIterateNonEmpty(); i != -1L; i = headers.fiNextNonEmpty(i)) {
            HttpString name = headers.fiCurrent(i).getHeaderName();
            if (ForwardedHeaderNames.isManaged(name)) {
                if (managed == null) {
                    managed = new ArrayList<>(4);
                }
                managed.add(name);
            }
        }
        if (managed != null) {
            for (HttpString name : managed) {
                headers.remove(name);
            }
        }
    }

    private static boolean isEmpty(HeaderMap headers, HttpString name) {
        String value = headers.getFirst(name);
        return value == null || value.isEmpty();
    }
}
