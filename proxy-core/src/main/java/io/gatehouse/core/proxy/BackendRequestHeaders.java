package io.gatehouse.core.proxy;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * The last touch on an outgoing request, after ProxyHandler built it: hop-by-hop headers out FIRST, then the
 * proxy's own headers in, so that no Connection header can remove what the proxy adds (CVE-2024-45410).
 */
final class BackendRequestHeaders {

    private BackendRequestHeaders() {
    }

    static void prepare(HeaderMap outgoing, HttpServerExchange exchange, Backend backend, boolean multiplexed) {
        HeaderMap incoming = exchange.getRequestHeaders();
        String upgrade = !multiplexed && HopByHopHeaders.isUpgrade(incoming) ? incoming.getFirst(Headers.UPGRADE) : null;

        HopByHopHeaders.stripRequest(outgoing);

        if (upgrade != null) {
            outgoing.put(Headers.UPGRADE, upgrade);
            outgoing.put(Headers.CONNECTION, "Upgrade");
        }
        // As Go's reverse proxy: the trusted chain (ForwardedHeadersHandler removed untrusted values), then the peer.
        String peer = peerAddress(exchange);
        if (peer != null) {
            HeaderValues prior = incoming.get(ForwardedHeaderNames.X_FORWARDED_FOR);
            outgoing.put(ForwardedHeaderNames.X_FORWARDED_FOR,
                    prior == null || prior.isEmpty() ? peer : String.join(", ", prior) + ", " + peer);
        }
        if (!backend.passHostHeader()) {
            outgoing.put(Headers.HOST, backend.hostHeader());
        }
    }

    /** The peer's IP without an IPv6 zone, or null for a non-IP transport. */
    static String peerAddress(HttpServerExchange exchange) {
        InetSocketAddress source = exchange.getSourceAddress();
        if (source == null) {
            return null;
        }
        InetAddress address = source.getAddress();
        String ip = address != null ? address.getHostAddress() : source.getHostString();
        int zone = ip.indexOf('%');
        return zone < 0 ? ip : ip.substring(0, zone);
    }
}
