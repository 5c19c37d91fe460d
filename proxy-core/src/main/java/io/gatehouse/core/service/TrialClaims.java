package io.gatehouse.core.service;

import io.undertow.server.HttpServerExchange;

/**
 * Claims each pick of a strategy for its request: a server whose ejection window is over is offered to ONE
 * request (its trial), so a pick that loses that race is skipped and the strategy picks again. Strategies only
 * read {@link Server#available()}, which has no side effect, so they may look at every server.
 */
final class TrialClaims implements LoadBalancer {

    private final LoadBalancer strategy;
    private final int servers;

    TrialClaims(LoadBalancer strategy, int servers) {
        this.strategy = strategy;
        this.servers = servers;
    }

    @Override
    public Server pick(HttpServerExchange exchange, TriedServers tried) {
        TriedServers skip = tried;
        for (int i = 0; i < servers; i++) {
            Server server = strategy.pick(exchange, skip);
            if (server == null || server.health().claim()) {
                return server;
            }
            if (skip == null) {
                skip = new TriedServers();
            }
            skip.add(server); // lost the trial to another request
        }
        return null;
    }
}
