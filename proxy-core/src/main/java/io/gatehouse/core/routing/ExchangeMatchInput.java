package io.gatehouse.core.routing;

import io.gatehouse.core.rule.MatchInput;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

/**
 * What rules see of one Undertow exchange. Each fact is computed on first use and kept: one
 * instance per request, used from one thread.
 *
 * <ul>
 *   <li>{@link #host()}: the Host header (HTTP/2's {@code :authority}, which Undertow maps to Host),
 *       canonicalized by {@link RequestHost}.</li>
 *   <li>{@link #path()}: the {@link RoutingPath#normalize normalized} path given at construction.</li>
 *   <li>{@link #queryValues}: the raw query string decoded as Go's {@code url.ParseQuery}.</li>
 *   <li>{@link #clientAddress()}: the connection's peer (after the PROXY protocol, if enabled),
 *       never a forwarded header, even when a handler has rewritten the exchange's source address.</li>
 * </ul>
 */
public final class ExchangeMatchInput implements MatchInput {

    private final HttpServerExchange exchange;
    private final String path;
    private String host;
    private Map<String, List<String>> query;
    private InetAddress clientAddress;
    private boolean clientAddressKnown;

    /**
     * @param exchange the request
     * @param path     its routing path, from {@link RoutingPath#normalize}
     */
    public ExchangeMatchInput(HttpServerExchange exchange, String path) {
        this.exchange = exchange;
        this.path = path;
    }

    @Override
    public String host() {
        if (host == null) {
            host = RequestHost.canonical(exchange.getRequestHeaders().getFirst(Headers.HOST));
        }
        return host;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public String method() {
        return exchange.getRequestMethod().toString();
    }

    @Override
    public List<String> headerValues(String name) {
        HeaderValues values = exchange.getRequestHeaders().get(name);
        return values == null ? List.of() : values;
    }

    @Override
    public List<String> queryValues(String name) {
        List<String> values = query().get(name);
        return values == null ? List.of() : values;
    }

    @Override
    public boolean hasQueryParameter(String name) {
        return query().containsKey(name);
    }

    @Override
    public InetAddress clientAddress() {
        if (!clientAddressKnown) {
            clientAddress = peerAddress(exchange);
            clientAddressKnown = true;
        }
        return clientAddress;
    }

    private Map<String, List<String>> query() {
        if (query == null) {
            query = QueryParameters.parse(exchange.getQueryString());
        }
        return query;
    }

    private static InetAddress peerAddress(HttpServerExchange exchange) {
        InetSocketAddress peer = exchange.getConnection() == null ? null
                : exchange.getConnection().getPeerAddress(InetSocketAddress.class);
        if (peer == null) {
            peer = exchange.getSourceAddress();
        }
        return peer == null ? null : peer.getAddress();
    }
}
