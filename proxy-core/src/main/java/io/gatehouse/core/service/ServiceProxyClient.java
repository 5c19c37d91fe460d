package io.gatehouse.core.service;

import io.gatehouse.core.service.sticky.StickyCookie;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.proxy.ProxyCallback;
import io.undertow.server.handlers.proxy.ProxyClient;
import io.undertow.server.handlers.proxy.ProxyConnection;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * ProxyHandler's view of a service: the sticky cookie or the load balancer picks, the server's pools connect.
 * ProxyHandler calls {@link #findTarget} again for a retry (see {@link RetryPolicy}); the request then goes to a
 * server it has not been sent to yet, or nowhere.
 */
final class ServiceProxyClient implements ProxyClient {

    private final LoadBalancer loadBalancer;
    private final StickyCookie sticky;
    private final List<ProxyTarget> targets;

    /** @param sticky the sticky cookie; null for none */
    ServiceProxyClient(LoadBalancer loadBalancer, StickyCookie sticky, List<Server> servers) {
        this.loadBalancer = loadBalancer;
        this.sticky = sticky;
        this.targets = List.copyOf(servers);
    }

    @Override
    public ProxyTarget findTarget(HttpServerExchange exchange) {
        ServerAttempts attempts = exchange.getAttachment(ServerAttempts.KEY);
        if (attempts != null) {
            Server next = attempts.retry(exchange, loadBalancer);
            if (next != null && sticky != null) {
                attempts.stickTo(exchange, sticky);
            }
            return next;
        }
        if (sticky == null) {
            Server first = loadBalancer.pick(exchange, null);
            if (first != null) {
                ServerAttempts.start(exchange, first);
            }
            return first;
        }
        StickyCookie.Lookup stuck = sticky.lookup(exchange);
        if (stuck != null && LoadBalancer.eligible(stuck.server(), null) && stuck.server().health().claim()) {
            ServerAttempts started = ServerAttempts.start(exchange, stuck.server());
            if (stuck.rewrite()) {
                started.stickTo(exchange, sticky);
            }
            return stuck.server();
        }
        Server first = loadBalancer.pick(exchange, null);
        if (first != null) {
            ServerAttempts.start(exchange, first).stickTo(exchange, sticky);
        }
        return first;
    }

    @Override
    public void getConnection(ProxyTarget target, HttpServerExchange exchange, ProxyCallback<ProxyConnection> callback,
                              long timeout, TimeUnit timeUnit) {
        ServerAttempts attempts = exchange.getAttachment(ServerAttempts.KEY);
        ProxyCallback<ProxyConnection> through = attempts == null ? callback : attempts.forward(callback);
        ((Server) target).backend().connect(target, exchange, through, timeout, timeUnit);
    }

    @Override
    public List<ProxyTarget> getAllTargets() {
        return targets;
    }
}
