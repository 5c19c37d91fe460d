package io.gatehouse.core.routing;

import io.gatehouse.core.rule.ParsedRule;
import io.undertow.server.HttpHandler;

import java.util.Objects;

/**
 * A router ready to serve: its rule and the handler (middleware chain + service) it leads to.
 *
 * @param name     the router's qualified name, e.g. {@code web@file}
 * @param rule     the parsed rule
 * @param priority as configured; 0 means the default, the rule's length (Traefik)
 * @param handler  where matching requests go
 */
public record Route(String name, ParsedRule rule, int priority, HttpHandler handler) {

    public Route {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(handler, "handler");
    }

    /** The priority the table orders by: the configured one, or the rule's length when it is 0. */
    public int effectivePriority() {
        return priority == 0 ? rule.defaultPriority() : priority;
    }
}
