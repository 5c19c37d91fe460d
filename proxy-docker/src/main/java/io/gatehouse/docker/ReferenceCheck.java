package io.gatehouse.docker;

import io.gatehouse.core.config.ConfigError;
import io.gatehouse.core.config.DynamicConfig;
import io.gatehouse.core.config.HttpConfig;
import io.gatehouse.core.config.MiddlewareConfig;
import io.gatehouse.core.config.RouterConfig;
import io.gatehouse.core.config.ServiceConfig;
import io.gatehouse.core.config.SourceLocation;
import io.gatehouse.core.pipeline.ChainMiddlewareType;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Checks that the names one container's labels refer to exist in the provider's merged
 * configuration: router services and middlewares, chain members, the services of middlewares
 * (errors pages) and load-balancer serversTransports. Names are provider-wide, as in Traefik: a
 * router on one container may use a middleware defined on another. A reference to another
 * provider ({@code x@file}) is that provider's business and is not checked here.
 */
final class ReferenceCheck {

    private final String provider;
    private final String labelRoot;
    private final HttpConfig merged;
    /** Who defines each name among the kept containers (kind + ":" + name): one missing from the merge was a conflict. */
    private final Map<String, List<String>> defined;
    /** Names defined by containers left out for their own errors: kind + ":" + name -> container. */
    private final Map<String, String> leftOut;

    ReferenceCheck(String provider, String labelRoot, DynamicConfig merged, Map<String, List<String>> defined,
                   Map<String, String> leftOut) {
        this.provider = provider;
        this.labelRoot = labelRoot;
        this.merged = merged.http();
        this.defined = defined;
        this.leftOut = leftOut;
    }

    /** The names {@code config} defines, as kind + ":" + name (kinds: service, middleware, serversTransport). */
    static List<String> definitions(DynamicConfig config) {
        List<String> names = new ArrayList<>();
        config.http().services().keySet().forEach(n -> names.add("service:" + n));
        config.http().middlewares().keySet().forEach(n -> names.add("middleware:" + n));
        config.http().serversTransports().keySet().forEach(n -> names.add("serversTransport:" + n));
        return names;
    }

    /** The references of {@code container}'s configuration that do not resolve; empty when all do. */
    List<ConfigError> check(ContainerInfo container, DynamicConfig own, Map<String, List<String>> middlewareServices) {
        SourceLocation at = SourceLocation.of("container " + container.name());
        List<ConfigError> errors = new ArrayList<>();
        HttpConfig http = own.http();
        http.routers().forEach((name, router) -> checkRouter(container, at, name, router, errors));
        http.middlewares().forEach((name, middleware) -> {
            if (ChainMiddlewareType.isChain(middleware)) {
                checkChain(container, at, name, middleware, errors);
            }
        });
        middlewareServices.forEach((name, services) -> {
            MiddlewareConfig middleware = http.middlewares().get(name);
            String key = "http.middlewares." + name + "." + (middleware == null ? "" : middleware.type()) + ".service";
            for (String service : services) {
                check(container, at, key, key, "service", service, merged.services().keySet(), errors);
            }
        });
        http.services().forEach((name, service) -> checkTransport(container, at, name, service, errors));
        return errors;
    }

    private void checkRouter(ContainerInfo container, SourceLocation at, String name, RouterConfig router,
                             List<ConfigError> errors) {
        String path = "http.routers." + name;
        check(container, at, path + ".service", path + ".service", "service", router.service(),
                merged.services().keySet(), errors);
        for (int i = 0; i < router.middlewares().size(); i++) {
            String middleware = router.middlewares().get(i);
            if (middleware == null || middleware.isBlank()) {
                errors.add(new ConfigError(path + ".middlewares[" + i + "]", middleware, describe(container,
                        path + ".middlewares") + ": a middleware name is needed; the container is left out", at));
                continue;
            }
            check(container, at, path + ".middlewares[" + i + "]", path + ".middlewares", "middleware",
                    middleware, merged.middlewares().keySet(), errors);
        }
    }

