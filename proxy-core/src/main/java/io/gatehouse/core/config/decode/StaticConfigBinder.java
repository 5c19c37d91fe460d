package io.gatehouse.core.config.decode;

import io.gatehouse.core.config.ConfigError;
import io.gatehouse.core.config.ConfigException;
import io.gatehouse.core.config.EntryPointConfig;
import io.gatehouse.core.config.ForwardedHeadersConfig;
import io.gatehouse.core.config.RespondingTimeouts;
import io.gatehouse.core.config.decode.ConfigNode.MapNode;
import io.gatehouse.core.config.statics.FileProviderConfig;
import io.gatehouse.core.config.statics.LogConfig;
import io.gatehouse.core.config.statics.PingConfig;
import io.gatehouse.core.config.statics.ProvidersConfig;
import io.gatehouse.core.config.statics.RedirectionConfig;
import io.gatehouse.core.config.statics.StaticConfig;
import io.gatehouse.core.config.statics.StaticEntryPoint;
import io.gatehouse.core.config.RouterTlsConfig;
import io.gatehouse.core.server.EntryPointAddress;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Binds a static configuration tree to {@link StaticConfig}, then applies Traefik's implied entry points. */
final class StaticConfigBinder {

    /** Traefik static sections Gatehouse does not have. */
    private static final List<String> UNSUPPORTED_ROOT = List.of("api", "metrics", "tracing", "accessLog",
            "certificatesResolvers", "experimental", "serversTransport", "tcpServersTransport", "hostResolver",
            "spiffe", "core", "ocsp", "pilot", "hub");
    private static final List<String> UNSUPPORTED_PROVIDERS = List.of("swarm", "kubernetesCRD",
            "kubernetesIngress", "kubernetesGateway", "kubernetesIngressNGINX", "consulCatalog", "nomad", "ecs",
            "consul", "etcd", "zooKeeper", "redis", "http", "plugin", "rest", "marathon", "rancher");
    private static final List<String> UNSUPPORTED_ENTRY_POINT = List.of("http2", "http3", "udp", "proxyProtocol",
            "reusePort", "asDefault", "allowACMEByPass", "observability", "enableHTTP3");
    private static final List<String> LOG_LEVELS =
            Arrays.stream(LogConfig.LogLevel.values()).map(Enum::name).toList();

    private final BindContext ctx;

    StaticConfigBinder(BindContext ctx) {
        this.ctx = ctx;
    }

    StaticConfig bind(ConfigNode root) {
        Fields f = root == null ? new Fields(ctx, new MapNode(Map.of(), null), "") : Fields.of(ctx, root, "");
        if (f == null) {
            return null;
        }
        Map<String, StaticEntryPoint> entryPoints = f.namedObjects("entryPoints", this::entryPoint);
        java.util.Set<String> lowerNames = new java.util.HashSet<>();
        for (String name : entryPoints.keySet()) {
            if (!lowerNames.add(name.toLowerCase(Locale.ROOT))) {
                // Environment variables cannot tell them apart, and references match case-insensitively.
                ctx.error("entryPoints." + name, null, "two entry points named '" + name
                        + "' apart from case; names are case-insensitive", null);
            }
        }
        ProvidersConfig providers = providers(f.object("providers", false));
        PingConfig ping = ping(f.object("ping", true));
        LogConfig log = log(f.object("log", false));
        Fields global = f.object("global", false);
        if (global != null) {
            global.ignored("checkNewVersion", "Gatehouse does not check for new versions");
            global.ignored("sendAnonymousUsage", "Gatehouse sends no usage data");
            global.finish();
        }
        unsupported(f, UNSUPPORTED_ROOT);
        f.finish();
        if (!ctx.errors.isEmpty()) {
            return null;
        }
        return effective(entryPoints, providers, ping, log);
    }

