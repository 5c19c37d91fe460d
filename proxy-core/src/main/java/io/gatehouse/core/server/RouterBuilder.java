package io.gatehouse.core.server;

import io.gatehouse.core.config.RouterConfig;
import io.gatehouse.core.config.RouterTlsConfig;

import java.util.List;

/** Builds a router in code: {@code r -> r.rule("PathPrefix(`/api`)").service("api")}. */
public final class RouterBuilder {

    private String rule;
    private String ruleSyntax;
    private int priority;
    private List<String> middlewares = List.of();
    private List<String> entryPoints = List.of();
    private String service;
    private RouterTlsConfig tls;

    RouterBuilder() {
    }

    public RouterBuilder rule(String rule) {
        this.rule = rule;
        return this;
    }

    /** "v3" (default) or "v2". */
    public RouterBuilder ruleSyntax(String ruleSyntax) {
        this.ruleSyntax = ruleSyntax;
        return this;
    }

    /** 0 means the default: the rule's length. */
    public RouterBuilder priority(int priority) {
        this.priority = priority;
        return this;
    }

    /** Middleware names, run in this order before the service. */
    public RouterBuilder middlewares(String... names) {
        this.middlewares = List.of(names);
        return this;
    }

    /** The entry points this router listens on; none means all of them. */
    public RouterBuilder entryPoints(String... names) {
        this.entryPoints = List.of(names);
        return this;
    }

    public RouterBuilder service(String service) {
        this.service = service;
        return this;
    }

    /** Serves this router over HTTPS only, with the default TLS options (Traefik's {@code tls: {}}). */
    public RouterBuilder tls() {
        return tls(RouterTlsConfig.DEFAULT);
    }

    /** Serves this router over HTTPS only, with these settings (e.g. {@code new RouterTlsConfig("modern", null, null)}). */
    public RouterBuilder tls(RouterTlsConfig tls) {
        this.tls = tls;
        return this;
    }

    RouterConfig build() {
        return new RouterConfig(entryPoints, rule, ruleSyntax, priority, middlewares, service, tls);
    }
}
