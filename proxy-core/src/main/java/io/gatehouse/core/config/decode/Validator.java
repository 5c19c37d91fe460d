package io.gatehouse.core.config.decode;

import io.gatehouse.core.config.ConfigError;
import io.gatehouse.core.config.DynamicConfig;
import io.gatehouse.core.config.HttpConfig;
import io.gatehouse.core.config.LoadBalancerConfig;
import io.gatehouse.core.config.RouterConfig;
import io.gatehouse.core.config.ServiceConfig;
import io.gatehouse.core.config.ServiceRef;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks the references inside one configuration: routers to services, middlewares and TLS
 * options, services to services and servers transports. A name qualified with a provider
 * ({@code api@docker}) points outside this configuration and is left to the aggregator.
 */
public final class Validator {

    private Validator() {
    }

    /** Every dangling reference, each with its path; empty when all resolve. */
    public static List<ConfigError> references(DynamicConfig config) {
        List<ConfigError> errors = new ArrayList<>();
        HttpConfig http = config.http();
        Set<String> services = http.services().keySet();
        Set<String> middlewares = http.middlewares().keySet();
        Set<String> transports = http.serversTransports().keySet();
        Set<String> tlsOptions = config.tls().options().keySet();

        for (Map.Entry<String, RouterConfig> e : http.routers().entrySet()) {
            String at = "http.routers." + e.getKey();
            RouterConfig r = e.getValue();
            check(errors, at + ".service", r.service(), services, "service");
            for (int i = 0; i < r.middlewares().size(); i++) {
                check(errors, at + ".middlewares[" + i + "]", r.middlewares().get(i), middlewares, "middleware");
            }
            if (r.tls() != null && r.tls().options() != null && !r.tls().options().equals("default")) {
                check(errors, at + ".tls.options", r.tls().options(), tlsOptions, "TLS options");
            }
        }
        for (Map.Entry<String, ServiceConfig> e : http.services().entrySet()) {
            String at = "http.services." + e.getKey();
            ServiceConfig s = e.getValue();
            LoadBalancerConfig lb = s.loadBalancer();
            if (lb != null && lb.serversTransport() != null) {
                check(errors, at + ".loadBalancer.serversTransport", lb.serversTransport(), transports,
                        "servers transport");
            }
            if (s.weighted() != null) {
                refs(errors, at + ".weighted.services", s.weighted().services(), services);
            }
            if (s.highestRandomWeight() != null) {
                refs(errors, at + ".highestRandomWeight.services", s.highestRandomWeight().services(), services);
            }
            if (s.mirroring() != null) {
                check(errors, at + ".mirroring.service", s.mirroring().service(), services, "service");
                for (int i = 0; i < s.mirroring().mirrors().size(); i++) {
                    check(errors, at + ".mirroring.mirrors[" + i + "].name", s.mirroring().mirrors().get(i).name(),
                            services, "service");
                }
            }
            if (s.failover() != null) {
                check(errors, at + ".failover.service", s.failover().service(), services, "service");
                check(errors, at + ".failover.fallback", s.failover().fallback(), services, "service");
            }
        }
        return errors;
    }

    private static void refs(List<ConfigError> errors, String at, List<ServiceRef> refs, Set<String> services) {
        for (int i = 0; i < refs.size(); i++) {
            check(errors, at + "[" + i + "].name", refs.get(i).name(), services, "service");
        }
    }

    private static void check(List<ConfigError> errors, String path, String name, Set<String> known, String what) {
        if (name == null || name.contains("@") || known.contains(name)) {
            return;
        }
        errors.add(new ConfigError(path, name, "no " + what + " named '" + name + "' in this configuration"
                + Suggestions.didYouMean(name, known)));
    }
}