    private void checkChain(ContainerInfo container, SourceLocation at, String name,
                            MiddlewareConfig chain, List<ConfigError> errors) {
        String path = "http.middlewares." + name + "." + chain.type() + ".middlewares";
        List<String> members;
        try {
            members = ChainMiddlewareType.members(chain);
        } catch (IllegalArgumentException e) {
            errors.add(new ConfigError(path, null, describe(container, path) + ": " + e.getMessage()
                    + "; the container is left out", at));
            return;
        }
        for (int i = 0; i < members.size(); i++) {
            String member = members.get(i);
            if (member == null || member.isBlank()) {
                errors.add(new ConfigError(path + "[" + i + "]", member, describe(container, path)
                        + ": a middleware name is needed; the container is left out", at));
                continue;
            }
            check(container, at, path + "[" + i + "]", path, "middleware", member, merged.middlewares().keySet(),
                    errors);
        }
        List<String> cycle = cycleThrough(name);
        if (cycle != null) {
            errors.add(new ConfigError(path, null, describe(container, path) + ": chain middlewares form a cycle: "
                    + String.join(" -> ", cycle) + "; the container is left out", at));
        }
    }

    private void checkTransport(ContainerInfo container, SourceLocation at, String name,
                                ServiceConfig service, List<ConfigError> errors) {
        if (service.loadBalancer() == null || service.loadBalancer().serversTransport() == null) {
            return;
        }
        String path = "http.services." + name + ".loadBalancer.serversTransport";
        check(container, at, path, path, "serversTransport", service.loadBalancer().serversTransport(),
                merged.serversTransports().keySet(), errors);
    }

    /** Reports {@code ref} unless it names another provider or exists in {@code known}. */
    private void check(ContainerInfo container, SourceLocation at, String path, String labelKey,
                       String kind, String ref, Set<String> known, List<ConfigError> errors) {
        if (ref == null || ref.isBlank()) {
            return; // a router without a service was dealt with when the container was built
        }
        String local = local(ref);
        if (local == null || known.contains(local)) {
            return;
        }
        String why;
        if (defined.containsKey(kind + ":" + local)) {
            why = "the " + kind + " '" + local + "' is defined differently by containers "
                    + String.join(", ", defined.get(kind + ":" + local)) + ", so it is dropped";
        } else if (leftOut.containsKey(kind + ":" + local)) {
            why = "the " + kind + " '" + local + "' is defined only by container " + leftOut.get(kind + ":" + local)
                    + ", which is left out for its own errors";
        } else {
            why = "no such " + kind + " '" + local + "' in the " + provider + " provider" + suggestion(local, known);
        }
        errors.add(new ConfigError(path, ref, describe(container, labelKey) + ": " + why + "; the container is left out",
                at));
    }

    /** The name within this provider, or null when {@code ref} names another provider. */
    private String local(String ref) {
        int at = ref.lastIndexOf('@');
        if (at < 0) {
            return ref;
        }
        return ref.substring(at + 1).equals(provider) ? ref.substring(0, at) : null;
    }

    /** The chain names from {@code start} back to it through local chain members, or null when there is no cycle. */
    private List<String> cycleThrough(String start) {
        List<String> path = new ArrayList<>();
        path.add(start);
        return walk(start, start, path, new HashSet<>()) ? path : null;
    }

    private boolean walk(String start, String current, List<String> path, Set<String> visited) {
        MiddlewareConfig config = merged.middlewares().get(current);
        if (config == null || !ChainMiddlewareType.isChain(config) || !visited.add(current)) {
            return false;
        }
        List<String> members;
        try {
            members = ChainMiddlewareType.members(config);
        } catch (IllegalArgumentException e) {
            return false;
        }
        for (String member : members) {
            String local = member == null ? null : local(member);
            if (local == null) {
                continue;
            }
            path.add(local);
            if (local.equals(start) || walk(start, local, path, visited)) {
                return true;
            }
            path.remove(path.size() - 1);
        }
        return false;
    }

    /** "label traefik.<key>" when the container has that label (keys are case-insensitive), else the key: set automatically. */
    private String describe(ContainerInfo container, String key) {
        String wanted = labelRoot + "." + key;
        for (String label : container.labels().keySet()) {
            if (label.equalsIgnoreCase(wanted)) {
                return "label " + label;
            }
        }
        return key;
    }

    /** A close known name, or a few of them; the list of every name can be long with many containers. */
    private static String suggestion(String wanted, Set<String> known) {
        if (known.isEmpty()) {
            return "; none is defined";
        }
        String lower = wanted.toLowerCase(Locale.ROOT);
        for (String name : known) {
            if (name.toLowerCase(Locale.ROOT).equals(lower)) {
                return "; did you mean '" + name + "'? (names are case-sensitive)";
            }
        }
        List<String> some = known.stream().sorted().limit(10).toList();
        return "; known: " + String.join(", ", some) + (known.size() > some.size() ? ", ..." : "");
    }
}
