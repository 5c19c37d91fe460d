package io.gatehouse.core.service.health;

import io.gatehouse.core.proxy.BackendTransport;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The health of one load-balanced service: one {@link ServerHealth} per server, the count of servers that are up
 * (counted again on every transition, so {@link #isUp()} costs O(1)), and the active checker while the service lives.
 */
public final class ServiceHealth implements AutoCloseable {

    private final HealthCheckSpec check;
    private final PassiveSpec passive;
    private final List<ServerHealth> servers;
    /** The servers that can take traffic (weight above 0): those isUp() is about. */
    private final List<ServerHealth> counted;
    private final AtomicInteger up = new AtomicInteger();
    private final AtomicLong transitions = new AtomicLong();
    private final HealthChecker checker;

    private ServiceHealth(HealthCheckSpec check, PassiveSpec passive, List<ServerHealth> servers,
                          List<ServerHealth> counted, HealthChecker checker) {
        this.check = check;
        this.passive = passive;
        this.servers = servers;
        this.counted = counted;
        this.checker = checker;
    }

    /**
     * Builds the health of a service's servers. A server whose URL was in {@code previous} with the same health
     * configuration keeps its state (a down server stays down, an ejection goes on); the others start up, as in
     * Traefik. Active checks start now, if configured; {@link #close()} stops them.
     *
     * @param urls      the servers' URLs as configured, validated
     * @param weights   their weights (servers with weight 0 take no traffic and do not make the service up)
     * @param check     active checks, or null
     * @param passive   passive checks, or null
     * @param transport how checks reach the servers (TLS settings, dial timeout)
     * @param previous  the health of the service this one replaces, or null
     */
    public static ServiceHealth create(String service, List<String> urls, List<Integer> weights, HealthCheckSpec check,
                                       PassiveSpec passive, BackendTransport transport, ServiceHealth previous) {
        Map<String, Deque<ServerHealth>> reusable = new HashMap<>();
        if (previous != null && Objects.equals(previous.check, check) && Objects.equals(previous.passive, passive)) {
            for (ServerHealth server : previous.servers) {
                reusable.computeIfAbsent(server.url(), url -> new ArrayDeque<>()).add(server);
            }
        }
        List<ServerHealth> servers = new ArrayList<>(urls.size());
        List<ServerHealth> counted = new ArrayList<>(urls.size());
        for (int i = 0; i < urls.size(); i++) {
            Deque<ServerHealth> same = reusable.get(urls.get(i));
            ServerHealth server = same == null || same.isEmpty() ? new ServerHealth(service, urls.get(i), passive) : same.poll();
            servers.add(server);
            if (weights.get(i) > 0) {
                counted.add(server);
            }
        }
        HealthChecker checker = check == null ? null : new HealthChecker(check, transport, servers, urls);
        ServiceHealth health = new ServiceHealth(check, passive, List.copyOf(servers), List.copyOf(counted), checker);
        for (ServerHealth server : counted) {
            server.watch(health);
        }
        health.recount();
        if (checker != null) {
            checker.start();
        }
        return health;
    }

    /** The i-th server's health. */
    public ServerHealth server(int index) {
        return servers.get(index);
    }

    /**
     * Whether some server can take traffic: O(1) while one is up. When none is, an ejected server whose window
     * has ended still makes the service up, so that its trial request can come (a scan, only in that case).
     */
    public boolean isUp() {
        if (up.get() > 0) {
            return true;
        }
        for (ServerHealth server : counted) {
            if (server.trialDue()) {
                return true;
            }
        }
        return false;
    }

    /**
     * A server went up or down. Counted again rather than by delta: transitions are rare, and a recount cannot
     * drift when a transition races with the hand-over of a server's health to the service of a new configuration.
     */
    void serverChanged() {
        transitions.incrementAndGet();
        recount();
    }

    /** Counts until no transition happened meanwhile (transitions on two IO threads at once are possible). */
    private void recount() {
        long seen;
        do {
            seen = transitions.get();
            int upNow = 0;
            for (ServerHealth server : counted) {
                upNow += server.isUp() ? 1 : 0;
            }
            up.set(upNow);
        } while (transitions.get() != seen);
    }

    /** Stops the active checks; the servers' state lives on in the service that replaced this one, if any. */
    @Override
    public void close() {
        if (checker != null) {
            checker.close();
        }
        for (ServerHealth server : counted) {
            server.unwatch(this);
        }
    }
}
