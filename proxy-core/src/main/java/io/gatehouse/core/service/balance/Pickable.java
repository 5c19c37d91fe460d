package io.gatehouse.core.service.balance;

import io.gatehouse.core.service.Server;

import java.util.List;

/** Servers a strategy may ever pick: weight 0 means drained, never picked (as in Traefik). */
final class Pickable {

    private Pickable() {
    }

    static Server[] of(List<Server> servers) {
        return servers.stream().filter(s -> s.weight() > 0).toArray(Server[]::new);
    }
}
