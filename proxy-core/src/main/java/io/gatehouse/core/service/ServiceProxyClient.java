package io.gatehouse.core.service;

import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.proxy.ProxyCallback;
import io.undertow.server.handlers.proxy.ProxyClient;
import io.undertow.server.handlers.proxy.ProxyConnection;

import java.util.List;
import java.util.concurrent.TimeUnit;

/** ProxyHandler's view of a service: the load balancer picks, the server's pools connect. */
final class ServiceProxyClient implements ProxyClient {

    private final LoadBalancer loadBalancer;
    private final List<ProxyTarget> targets;

    ServiceProxyClient(LoadBalancer loadBalancer, List<Server> servers) {
        this.loadBalancer = loadBalancer;
        this.targets = List.copyOf(servers);
    }

    @Override
    public ProxyTarget findTarget(HttpServerExchange exchange) {
        return loadBalancer.pick(exchange);
    }

    @Override
    public void getConnection(ProxyTarget target, HttpServerExchange exchange, ProxyCallback<ProxyConnection> callback,
                              long timeout, TimeUnit timeUnit) {
        ((Server) target).backend().connect(target, exchange, callback, timeout, timeUnit);
    }

    @Override
    public List<ProxyTarget> getAllTargets() {
        return targets;
    }
}
