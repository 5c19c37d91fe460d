package io.gatehouse.core.service.composite;

import io.gatehouse.core.http.PlainResponses;
import io.gatehouse.core.http.ReplayableBody;
import io.gatehouse.core.http.StatusRanges;
import io.gatehouse.core.service.NoServerFallback;
import io.gatehouse.core.service.ServiceHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;

/**
 * {@code http.services.<name>.failover}: requests go to the main service while it is up, else to the fallback;
 * 503 when both are down. With {@code healthCheck: {}} it is up while either is (what a parent sees).
 *
 * <p>With {@code errors.status}, a response of the main service with a listed status (or a failure to reach it
 * that would be answered with one, such as 502 for a refused connection) is discarded before anything reaches the
 * client and the request goes to the fallback, its body replayed; the fallback's response is relayed whatever it
 * is. The body is kept for that up to {@code errors.maxRequestBodyBytes}: a larger one goes to the main service
 * only, its response relayed whatever the status. See {@link FallbackOnStatus}.
 */
public final class FailoverService implements ServiceHandler {

    private final String name;
    private final Child main;
    private final Child fallback;
    private final boolean healthCheck;
    private final StatusRanges statuses;
    private final long maxRequestBodyBytes;

    /**
     * @param statuses            the main service's statuses that send the request to the fallback; null for none
     * @param maxRequestBodyBytes the largest body kept to replay to the fallback; -1 for no limit
     */
    FailoverService(String name, Child main, Child fallback, boolean healthCheck, StatusRanges statuses,
                    long maxRequestBodyBytes) {
        this.name = name;
        this.main = main;
        this.fallback = fallback;
        this.healthCheck = healthCheck;
        this.statuses = statuses;
        this.maxRequestBodyBytes = maxRequestBodyBytes;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (main.service().isUp()) {
            if (statuses == null || !fallback.service().isUp() || isUpgrade(exchange)) {
                if (fallback.service().isUp()) {
                    NoServerFallback.set(exchange, fallback.handler()); // main's last server may go down meanwhile
                }
                main.handler().handleRequest(exchange);
                return;
            }
            ReplayableBody.read(exchange, maxRequestBodyBytes, (ex, body) -> {
                if (body == null) {
                    main.handler().handleRequest(ex); // too large to replay: the main service's answer stands
                } else {
                    new FallbackOnStatus(statuses, body, fallback.handler()).forward(ex, main.handler());
                }
            });
        } else if (fallback.service().isUp()) {
            fallback.handler().handleRequest(exchange);
        } else {
            PlainResponses.send(exchange, StatusCodes.SERVICE_UNAVAILABLE);
        }
    }

    /** A WebSocket's 101 must reach the client as it comes; h2c upgrades are never forwarded. */
    private static boolean isUpgrade(HttpServerExchange exchange) {
        String upgrade = exchange.getRequestHeaders().getFirst(Headers.UPGRADE);
        return upgrade != null && !upgrade.equalsIgnoreCase("h2c");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean isUp() {
        return !healthCheck || main.service().isUp() || fallback.service().isUp();
    }

    @Override
    public void close() {
    }

    @Override
    public void closeNow() {
    }
}
