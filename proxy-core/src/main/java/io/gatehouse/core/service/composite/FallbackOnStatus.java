package io.gatehouse.core.service.composite;

import io.gatehouse.core.http.ReplayableBody;
import io.gatehouse.core.http.StatusRanges;
import io.gatehouse.core.proxy.ProxyFailure;
import io.gatehouse.core.proxy.ResponseVeto;
import io.undertow.server.Connectors;
import io.undertow.server.DefaultResponseListener;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.SameThreadExecutor;

/**
 * {@code failover.errors} for one exchange: forwards to the main service with a {@link ResponseVeto} installed, and
 * when the main service answers a listed status, or could not be reached and would be answered with one, forwards
 * once to the fallback with a fresh copy of the body. No veto is installed for the fallback: its response is
 * relayed whatever it is.
 * <ul>
 *   <li>A listed response is taken back by the veto, which re-dispatches from the IO thread's queue.</li>
 *   <li>A network failure ends the exchange without a response; this listener, added after the main forward
 *   returned and so asked before the service's own failure responder, claims it.</li>
 * </ul>
 * A veto installed around this service (a retry middleware's) is kept: it is asked about the main response when
 * this one does not take it, and installed again for the fallback's forward.
 */
final class FallbackOnStatus implements ResponseVeto, DefaultResponseListener, HttpHandler {

    private final StatusRanges statuses;
    private final ReplayableBody body;
    private final HttpHandler fallback;
    private ResponseVeto outer;
    private boolean outerVetoed;
    private boolean fellBack;

    FallbackOnStatus(StatusRanges statuses, ReplayableBody body, HttpHandler fallback) {
        this.statuses = statuses;
        this.body = body;
        this.fallback = fallback;
    }

    /** Forwards to the main service, ready to fall back. */
    void forward(HttpServerExchange exchange, HttpHandler main) throws Exception {
        body.replay(exchange);
        outer = ResponseVeto.remove(exchange);
        ResponseVeto.install(exchange, this);
        main.handleRequest(exchange);
        if (exchange.isComplete() || exchange.isResponseStarted()) {
            ResponseVeto.remove(exchange); // answered in the chain, not by a server: nothing to take back
        } else {
            exchange.addDefaultResponseListener(this);
        }
    }

    @Override
    public boolean vetoes(HttpServerExchange exchange, int status, HeaderMap headers) {
        if (!fellBack && statuses.contains(status)) {
            return true;
        }
        outerVetoed = outer != null && outer.vetoes(exchange, status, headers);
        return outerVetoed;
    }

    @Override
    public void vetoed(HttpServerExchange exchange, int status) {
        if (outerVetoed) {
            outer.vetoed(exchange, status); // the outer handler forwards again, through this service anew
            return;
        }
        fellBack = true;
        exchange.getIoThread().execute(() -> Connectors.executeRootHandler(this, exchange));
    }

    @Override
    public boolean handleDefaultResponse(HttpServerExchange exchange) {
        ProxyFailure failure = ProxyFailure.of(exchange);
        if (fellBack || failure == null || exchange.isResponseStarted() || !statuses.contains(failure.status())) {
            return false;
        }
        fellBack = true;
        ProxyFailure.clear(exchange);
        ResponseVeto.remove(exchange);
        exchange.setStatusCode(200);
        exchange.dispatch(SameThreadExecutor.INSTANCE, () -> Connectors.executeRootHandler(this, exchange));
        return true;
    }

    /** The fallback forward, run from the IO thread's queue. */
    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        body.replay(exchange);
        if (outer != null) {
            ResponseVeto.install(exchange, outer);
        }
        fallback.handleRequest(exchange);
    }
}
