package io.gatehouse.core.config;

import java.util.List;

/**
 * {@code http.routers.<name>}: Traefik's router.
 *
 * @param entryPoints the entry points it listens on; empty means all
 * @param rule        the routing rule
 * @param ruleSyntax  "v3" (default, null) or "v2"
 * @param priority    0 means the default (the rule's length); negatives allowed
 * @param middlewares names of middlewares, run in order before the service's
 * @param service     the service name
 * @param tls         TLS termination for this router; null for plain HTTP
 */
public record RouterConfig(List<String> entryPoints, String rule, String ruleSyntax, int priority,
                           List<String> middlewares, String service, RouterTlsConfig tls) {

    public RouterConfig {
        entryPoints = ConfigLists.copy(entryPoints);
        middlewares = ConfigLists.copy(middlewares);
    }

    public RouterConfig(List<String> entryPoints, String rule, String ruleSyntax, int priority,
                        List<String> middlewares, String service) {
        this(entryPoints, rule, ruleSyntax, priority, middlewares, service, null);
    }
}
