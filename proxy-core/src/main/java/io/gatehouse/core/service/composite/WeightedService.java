package io.gatehouse.core.service.composite;

import io.gatehouse.core.config.WeightedConfig;
import io.gatehouse.core.http.PlainResponses;
import io.gatehouse.core.service.ServiceHandler;
import io.gatehouse.core.service.sticky.StickyCookie;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code http.services.<name>.weighted}: smooth weighted round robin over child services (weight 0: never picked).
 * With {@code healthCheck: {}} a child that is not up is skipped (its turn goes to the next in the order) and the
 * service is down when every child is down. With {@code sticky.cookie} a client that carries the cookie of an
 * (up) child keeps going to it; a fresh pick sets the cookie.
 */
public final class WeightedService implements ServiceHandler {

    private final String name;
    private final Child[] children;
    private final int[] order;
    private final boolean healthCheck;
    private final StickyCookie sticky;
    private final AtomicInteger next = new AtomicInteger();

    WeightedService(String name, WeightedConfig config, List<Child> children) {
        this.name = name;
        this.children = children.toArray(Child[]::new);
        this.order = SmoothWeightedSchedule.of(children.stream().mapToInt(Child::weight).toArray());
        this.healthCheck = config.healthCheck();
        this.sticky = config.sticky() == null ? null : StickyCookie.create(name, config.sticky().cookie(),
                children.stream().map(Child::name).toList(), children.stream().mapToInt(Child::weight).toArray(),
                "http.services." + name + ".weighted.sticky.cookie", new ArrayList<>()); // validated with the config
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (sticky != null) {
            StickyCookie.Lookup stuck = sticky.lookup(exchange);
            if (stuck != null && usable(children[stuck.index()])) {
                if (stuck.rewrite()) {
                    setCookie(exchange, stuck.index());
                }
                children[stuck.index()].handler().handleRequest(exchange);
                return;
            }
        }
        int index = pick();
        if (index < 0) {
            PlainResponses.send(exchange, StatusCodes.SERVICE_UNAVAILABLE);
            return;
        }
        if (sticky != null) {
            setCookie(exchange, index);
        }
        children[index].handler().handleRequest(exchange);
    }

    /** The next child in the order that can take the request, or -1. */
    int pick() {
        int length = order.length;
        if (length == 0) {
            return -1;
        }
        int start = Math.floorMod(next.getAndIncrement(), length);
        for (int i = 0; i < length; i++) {
            int index = order[(start + i) % length];
            if (usable(children[index])) {
                return index;
            }
        }
        return -1;
    }

    private boolean usable(Child child) {
        return !healthCheck || child.service().isUp();
    }

    /** Adds the cookie when the response commits, after the child's own Set-Cookie headers are copied. */
    private void setCookie(HttpServerExchange exchange, int index) {
        String header = sticky.setCookie(index);
        exchange.addResponseCommitListener(committed -> committed.getResponseHeaders().add(Headers.SET_COOKIE, header));
    }

    /** The sticky cookie's name, or null without sticky sessions. */
    public String stickyCookieName() {
        return sticky == null ? null : sticky.name();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean isUp() {
        if (!healthCheck) {
            return true; // without healthCheck the children's health is not looked at, as Traefik
        }
        for (Child child : children) {
            if (child.weight() > 0 && child.service().isUp()) {
                return true;
            }
        }
        return false;
    }

    /** The children are services in their own right: the pipeline closes them. */
    @Override
    public void close() {
    }

    @Override
    public void closeNow() {
    }
}
