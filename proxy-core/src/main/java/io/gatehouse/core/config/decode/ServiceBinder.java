package io.gatehouse.core.config.decode;

import io.gatehouse.core.config.ConfigError;
import io.gatehouse.core.config.CookieConfig;
import io.gatehouse.core.config.FailoverConfig;
import io.gatehouse.core.config.HealthCheckConfig;
import io.gatehouse.core.config.HighestRandomWeightConfig;
import io.gatehouse.core.config.LoadBalancerConfig;
import io.gatehouse.core.config.MirroringConfig;
import io.gatehouse.core.config.PassiveHealthCheckConfig;
import io.gatehouse.core.config.ServerConfig;
import io.gatehouse.core.config.ServiceConfig;
import io.gatehouse.core.config.ServiceRef;
import io.gatehouse.core.config.StickyConfig;
import io.gatehouse.core.config.WeightedConfig;
import io.gatehouse.core.service.health.HealthCheckSpec;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Binds {@code http.services.<name>}: the five kinds of service and their options. */
final class ServiceBinder {

    static final List<String> STRATEGIES = List.of("wrr", "p2c", "hrw", "leasttime");
    static final List<String> SERVICE_KINDS = List.of("loadBalancer", "weighted", "mirroring", "failover",
            "highestRandomWeight");

    private final BindContext ctx;

    ServiceBinder(BindContext ctx) {
        this.ctx = ctx;
    }

    ServiceConfig service(Fields f, String name) {
        List<String> kinds = new ArrayList<>();
        for (String kind : SERVICE_KINDS) {
            if (f.has(kind)) {
                kinds.add(kind);
            }
        }
        if (kinds.size() > 1) {
            ctx.error(f.path(), null, "a service has exactly one kind, got " + String.join(" and ", kinds),
                    f.node().location());
        }
        Fields lb = f.object("loadBalancer", true);
        Fields weighted = f.object("weighted", true);
        Fields mirroring = f.object("mirroring", true);
        Fields failover = f.object("failover", true);
        Fields hrw = f.object("highestRandomWeight", true);
        ServiceConfig config = new ServiceConfig(
                lb == null ? null : finish(lb, loadBalancer(lb)),
                weighted == null ? null : finish(weighted, weighted(weighted)),
                mirroring == null ? null : finish(mirroring, mirroring(mirroring)),
                failover == null ? null : finish(failover, failover(failover)),
                hrw == null ? null : finish(hrw, highestRandomWeight(hrw)));
        if (kinds.isEmpty()) {
            ctx.error(f.path(), null, "a service needs one of " + String.join(", ", SERVICE_KINDS),
                    f.node().location());
        }
        return config;
    }

    static <T> T finish(Fields f, T value) {
        f.finish();
        return value;
    }

    private LoadBalancerConfig loadBalancer(Fields f) {
        List<ServerConfig> servers = f.objects("servers", this::server);
        if (ctx.labels) {
            // Traefik labels write the single server of a container as loadbalancer.server.*.
            Fields single = f.object("server", false);
            if (single != null) {
                ServerConfig s = server(single, 0);
                single.finish();
                servers = servers == null ? new ArrayList<>() : new ArrayList<>(servers);
                if (s != null) {
                    servers.add(0, s);
                }
            }
        }
        StickyConfig sticky = sticky(f);
        Fields hc = f.object("healthCheck", false);
        HealthCheckConfig healthCheck = hc == null ? null : finish(hc, healthCheck(hc));
        Fields phc = f.object("passiveHealthCheck", true);
        PassiveHealthCheckConfig passive = phc == null ? null : finish(phc, new PassiveHealthCheckConfig(
                phc.duration("failureWindow", PassiveHealthCheckConfig.DEFAULT_FAILURE_WINDOW, false),
                phc.integerAtLeast("maxFailedAttempts", PassiveHealthCheckConfig.DEFAULT_MAX_FAILED_ATTEMPTS, 1)));
        boolean passHostHeader = f.bool("passHostHeader", true);
        Fields forwarding = f.object("responseForwarding", false);
        Duration flushInterval = null;
        if (forwarding != null) {
            // Negative is meaningful here: flush after every write.
            flushInterval = forwarding.duration("flushInterval", null, true);
            forwarding.finish();
        }
        String serversTransport = f.string("serversTransport");
        String strategy = f.oneOf("strategy", null, STRATEGIES);
        return new LoadBalancerConfig(servers, passHostHeader, serversTransport, flushInterval, strategy, sticky,
                healthCheck, passive);
    }

    private ServerConfig server(Fields f, int index) {
        String url = f.string("url");
        int weight = f.integerAtLeast("weight", 1, 0);
        boolean preservePath = f.bool("preservePath", false);
        String port = null;
        String scheme = null;
        if (ctx.labels) {
            // Traefik's label-only server options: the provider builds the URL from the container's
            // address, this port and this scheme.
            port = f.string("port");
            scheme = f.string("scheme");
            if (port != null) {
                int p = f.integer("port", 0);
                if (p < 1 || p > 65535) {
                    ctx.error(f.child("port"), f.take("port"), "expected a port between 1 and 65535");
                }
            }
            if (url != null && (port != null || scheme != null)) {
                ctx.error(f.path(), null, "give either url, or port and scheme, not both", f.node().location());
            }
            if (url == null) {
                return new ServerConfig(null, weight, preservePath, port, scheme);
            }
        }
        if (url == null || url.isBlank()) {
            ctx.error(f.child("url"), null, "a server needs a url, e.g. http://10.0.0.5:8080", f.node().location());
            return null;
        }
        checkUrl(f, url);
        return new ServerConfig(url, weight, preservePath, port, scheme);
    }

