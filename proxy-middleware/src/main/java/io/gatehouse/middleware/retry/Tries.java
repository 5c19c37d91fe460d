package io.gatehouse.middleware.retry;

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
import org.xnio.IoUtils;

import java.util.concurrent.TimeUnit;

/**
 * The tries of one exchange. Each try runs the next handler again (so the load balancer picks again), after a
 * wait on the IO thread's timer; no thread waits.
 * <ul>
 *   <li>Network errors: the proxy ends the exchange without a response, and Undertow asks the default response
 *   listeners to answer; this one (added after the chain ran, so asked before the service's own failure
 *   responder) claims a failure that happened before the request was sent and forwards again.</li>
 *   <li>Response statuses: before every try but the last a {@link ResponseVeto} is installed; a response with a
 *   listed status is then discarded before anything reaches the client, and the request is forwarded again with
 *   a fresh copy of its body.</li>
 * </ul>
 */
final class Tries implements HttpHandler, DefaultResponseListener, ResponseVeto, Runnable {

    /** The wait before the next try, in nanoseconds, or a negative value to give up. */
    interface Backoff {
        long next(int triesSoFar, long elapsedNanos);
    }

    private final HttpServerExchange exchange;
    private final HttpHandler next;
    private final int maxTries;
    private final NetworkErrorRetries.Policy network;
    private final StatusRanges statuses;
    private final Backoff statusBackoff;
    private final ReplayableBody body;
    private final long start = System.nanoTime();
    private int tries;
    private long statusWait;

    /**
     * @param network  null: network errors are not retried
     * @param statuses null: statuses are not retried (then {@code body} and {@code statusBackoff} are unused)
     * @param body     the kept body to replay before each try, or null when the body is not touched
     */
    Tries(HttpServerExchange exchange, HttpHandler next, int maxTries, NetworkErrorRetries.Policy network,
          StatusRanges statuses, Backoff statusBackoff, ReplayableBody body) {
        this.exchange = exchange;
        this.next = next;
        this.maxTries = maxTries;
        this.network = network;
        this.statuses = statuses;
        this.statusBackoff = statusBackoff;
        this.body = body;
    }

    /** One try. */
    void attempt() throws Exception {
        tries++;
        boolean last = tries >= maxTries;
        if (body != null) {
            body.replay(exchange);
        }
        if (!last && statuses != null) {
            ResponseVeto.install(exchange, this);
        }
        next.handleRequest(exchange);
        // The proxy answers asynchronously (dispatched), never before the chain returns.
        boolean answered = exchange.isComplete() || exchange.isResponseStarted();
        if (answered && statuses != null) {
            ResponseVeto.remove(exchange); // answered in the chain, not by a server
        }
        if (!answered && !last && network != null) {
            exchange.addDefaultResponseListener(this);
        }
    }

    @Override
    public void handleRequest(HttpServerExchange ignored) throws Exception {
        if (ClientGone.check(exchange)) {
            // as Traefik's backoff.WithContext(req.Context()): no more tries for a client that left
            exchange.setPersistent(false);
            IoUtils.safeClose(exchange.getConnection());
            exchange.endExchange();
            return;
        }
        attempt();
    }

    /** The next try, run from the IO thread's queue or timer. */
    @Override
    public void run() {
        Connectors.executeRootHandler(this, exchange);
    }

    @Override
    public boolean handleDefaultResponse(HttpServerExchange ex) {
        ProxyFailure failure = ProxyFailure.of(ex);
        if (failure == null || !failure.beforeRequestSent() || ex.isResponseStarted()) {
            return false;
        }
        long wait = network.nextTry(tries, failure, System.nanoTime() - start);
        if (wait < 0) {
            return false;
        }
        ProxyFailure.clear(ex);
        ResponseVeto.remove(ex); // this try got no response; the next one installs its own
        ex.setStatusCode(200);
        if (wait == 0) {
            ex.dispatch(SameThreadExecutor.INSTANCE, (Runnable) this);
        } else {
            ex.dispatch(SameThreadExecutor.INSTANCE, () -> ex.getIoThread().executeAfter(this, wait, TimeUnit.NANOSECONDS));
        }
        return true;
    }

    @Override
    public boolean vetoes(HttpServerExchange ex, int status, HeaderMap headers) {
        if (!statuses.contains(status)) {
            return false;
        }
        statusWait = statusBackoff.next(tries, System.nanoTime() - start);
        return statusWait >= 0; // past the timeout the response is relayed, as in Traefik
    }

    @Override
    public void vetoed(HttpServerExchange ex, int status) {
        if (statusWait == 0) {
            ex.getIoThread().execute(this);
        } else {
            ex.getIoThread().executeAfter(this, statusWait, TimeUnit.NANOSECONDS);
        }
    }
}