    /** Traefik's implied entry points, then the references between sections. */
    private StaticConfig effective(Map<String, StaticEntryPoint> given, ProvidersConfig providers, PingConfig ping,
                                   LogConfig log) {
        Map<String, StaticEntryPoint> entryPoints = new LinkedHashMap<>(given);
        if (entryPoints.isEmpty()) {
            entryPoints.put(StaticConfig.DEFAULT_ENTRY_POINT, new StaticEntryPoint(EntryPointConfig.of(":80"), null));
        }
        if (ping != null && !ping.manualRouting() && ping.entryPoint().equals(StaticConfig.TRAEFIK_ENTRY_POINT)
                && find(entryPoints, StaticConfig.TRAEFIK_ENTRY_POINT) == null) {
            entryPoints.put(StaticConfig.TRAEFIK_ENTRY_POINT, new StaticEntryPoint(EntryPointConfig.of(":8080"), null));
        }
        if (ping != null && !ping.manualRouting()) {
            String name = find(entryPoints, ping.entryPoint());
            if (name == null) {
                ctx.error("ping.entryPoint", ping.entryPoint(), "no such entry point; known: " + entryPoints.keySet(), null);
            } else {
                ping = new PingConfig(name, false, ping.terminatingStatusCode());
            }
        }
        for (Map.Entry<String, StaticEntryPoint> e : List.copyOf(entryPoints.entrySet())) {
            RedirectionConfig r = e.getValue().redirection();
            if (r == null) {
                continue;
            }
            String path = "entryPoints." + e.getKey() + ".http.redirections.entryPoint.to";
            if (r.to().startsWith(":")) {
                // Traefik also takes a bare port (":443") instead of an entry point's name.
                if (!r.to().matches(":\\d{1,5}") || Integer.parseInt(r.to().substring(1)) > 65535
                        || Integer.parseInt(r.to().substring(1)) == 0) {
                    ctx.error(path, r.to(), "expected an entry point name or a port such as ':443'", null);
                }
                continue;
            }
            String target = find(entryPoints, r.to());
            if (target == null) {
                ctx.error(path, r.to(), "no such entry point; known: " + entryPoints.keySet(), null);
            } else if (target.equals(e.getKey())) {
                ctx.error(path, r.to(), "an entry point cannot redirect to itself", null);
            } else {
                entryPoints.put(e.getKey(), new StaticEntryPoint(e.getValue().config(),
                        new RedirectionConfig(target, r.scheme(), r.permanent(), r.priority())));
            }
        }
        return ctx.errors.isEmpty() ? new StaticConfig(entryPoints, providers, ping, log) : null;
    }

    /** The entry point's name as configured, matched case-insensitively (environment variables are upper case). */
    private static String find(Map<String, StaticEntryPoint> entryPoints, String name) {
        if (entryPoints.containsKey(name)) {
            return name;
        }
        return entryPoints.keySet().stream().filter(k -> k.equalsIgnoreCase(name)).findFirst().orElse(null);
    }

    // ---- entryPoints -----------------------------------------------------------------------

