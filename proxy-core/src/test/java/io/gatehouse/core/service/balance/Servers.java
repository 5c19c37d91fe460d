package io.gatehouse.core.service.balance;

import io.gatehouse.core.service.LoadBalancer;
import io.gatehouse.core.service.Server;
import io.gatehouse.core.service.TriedServers;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Unconnected servers named a, b, c... with the given weights, and pick counting. */
final class Servers {

    private Servers() {
    }

    static List<Server> weighted(int... weights) {
        List<Server> servers = new ArrayList<>();
        for (int i = 0; i < weights.length; i++) {
            servers.add(Server.unconnected("http://" + (char) ('a' + i) + ".internal:8080", weights[i], i));
        }
        return servers;
    }

    static String name(Server server) {
        return server == null ? "-" : String.valueOf((char) ('a' + server.index()));
    }

    static String sequence(LoadBalancer balancer, int picks) {
        StringBuilder names = new StringBuilder();
        for (int i = 0; i < picks; i++) {
            names.append(name(balancer.pick(null, null)));
        }
        return names.toString();
    }

    static Map<String, Integer> counts(LoadBalancer balancer, int picks, TriedServers tried) {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < picks; i++) {
            counts.merge(name(balancer.pick(null, tried)), 1, Integer::sum);
        }
        return counts;
    }

    static TriedServers tried(Server... servers) {
        TriedServers tried = new TriedServers();
        for (Server server : servers) {
            tried.add(server);
        }
        return tried;
    }
}
