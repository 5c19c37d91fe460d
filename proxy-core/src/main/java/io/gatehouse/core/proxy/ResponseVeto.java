package io.gatehouse.core.proxy;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;

/**
 * Lets a handler wrapped around a service take back a server's response before anything of it reaches the
 * client, and forward the request again: what retry on {@code status} and failover on {@code errors.status}
 * need. Undertow's ProxyHandler relays a response as soon as its headers arrive; a veto installed on the
 * exchange is consulted just before that, on the exchange's IO thread.
 *
 * <p>A veto is one-shot: it is removed when the next response headers arrive, whatever it answers, so it never
 * applies to a later forward by accident. Install one before every forward that may be taken back, and none
 * before the last one, whose response is then relayed as usual.
 *
 * <p>When {@link #vetoes} answers true the server's response is discarded without touching the client exchange
 * (its connection to the server is closed, or for HTTP/2 only its stream reset; the pool replaces it) and the
 * request body transfer of that forward is stopped. Then {@link #vetoed} runs, on the IO thread, with the exchange
 * as it was before the forward: no status, header or byte sent. To forward again, run the next handler once more
 * from the IO thread's queue or timer, never from inside {@code vetoed}:
 *
 * <pre>{@code
 * final class Failover implements HttpHandler, ResponseVeto {
 *     public void handleRequest(HttpServerExchange exchange) throws Exception {
 *         ResponseVeto.install(exchange, this);        // before the forward; not before the last one
 *         primary.handleRequest(exchange);
 *     }
 *     public boolean vetoes(HttpServerExchange exchange, int status, HeaderMap headers) {
 *         return status >= 500;                       // cheap, no allocation: runs for every response
 *     }
 *     public void vetoed(HttpServerExchange exchange, int status) {
 *         exchange.getIoThread().execute(() -> Connectors.executeRootHandler(fallback, exchange));
 *     }
 * }
 * }</pre>
 *
 * A request body can only be sent again if it was kept: read it first and hand a fresh copy back to the exchange
 * before every forward ({@code Connectors.ungetRequestBytes} then {@code Connectors.resetRequestChannel}); the
 * {@link io.gatehouse.core.http.ReplayableBody} does that. Do not veto a request whose body streams.
 */
public interface ResponseVeto {

    /**
     * Whether to take back this response. Called on the IO thread when the server's response headers arrive,
     * before the hop-by-hop headers are removed; must not block, throw, or touch the client exchange's response.
     */
    boolean vetoes(HttpServerExchange exchange, int status, HeaderMap headers);

    /** The response was discarded; the exchange may be forwarded again. Called on the IO thread, right after. */
    void vetoed(HttpServerExchange exchange, int status);

    /** Installs {@code veto} for the next response of this exchange, replacing any installed one. */
    static void install(HttpServerExchange exchange, ResponseVeto veto) {
        exchange.putAttachment(VetoedResponse.KEY, veto);
    }

    /** Removes the installed veto, if any, and returns it. */
    static ResponseVeto remove(HttpServerExchange exchange) {
        return exchange.removeAttachment(VetoedResponse.KEY);
    }
}