    private StaticEntryPoint entryPoint(Fields f, String name) {
        int before = ctx.errors.size();
        if (name.indexOf('@') >= 0) {
            ctx.error(f.path(), null, "an entry point name must not contain '@' (reserved for name@provider)",
                    f.node().location());
        }
        String address = f.string("address");
        if (address == null) {
            ctx.error(f.child("address"), null, "an address such as ':8080' is required", f.node().location());
        } else {
            try {
                EntryPointAddress.parse(f.child("address"), address);
            } catch (ConfigException e) {
                ConfigNode at = f.take("address");
                for (ConfigError error : e.errors()) {
                    String value = error.value() != null && error.value().length() > 200
                            ? error.value().substring(0, 200) + "..." : error.value();
                    ctx.error(error.path(), value, error.message(), at == null ? null : at.location());
                }
            }
        }
        Fields httpFields = f.object("http", false);
        RouterTlsConfig entryPointTls = httpFields == null ? null : httpTls(httpFields.object("tls", true));
        RedirectionConfig redirection = http(httpFields);
        ForwardedHeadersConfig forwarded = forwardedHeaders(f.object("forwardedHeaders", false));
        RespondingTimeouts timeouts = null;
        Duration graceTimeOut = null;
        Fields transport = f.object("transport", false);
        if (transport != null) {
            Fields responding = transport.object("respondingTimeouts", false);
            if (responding != null) {
                RespondingTimeouts d = RespondingTimeouts.DEFAULTS;
                timeouts = new RespondingTimeouts(
                        responding.duration("readTimeout", d.readTimeout(), false),
                        responding.duration("writeTimeout", d.writeTimeout(), false),
                        responding.duration("idleTimeout", d.idleTimeout(), false));
                responding.finish();
            }
            Fields lifeCycle = transport.object("lifeCycle", false);
            if (lifeCycle != null) {
                graceTimeOut = lifeCycle.duration("graceTimeOut", EntryPointConfig.DEFAULT_GRACE_TIME_OUT, false);
                unsupported(lifeCycle, List.of("requestAcceptGraceTimeout"));
                lifeCycle.finish();
            }
            unsupported(transport, List.of("keepAliveMaxRequests", "keepAliveMaxTime"));
            transport.finish();
        }
        unsupported(f, UNSUPPORTED_ENTRY_POINT);
        if (ctx.errors.size() > before) {
            return null;
        }
        return new StaticEntryPoint(new EntryPointConfig(address.trim(), forwarded, timeouts, graceTimeOut, entryPointTls),
                redirection);
    }

    private RedirectionConfig http(Fields http) {
        if (http == null) {
            return null;
        }
        RedirectionConfig redirection = null;
        Fields redirections = http.object("redirections", false);
        if (redirections != null) {
            Fields to = redirections.object("entryPoint", false);
            if (to != null) {
                String target = to.string("to");
                if (target == null || target.isBlank()) {
                    ctx.error(to.child("to"), null, "the entry point to redirect to is required", to.node().location());
                }
                String scheme = to.string("scheme", RedirectionConfig.DEFAULT_SCHEME).trim();
                if (!scheme.matches("[A-Za-z][A-Za-z0-9+.-]*")) {
                    ctx.error(to.child("scheme"), to.take("scheme"), "expected a URL scheme such as https");
                }
                boolean permanent = to.bool("permanent", true);
                int priority = to.integer("priority", RedirectionConfig.DEFAULT_PRIORITY);
                to.finish();
                if (target != null && !target.isBlank()) {
                    redirection = new RedirectionConfig(target.trim(), scheme.toLowerCase(Locale.ROOT), permanent,
                            priority == 0 ? RedirectionConfig.DEFAULT_PRIORITY : priority);
                }
            }
            redirections.finish();
        }
        unsupported(http, List.of("middlewares", "encodeQuerySemicolons", "sanitizePath", "maxHeaderBytes"));
        http.finish();
        return redirection;
    }

    /** {@code entryPoints.<n>.http.tls}: {@code true} or {options, certResolver, domains}, as a router's tls. */
    private RouterTlsConfig httpTls(Fields tls) {
        if (tls == null) {
            return null;
        }
        RouterTlsConfig config = new RouterTlsConfig(blankToNull(tls.string("options")), blankToNull(tls.string("certResolver")),
                tls.objects("domains", (d, i) -> new RouterTlsConfig.Domain(d.string("main"), d.strings("sans"))));
        tls.finish();
        return config;
    }

    private ForwardedHeadersConfig forwardedHeaders(Fields f) {
        if (f == null) {
            return null;
        }
        boolean insecure = f.bool("insecure", false);
        List<String> trusted = f.strings("trustedIPs");
        unsupported(f, List.of("connection"));
        f.finish();
        return new ForwardedHeadersConfig(insecure, trusted);
    }

    // ---- providers, ping, log --------------------------------------------------------------

