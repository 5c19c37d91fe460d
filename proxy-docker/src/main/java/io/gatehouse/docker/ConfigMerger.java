package io.gatehouse.docker;

import io.gatehouse.core.config.CertificateFiles;
import io.gatehouse.core.config.ConfigError;
import io.gatehouse.core.config.DynamicConfig;
import io.gatehouse.core.config.HttpConfig;
import io.gatehouse.core.config.LoadBalancerConfig;
import io.gatehouse.core.config.ServerConfig;
import io.gatehouse.core.config.ServiceConfig;
import io.gatehouse.core.config.SourceLocation;
import io.gatehouse.core.config.TlsConfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Traefik's provider merge: containers that define the same router, middleware or transport the
 * same way share it; load-balancer services that differ only in their servers share one service
 * with all the servers; any other definition given differently by two containers is dropped and
 * reported with the containers that gave it.
 */
final class ConfigMerger {

    /** One kind of named resource: the merged definitions, who defined each, and which conflict. */
    private static final class Section<V> {
        final String path;
        final Map<String, V> values = new LinkedHashMap<>();
        final Map<String, Set<String>> definedBy = new LinkedHashMap<>();
        final Set<String> conflicting = new LinkedHashSet<>();

        Section(String path) {
            this.path = path;
        }

        void add(String container, String name, V value, java.util.function.BinaryOperator<V> mergeOrNull) {
            definedBy.computeIfAbsent(name, k -> new LinkedHashSet<>()).add(container);
            V existing = values.get(name);
            if (existing == null) {
                values.put(name, value);
                return;
            }
            V merged = mergeOrNull.apply(existing, value);
            if (merged == null) {
                conflicting.add(name);
            } else {
                values.put(name, merged);
            }
        }

        Map<String, V> result() {
            Map<String, V> out = new LinkedHashMap<>(values);
            conflicting.forEach(out::remove);
            return out;
        }

        void report(List<ConfigError> errors) {
            for (String name : conflicting) {
                errors.add(new ConfigError(path + "." + name, null, "defined differently by containers "
                        + String.join(", ", definedBy.get(name)) + "; dropped", SourceLocation.of("docker")));
            }
        }
    }

    private final Section<io.gatehouse.core.config.RouterConfig> routers = new Section<>("http.routers");
    private final Section<ServiceConfig> services = new Section<>("http.services");
    private final Section<io.gatehouse.core.config.MiddlewareConfig> middlewares = new Section<>("http.middlewares");
    private final Section<io.gatehouse.core.config.ServersTransportConfig> transports = new Section<>("http.serversTransports");
    private final Section<io.gatehouse.core.config.TlsOptions> tlsOptions = new Section<>("tls.options");
    private final Section<io.gatehouse.core.config.TlsStore> tlsStores = new Section<>("tls.stores");
    private final Set<CertificateFiles> certificates = new LinkedHashSet<>();

    void add(String container, DynamicConfig config) {
        HttpConfig http = config.http();
        http.routers().forEach((n, v) -> routers.add(container, n, v, ConfigMerger::sameOrNull));
        http.services().forEach((n, v) -> services.add(container, n, v, ConfigMerger::mergeServices));
        http.middlewares().forEach((n, v) -> middlewares.add(container, n, v, ConfigMerger::sameOrNull));
        http.serversTransports().forEach((n, v) -> transports.add(container, n, v, ConfigMerger::sameOrNull));
        TlsConfig tls = config.tls();
        tls.options().forEach((n, v) -> tlsOptions.add(container, n, v, ConfigMerger::sameOrNull));
        tls.stores().forEach((n, v) -> tlsStores.add(container, n, v, ConfigMerger::sameOrNull));
        certificates.addAll(tls.certificates());
    }

    DynamicConfig result() {
        return new DynamicConfig(
                new HttpConfig(routers.result(), services.result(), middlewares.result(), transports.result()),
                new TlsConfig(List.copyOf(certificates), tlsOptions.result(), tlsStores.result()));
    }

    List<ConfigError> conflicts() {
        List<ConfigError> errors = new ArrayList<>();
        routers.report(errors);
        services.report(errors);
        middlewares.report(errors);
        transports.report(errors);
        tlsOptions.report(errors);
        tlsStores.report(errors);
        return errors;
    }

    private static <V> V sameOrNull(V a, V b) {
        return Objects.equals(a, b) ? a : null;
    }

    /** Load balancers equal but for their servers merge, servers de-duplicated by URL. */
    private static ServiceConfig mergeServices(ServiceConfig a, ServiceConfig b) {
        if (a.loadBalancer() == null || b.loadBalancer() == null) {
            return sameOrNull(a, b);
        }
        if (!withServers(a.loadBalancer(), List.of()).equals(withServers(b.loadBalancer(), List.of()))) {
            return null;
        }
        List<ServerConfig> servers = new ArrayList<>(a.loadBalancer().servers());
        Set<String> urls = new LinkedHashSet<>();
        servers.forEach(s -> urls.add(s.url()));
        for (ServerConfig s : b.loadBalancer().servers()) {
            if (urls.add(s.url())) {
                servers.add(s);
            }
        }
        return new ServiceConfig(withServers(a.loadBalancer(), servers));
    }

    private static LoadBalancerConfig withServers(LoadBalancerConfig lb, List<ServerConfig> servers) {
        return new LoadBalancerConfig(servers, lb.passHostHeader(), lb.serversTransport(), lb.flushInterval(),
                lb.strategy(), lb.sticky(), lb.healthCheck(), lb.passiveHealthCheck());
    }
}
