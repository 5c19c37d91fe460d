package io.gatehouse.core.service.composite;

import io.gatehouse.core.config.ConfigError;
import io.gatehouse.core.config.ConfigException;
import io.gatehouse.core.config.FailoverConfig;
import io.gatehouse.core.config.HighestRandomWeightConfig;
import io.gatehouse.core.config.MirroringConfig;
import io.gatehouse.core.config.ServiceConfig;
import io.gatehouse.core.config.ServiceRef;
import io.gatehouse.core.config.WeightedConfig;
import io.gatehouse.core.http.StatusRanges;
import io.gatehouse.core.service.sticky.StickyCookie;
import io.gatehouse.core.service.LoadBalancedService;
import io.gatehouse.core.service.ServiceHandler;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds the services made of other services: weighted, mirroring, failover and highestRandomWeight. The caller
 * (the snapshot builder) resolves the {@link #references} first, in order, then calls {@link #create} with one
 * {@link Child} per reference.
 */
public final class CompositeServices {

    /**
     * A service a composite names.
     *
     * @param path   where it is written, e.g. {@code http.services.canary.weighted.services[1].name}
     * @param name   as written (qualify it with the owner's provider)
     * @param weight its weight (1 where the kind has none)
     */
    public record Reference(String path, String name, int weight) {
    }

    private CompositeServices() {
    }

    /** Whether {@code config} is one of the composite kinds (else it is a loadBalancer). */
    public static boolean isComposite(ServiceConfig config) {
        return config.weighted() != null || config.mirroring() != null || config.failover() != null
                || config.highestRandomWeight() != null;
    }

    /**
     * The services {@code config} refers to, in a fixed order, after checking everything that needs no other
     * service. Every problem is reported at once.
     */
    public static List<Reference> references(String serviceName, ServiceConfig config) throws ConfigException {
        String base = "http.services." + serviceName;
        List<ConfigError> errors = new ArrayList<>();
        List<Reference> refs = new ArrayList<>();
        if (config.weighted() != null) {
            weightedRefs(base + ".weighted", config.weighted().services(), refs, errors);
            if (config.weighted().sticky() != null) {
                StickyCookie.validate(config.weighted().sticky().cookie(), base + ".weighted.sticky.cookie", errors);
            }
        } else if (config.highestRandomWeight() != null) {
            weightedRefs(base + ".highestRandomWeight", config.highestRandomWeight().services(), refs, errors);
        } else if (config.mirroring() != null) {
            MirroringConfig m = config.mirroring();
            String at = base + ".mirroring";
            named(at + ".service", m.service(), "mirroring needs the main service", refs, errors);
            if (m.maxBodySize() < MirroringConfig.NO_BODY_LIMIT) {
                errors.add(new ConfigError(at + ".maxBodySize", String.valueOf(m.maxBodySize()),
                        "expected a size in bytes, or -1 for no limit"));
            }
            for (int i = 0; i < m.mirrors().size(); i++) {
                MirroringConfig.Mirror mirror = m.mirrors().get(i);
                String path = at + ".mirrors[" + i + "]";
                if (mirror == null) {
                    errors.add(new ConfigError(path, null, "a mirror needs a service name"));
                    continue;
                }
                if (mirror.percent() < 0 || mirror.percent() > 100) {
                    errors.add(new ConfigError(path + ".percent", String.valueOf(mirror.percent()),
                            "expected a percentage between 0 and 100"));
                }
                named(path + ".name", mirror.name(), "a mirror needs a service name", refs, errors);
            }
        } else if (config.failover() != null) {
            FailoverConfig f = config.failover();
            String at = base + ".failover";
            named(at + ".service", f.service(), "failover needs the main service", refs, errors);
            named(at + ".fallback", f.fallback(), "failover needs a fallback service", refs, errors);
            if (f.errors() != null) {
                failoverErrors(at + ".errors", f.errors(), errors);
            }
        } else {
            errors.add(new ConfigError(base, null, "not a weighted, mirroring, failover or highestRandomWeight service"));
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        return refs;
    }

    private static void weightedRefs(String at, List<ServiceRef> services, List<Reference> refs, List<ConfigError> errors) {
        if (services.isEmpty()) {
            errors.add(new ConfigError(at + ".services", null, "needs at least one service"));
        }
        for (int i = 0; i < services.size(); i++) {
            ServiceRef ref = services.get(i);
            String path = at + ".services[" + i + "]";
            if (ref == null || ref.name() == null || ref.name().isBlank()) {
                errors.add(new ConfigError(path + ".name", null, "a service reference needs a name"));
                continue;
            }
            if (ref.weight() < 0) {
                errors.add(new ConfigError(path + ".weight", String.valueOf(ref.weight()), "must be 0 or more"));
            }
            refs.add(new Reference(path + ".name", ref.name(), ref.weight()));
        }
    }

    private static void named(String path, String name, String missing, List<Reference> refs, List<ConfigError> errors) {
        if (name == null || name.isBlank()) {
            errors.add(new ConfigError(path, name, missing));
        } else {
            refs.add(new Reference(path, name, ServiceRef.DEFAULT_WEIGHT));
        }
    }

    /** {@code failover.errors}: every status entry and the body limit, each error at its path. */
    private static void failoverErrors(String at, FailoverConfig.Errors config, List<ConfigError> errors) {
        for (int i = 0; i < config.status().size(); i++) {
            String status = config.status().get(i);
            String problem = StatusRanges.problem(status);
            if (problem != null) {
                errors.add(new ConfigError(at + ".status[" + i + "]", status, problem));
            }
        }
        if (config.maxRequestBodyBytes() < -1) {
            errors.add(new ConfigError(at + ".maxRequestBodyBytes", String.valueOf(config.maxRequestBodyBytes()),
                    "expected a size in bytes, or -1 for no limit"));
        }
    }

    /**
     * Builds the service. {@code children} holds one child per {@link #references} entry, in the same order, their
     * names qualified.
     */
    public static ServiceHandler create(String serviceName, ServiceConfig config, List<Child> children)
            throws ConfigException {
        if (config.weighted() != null) {
            WeightedConfig weighted = config.weighted();
            return new WeightedService(serviceName, weighted, children);
        }
        if (config.highestRandomWeight() != null) {
            HighestRandomWeightConfig hrw = config.highestRandomWeight();
            return new HighestRandomWeightService(serviceName, hrw, children);
        }
        if (config.failover() != null) {
            FailoverConfig f = config.failover();
            FailoverConfig.Errors errors = f.errors();
            boolean onStatus = errors != null && !errors.status().isEmpty();
            return new FailoverService(serviceName, children.get(0), children.get(1), f.healthCheck(),
                    onStatus ? StatusRanges.parse(errors.status()) : null, onStatus ? errors.maxRequestBodyBytes() : -1);
        }
        MirroringConfig m = config.mirroring();
        String at = "http.services." + serviceName + ".mirroring";
        List<ConfigError> errors = new ArrayList<>();
        List<MirroringService.Mirror> mirrors = new ArrayList<>();
        for (int i = 0; i < m.mirrors().size(); i++) {
            Child child = children.get(i + 1);
            if (child.service() instanceof LoadBalancedService lb) {
                mirrors.add(new MirroringService.Mirror(new MirrorTarget(child.name(), lb), m.mirrors().get(i).percent(),
                        MirroringService.DEFAULT_MAX_IN_FLIGHT));
            } else {
                errors.add(new ConfigError(at + ".mirrors[" + i + "].name", m.mirrors().get(i).name(),
                        "a mirror must be a loadBalancer service; '" + child.name() + "' is not"));
            }
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        return new MirroringService(serviceName, children.get(0), mirrors, m.mirrorBody(), m.maxBodySize(), m.healthCheck());
    }
}