    private ProvidersConfig providers(Fields f) {
        if (f == null) {
            return ProvidersConfig.DEFAULTS;
        }
        Duration throttle = f.duration("providersThrottleDuration", ProvidersConfig.DEFAULT_THROTTLE, false);
        FileProviderConfig file = null;
        Fields fileFields = f.object("file", false);
        if (fileFields != null) {
            String filename = blankToNull(fileFields.string("filename"));
            String directory = blankToNull(fileFields.string("directory"));
            boolean watch = fileFields.bool("watch", true);
            fileFields.ignored("debugLogGeneratedTemplate", "Gatehouse does not expand templates in files");
            if ((filename == null) == (directory == null)) {
                ctx.error(fileFields.path(), null, filename == null
                        ? "either filename or directory is required"
                        : "filename and directory cannot both be set", fileFields.node().location());
            } else {
                file = new FileProviderConfig(filename, directory, watch);
            }
            fileFields.finish();
        }
        Map<String, String> docker = null;
        if (f.has("docker")) {
            docker = new LinkedHashMap<>();
            flatten(f.take("docker"), "", f.child("docker"), docker);
        }
        unsupported(f, UNSUPPORTED_PROVIDERS);
        f.finish();
        return new ProvidersConfig(file, throttle, docker);
    }

    /**
     * {@code providers.docker} as flat option names ({@code tls.ca}) and text values: the Docker module
     * checks them itself, with the same messages whether they came from a file, flags or the environment.
     * A list (constraints are one expression, but a list of CA files is not) is joined with commas.
     */
    private void flatten(ConfigNode node, String prefix, String path, Map<String, String> out) {
        if (node instanceof MapNode map) {
            if (map.entries().isEmpty() && !prefix.isEmpty()) {
                out.put(prefix, "");
            }
            map.entries().forEach((key, value) ->
                    flatten(value, prefix.isEmpty() ? key : prefix + "." + key, path + "." + key, out));
        } else if (node instanceof ConfigNode.ListNode list) {
            List<String> items = new java.util.ArrayList<>();
            for (ConfigNode item : list.items()) {
                if (!(item instanceof ConfigNode.ValueNode value) || value.text() == null) {
                    ctx.error(path, null, "expected a list of values", item == null ? null : item.location());
                    return;
                }
                items.add(value.text());
            }
            out.put(prefix, String.join(",", items));
        } else if (node instanceof ConfigNode.ValueNode value) {
            out.put(prefix, value.text() == null ? "" : value.text());
        }
    }

    private PingConfig ping(Fields f) {
        if (f == null) {
            return null;
        }
        PingConfig d = PingConfig.DEFAULTS;
        String entryPoint = blankToNull(f.string("entryPoint"));
        boolean manualRouting = f.bool("manualRouting", false);
        int status = f.integer("terminatingStatusCode", d.terminatingStatusCode());
        if (status < 100 || status > 599) {
            ctx.error(f.child("terminatingStatusCode"), f.take("terminatingStatusCode"),
                    "expected an HTTP status code from 100 to 599");
        }
        f.finish();
        return new PingConfig(entryPoint == null ? d.entryPoint() : entryPoint.trim(), manualRouting, status);
    }

    private LogConfig log(Fields f) {
        if (f == null) {
            return LogConfig.DEFAULTS;
        }
        String level = f.oneOf("level", "ERROR", LOG_LEVELS);
        String format = f.oneOf("format", "common", List.of("common", "json"));
        f.ignored("noColor", "Gatehouse does not colour its logs");
        unsupported(f, List.of("filePath", "maxSize", "maxAge", "maxBackups", "compress"));
        f.finish();
        return new LogConfig(LogConfig.LogLevel.valueOf(level),
                LogConfig.LogFormat.valueOf(format.toUpperCase(Locale.ROOT)));
    }

    /**
     * Traefik keys Gatehouse does not have: an error for each one present. Only those present are
     * marked known, so that the "known keys" of an unknown-key error list what is supported.
     */
    private static void unsupported(Fields f, List<String> keys) {
        for (String present : f.presentKeys()) {
            keys.stream().filter(k -> k.equalsIgnoreCase(present)).findFirst().ifPresent(f::unsupported);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
