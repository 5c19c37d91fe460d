package io.gatehouse.core.service;

import io.undertow.server.HttpServerExchange;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Each available server in turn. Servers with weight 0 are drained: never picked. */
public final class RoundRobinLoadBalancer implements LoadBalancer {

    private final Server[] servers;
    private final AtomicInteger next = new AtomicInteger();

    public RoundRobinLoadBalancer(List<Server> servers) {
        this.servers = servers.stream().filter(s -> s.weight() > 0).toArray(Server[]::new);
    }

    @Override
    public Server pick(HttpServerExchange exchange) {
        Server[] all = servers;
        if (all.length == 0) {
            return null;
        }
        // available() is asked only of the server about to be returned (it may hand out a half-open trial)
        int start = next.getAndIncrement();
        for (int i = 0; i < all.length; i++) {
            Server server = all[Math.floorMod(start + i, all.length)];
            if (server.available()) {
                return server;
            }
        }
        return null;
    }
}