    private void checkUrl(Fields f, String url) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme();
            if (scheme == null || uri.getHost() == null) {
                ctx.error(f.child("url"), f.take("url"), "expected an absolute URL with a host, e.g. http://10.0.0.5:8080");
            } else if (!List.of("http", "https", "h2c").contains(scheme.toLowerCase())) {
                ctx.error(f.child("url"), f.take("url"), "expected the scheme http, https or h2c");
            }
        } catch (URISyntaxException e) {
            ctx.error(f.child("url"), f.take("url"), "not a valid URL: " + e.getReason());
        }
    }

    private StickyConfig sticky(Fields f) {
        Fields sticky = f.object("sticky", true);
        if (sticky == null) {
            return null;
        }
        Fields cookie = sticky.object("cookie", true);
        CookieConfig cookieConfig = null;
        if (cookie != null) {
            cookieConfig = new CookieConfig(cookie.string("name"), cookie.bool("secure", false),
                    cookie.bool("httpOnly", false), cookie.oneOf("sameSite", null, List.of("none", "lax", "strict")),
                    cookie.integer("maxAge", 0), cookie.string("path"), cookie.string("domain"));
            cookie.finish();
        }
        sticky.finish();
        return new StickyConfig(cookieConfig);
    }

    private HealthCheckConfig healthCheck(Fields f) {
        HealthCheckConfig config = new HealthCheckConfig(f.string("scheme"), f.string("mode"),
                f.string("path"), f.string("method"), f.integer("status", 0), f.integer("port", 0),
                f.duration("interval", null, false), f.duration("unhealthyInterval", null, false),
                f.duration("timeout", null, false), f.string("hostname"), f.bool("followRedirects", true),
                f.stringMap("headers"));
        // One validation for the decoder and the service (HealthCheckSpec), so every bad option is reported at once.
        List<ConfigError> problems = new ArrayList<>();
        HealthCheckSpec.of(config, f.path(), problems);
        for (ConfigError problem : problems) {
            String key = problem.path().substring(f.path().length() + 1).split("\\.", 2)[0];
            ConfigNode at = f.take(key);
            ctx.error(problem.path(), problem.value(), problem.message(), (at == null ? f.node() : at).location());
        }
        return config;
    }

    /** {@code healthCheck: {}} on weighted, mirroring and failover: present or not, no options. */
    private boolean emptyHealthCheck(Fields f) {
        Fields hc = f.object("healthCheck", true);
        if (hc == null) {
            return false;
        }
        hc.finish();
        return true;
    }

    private WeightedConfig weighted(Fields f) {
        return new WeightedConfig(f.objects("services", this::serviceRef), sticky(f), emptyHealthCheck(f));
    }

    private HighestRandomWeightConfig highestRandomWeight(Fields f) {
        return new HighestRandomWeightConfig(f.objects("services", this::serviceRef), emptyHealthCheck(f));
    }

    private ServiceRef serviceRef(Fields f, int index) {
        String name = f.string("name");
        int weight = f.integerAtLeast("weight", ServiceRef.DEFAULT_WEIGHT, 0);
        if (name == null || name.isBlank()) {
            ctx.error(f.child("name"), null, "a service reference needs a name", f.node().location());
            return null;
        }
        return new ServiceRef(name, weight);
    }

    private MirroringConfig mirroring(Fields f) {
        String service = f.string("service");
        if (service == null || service.isBlank()) {
            ctx.error(f.child("service"), null, "mirroring needs the main service", f.node().location());
        }
        long maxBodySize = f.longValue("maxBodySize", MirroringConfig.NO_BODY_LIMIT);
        if (maxBodySize < -1) {
            ctx.error(f.child("maxBodySize"), f.take("maxBodySize"), "expected a size in bytes, or -1 for no limit");
        }
        List<MirroringConfig.Mirror> mirrors = f.objects("mirrors", (m, i) -> {
            String name = m.string("name");
            int percent = m.integer("percent", 0);
            if (percent < 0 || percent > 100) {
                ctx.error(m.child("percent"), m.take("percent"), "expected a percentage between 0 and 100");
            }
            if (name == null || name.isBlank()) {
                ctx.error(m.child("name"), null, "a mirror needs a service name", m.node().location());
                return null;
            }
            return new MirroringConfig.Mirror(name, percent);
        });
        return new MirroringConfig(service, f.bool("mirrorBody", true), maxBodySize, mirrors, emptyHealthCheck(f));
    }

    private FailoverConfig failover(Fields f) {
        String service = f.string("service");
        String fallback = f.string("fallback");
        if (service == null || service.isBlank()) {
            ctx.error(f.child("service"), null, "failover needs the main service", f.node().location());
        }
        if (fallback == null || fallback.isBlank()) {
            ctx.error(f.child("fallback"), null, "failover needs a fallback service", f.node().location());
        }
        Fields errors = f.object("errors", false);
        FailoverConfig.Errors errorsConfig = null;
        if (errors != null) {
            errorsConfig = new FailoverConfig.Errors(errors.strings("status"),
                    errors.longValue("maxRequestBodyBytes", -1));
            errors.finish();
        }
        return new FailoverConfig(service, fallback, emptyHealthCheck(f), errorsConfig);
    }

}
