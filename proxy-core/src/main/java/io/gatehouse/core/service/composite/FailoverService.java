package io.gatehouse.core.service.composite;

import io.gatehouse.core.http.PlainResponses;
import io.gatehouse.core.service.ServiceHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.StatusCodes;

/**
 * {@code http.services.<name>.failover}: requests go to the main service while it is up, else to the fallback;
 * 503 when both are down. With {@code healthCheck: {}} it is up while either is (what a parent sees).
 */
public final class FailoverService implements ServiceHandler {

    private final String name;
    private final Child main;
    private final Child fallback;
    private final boolean healthCheck;

    FailoverService(String name, Child main, Child fallback, boolean healthCheck) {
        this.name = name;
        this.main = main;
        this.fallback = fallback;
        this.healthCheck = healthCheck;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (main.service().isUp()) {
            main.handler().handleRequest(exchange);
        } else if (fallback.service().isUp()) {
            fallback.handler().handleRequest(exchange);
        } else {
            PlainResponses.send(exchange, StatusCodes.SERVICE_UNAVAILABLE);
        }
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
