package io.gatehouse.docker;

import io.gatehouse.core.config.ConfigError;
import io.gatehouse.core.config.DynamicConfig;
import io.gatehouse.core.config.HttpConfig;
import io.gatehouse.core.config.LoadBalancerConfig;
import io.gatehouse.core.config.MiddlewareConfig;
import io.gatehouse.core.config.RouterConfig;
import io.gatehouse.core.config.ServerConfig;
import io.gatehouse.core.config.ServiceConfig;
import io.gatehouse.core.config.SourceLocation;
import io.gatehouse.core.config.decode.ConfigDecoder;
import io.gatehouse.core.config.decode.DecodeResult;
import io.gatehouse.core.config.decode.FlatKeyDecoder;
import io.gatehouse.core.middleware.MiddlewareTypes;
import io.gatehouse.core.pipeline.ChainMiddlewareType;
import io.gatehouse.core.rule.RuleParser;
import io.gatehouse.core.rule.RuleSyntax;
import io.gatehouse.core.rule.RuleSyntaxException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns containers into one dynamic configuration with Traefik's Docker label semantics: the
 * {@code enable} label and {@code exposedByDefault}, constraints, health and state, the automatic
 * service and router, {@code defaultRule}, the server URL from port, scheme, network and
 * {@code useBindPortIP}, and the merge of containers that define the same names. A container whose
 * labels are wrong (they do not decode, a middleware they define cannot be built with the pipeline's
 * middleware types, a name they refer to within this provider does not exist) loses only its own
 * routers, services and middlewares; the error names it and the label. Checked here rather than only
 * when the proxy builds its routes, where one bad container would reject the provider's whole
 * configuration. No engine, no IO; thread-safe.
 */
public final class ContainerConfigBuilder {

    /** The configuration and the problems found: errors dropped something, warnings ignored a part. */
    public record Result(DynamicConfig config, List<ConfigError> errors, List<ConfigError> warnings) {
        public Result {
            errors = List.copyOf(errors);
            warnings = List.copyOf(warnings);
        }
    }

    /** One container's part that passed its own checks, waiting for the provider-wide reference check. */
    private record Piece(ContainerInfo container, DynamicConfig config, Map<String, List<String>> middlewareServices) {
    }

    /** The path of a list item, e.g. {@code http.middlewares.m.ipAllowList.sourceRange[1]}. */
    private static final Pattern LIST_ITEM = Pattern.compile("(.*)\\[(\\d{1,9})]$");

    private final DockerProviderConfig settings;
    private final RuleTemplate defaultRule;
    private final Constraints constraints;
    private final FlatKeyDecoder decoder;
    private final MiddlewareValidator middlewares;
    private final String providerName;
    private final String hostAddress;

    /**
     * A builder for the provider named {@code docker}, with the middleware types on the class path.
     *
     * @param settings    the provider's settings (validated: an invalid defaultRule or constraint throws)
     * @param hostAddress the address of host-network containers (Traefik: host.docker.internal if it
     *                    resolves, else 127.0.0.1)
     */
    public ContainerConfigBuilder(DockerProviderConfig settings, String hostAddress)
            throws InvalidTemplateException, Constraints.InvalidConstraintException {
        this(settings, hostAddress, MiddlewareTypes.load(), "docker");
    }

    /** Only the decoder's middleware types are used: labels are always decoded allowing incomplete routers. */
    public ContainerConfigBuilder(DockerProviderConfig settings, String hostAddress, ConfigDecoder configDecoder)
            throws InvalidTemplateException, Constraints.InvalidConstraintException {
        this(settings, hostAddress, configDecoder.middlewareTypes(), "docker");
    }

    /**
     * @param middlewareTypes the types the proxy's pipeline builds middlewares with ({@code ConfigSink.middlewareTypes()}):
     *                        labels are decoded, and each container's middlewares built once, with them
     * @param providerName    the provider's name: references to {@code name@<providerName>} are checked
     *                        here, those to other providers are not
     */
    public ContainerConfigBuilder(DockerProviderConfig settings, String hostAddress, MiddlewareTypes middlewareTypes,
                                  String providerName)
            throws InvalidTemplateException, Constraints.InvalidConstraintException {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.defaultRule = RuleTemplate.parse(settings.defaultRule());
        this.constraints = Constraints.parse(settings.constraints());
        MiddlewareTypes types = ChainMiddlewareType.withChain(Objects.requireNonNull(middlewareTypes, "middlewareTypes"));
        this.decoder = FlatKeyDecoder.labels().withRoot(settings.labelRoot())
                .withDecoder(ConfigDecoder.create(types).allowingIncompleteRouters());
        this.middlewares = new MiddlewareValidator(types);
        this.providerName = Objects.requireNonNull(providerName, "providerName");
        this.hostAddress = Objects.requireNonNull(hostAddress, "hostAddress");
    }

    /**
     * The configuration of all these containers. A container is left out, with errors naming it and
     * the label, when its labels do not decode, a middleware it defines cannot be built, or a name it
     * refers to within this provider does not exist (also when the only container defining it was
     * left out). Names are provider-wide: which containers stay is worked out until nothing changes.
     */
    public Result build(List<ContainerInfo> containers) {
        List<ConfigError> errors = new ArrayList<>();
        List<ConfigError> warnings = new ArrayList<>();
        Map<String, ContainerInfo> byId = new LinkedHashMap<>();
        containers.forEach(c -> byId.put(c.id(), c));
        // Traefik merges in the order of "<service name>-<id>".
        List<ContainerInfo> ordered = new ArrayList<>(containers);
        ordered.sort(Comparator.comparing((ContainerInfo c) -> DockerNames.serviceName(c) + "-" + c.id()));
        List<Piece> pieces = new ArrayList<>();
        Map<String, String> leftOut = new HashMap<>();
        Set<Map.Entry<String, MiddlewareConfig>> defined = new HashSet<>();
        for (ContainerInfo container : ordered) {
            int errorsBefore = errors.size();
            DynamicConfig config = buildOne(container, byId, errors, warnings);
            if (config == null) {
                if (errors.size() > errorsBefore) {
                    noteLeftOut(leftOut, container);
                }
                continue;
            }
            List<ConfigError> own = new ArrayList<>();
            Map<String, List<String>> middlewareServices = new LinkedHashMap<>();
            config.http().middlewares().forEach((name, middleware) -> {
                defined.add(Map.entry(name, middleware));
                MiddlewareValidator.Outcome outcome = middlewares.check(name, middleware);
                outcome.errors().forEach(e -> own.add(middlewareError(container, name, e)));
                if (!outcome.services().isEmpty()) {
                    middlewareServices.put(name, outcome.services());
                }
            });
            if (own.isEmpty()) {
                pieces.add(new Piece(container, config, middlewareServices));
            } else {
                errors.addAll(own);
                noteLeftOut(leftOut, container);
            }
        }
        middlewares.retainOnly(defined);
        return new Result(keepResolvable(pieces, leftOut, errors), errors, warnings);
    }

    /**
     * Merges the pieces, leaving out those that refer to a name the merge does not have, until none
     * does; the errors of those left out and the merge conflicts go to {@code errors}.
     */
    private DynamicConfig keepResolvable(List<Piece> pieces, Map<String, String> leftOut, List<ConfigError> errors) {
        // Conflicts are reported as found, also when leaving a container out resolves them later.
        Set<ConfigError> conflicts = new LinkedHashSet<>();
        while (true) {
            ConfigMerger merger = new ConfigMerger();
            pieces.forEach(p -> merger.add(p.container().name(), p.config()));
            DynamicConfig merged = merger.result();
            conflicts.addAll(merger.conflicts());
            Map<String, List<String>> definedByKept = new HashMap<>();
            pieces.forEach(p -> ReferenceCheck.definitions(p.config()).forEach(name ->
                    definedByKept.computeIfAbsent(name, n -> new ArrayList<>()).add(p.container().name())));
            ReferenceCheck references = new ReferenceCheck(providerName, settings.labelRoot(), merged, definedByKept,
                    leftOut);
            List<Piece> failed = new ArrayList<>();
            for (Piece piece : pieces) {
                List<ConfigError> unresolved = references.check(piece.container(), piece.config(),
                        piece.middlewareServices());
                if (!unresolved.isEmpty()) {
                    errors.addAll(unresolved);
                    failed.add(piece);
                }
            }
            if (failed.isEmpty()) {
                errors.addAll(conflicts);
                return merged;
            }
            // Leaving these out may take away names others use: check again without them.
            pieces.removeAll(failed);
            failed.forEach(p -> noteLeftOut(leftOut, p.container()));
        }
    }

    /** A middleware that cannot be built, as the label that defines it (spelled as the container does). */
    private ConfigError middlewareError(ContainerInfo container, String name, ConfigError error) {
        String path = error.path() == null || error.path().isEmpty() ? "http.middlewares." + name : error.path();
        return new ConfigError(path, error.value(), labelFor(container, path) + ": " + error.message()
                + "; the container is left out", SourceLocation.of("container " + container.name()));
    }

    /** "label traefik.a.b[1]", or "label traefik.a.b (item 2)" when the list is one comma-separated label. */
    private String labelFor(ContainerInfo container, String path) {
        String exact = labelKey(container, path);
        if (exact != null) {
            return "label " + exact;
        }
        Matcher indexed = LIST_ITEM.matcher(path);
        if (indexed.matches()) {
            String list = labelKey(container, indexed.group(1));
            if (list != null) {
                return "label " + list + " (item " + (Integer.parseInt(indexed.group(2)) + 1) + ")";
            }
        }
        return "label " + settings.labelRoot() + "." + path;
    }

    private String labelKey(ContainerInfo container, String path) {
        String wanted = settings.labelRoot() + "." + path;
        return container.labels().keySet().stream().filter(k -> k.equalsIgnoreCase(wanted)).findFirst().orElse(null);
    }

    /**
     * Remembers what a left-out container defines, so that the errors of those who use it say why it
     * is missing. Read from the label keys, which name it even when the labels do not decode.
     */
    private void noteLeftOut(Map<String, String> leftOut, ContainerInfo container) {
        String prefix = (settings.labelRoot() + ".http.").toLowerCase(Locale.ROOT);
        boolean services = false;
        for (String key : container.labels().keySet()) {
            if (!key.toLowerCase(Locale.ROOT).startsWith(prefix)) {
                continue;
            }
            String[] parts = key.substring(prefix.length()).split("\\.", 3);
            if (parts.length < 2 || parts[1].isEmpty()) {
                continue;
            }
            String kind = switch (parts[0].toLowerCase(Locale.ROOT)) {
                case "services" -> "service";
                case "middlewares" -> "middleware";
                case "serverstransports" -> "serversTransport";
                default -> null;
            };
            if (kind != null) {
                services |= kind.equals("service");
                leftOut.putIfAbsent(kind + ":" + parts[1], container.name());
            }
        }
        if (!services) {
            leftOut.putIfAbsent("service:" + DockerNames.serviceName(container), container.name());
        }
    }

    /** One container's configuration, or null when it is left out (filtered, or a bad label). */
    private DynamicConfig buildOne(ContainerInfo container, Map<String, ContainerInfo> all, List<ConfigError> errors,
                                   List<ConfigError> warnings) {
        SourceLocation at = SourceLocation.of("container " + container.name());
        List<ConfigError> own = new ArrayList<>();
        String enableLabel = label(container, "enable");
        boolean enabled = settings.exposedByDefault();
        if (enableLabel != null) {
            Boolean parsed = parseBool(enableLabel);
            if (parsed == null) {
                errors.add(new ConfigError(null, enableLabel, "label " + settings.labelRoot()
                        + ".enable: expected true or false", at));
                return null;
            }
            enabled = parsed;
        }
        if (!enabled || !constraints.matches(container.labels())) {
            return null;
        }
        boolean allowNonRunning = false;
        String allowLabel = label(container, "docker.allownonrunning");
        if (allowLabel != null) {
            Boolean parsed = parseBool(allowLabel);
            if (parsed == null) {
                errors.add(new ConfigError(null, allowLabel, "label " + settings.labelRoot()
                        + ".docker.allownonrunning: expected true or false", at));
                return null;
            }
            allowNonRunning = parsed;
        }
        boolean serving = container.isServing();
        if (!serving && !settings.allowEmptyServices() && !allowNonRunning) {
            return null;
        }

        DecodeResult decoded = decoder.decode(container.labels(), "container " + container.name());
        warnings.addAll(decoded.warnings());
        if (!decoded.ok()) {
            errors.addAll(decoded.errors());
            return null;
        }
        DynamicConfig config = decoded.config();
        HttpConfig http = config.http();
        if (hasLabelsUnder(container, "tcp") || hasLabelsUnder(container, "udp")) {
            if (http.routers().isEmpty() && http.services().isEmpty() && http.middlewares().isEmpty()) {
                // TCP/UDP labels alone: no automatic HTTP router and service, as in Traefik.
                return config;
            }
        }
        String serviceName = DockerNames.serviceName(container);

        Map<String, ServiceConfig> services = new LinkedHashMap<>(http.services());
        if (services.isEmpty()) {
            services.put(serviceName, new ServiceConfig(LoadBalancerConfig.of(List.of())));
        }
        for (Map.Entry<String, ServiceConfig> e : services.entrySet()) {
            LoadBalancerConfig lb = e.getValue().loadBalancer();
            if (lb == null) {
                continue; // weighted, mirroring ...: no servers of this container to add
            }
            LoadBalancerConfig filled = serving ? withServer(container, all, e.getKey(), lb, own)
                    : withServers(lb, List.of()); // allowEmptyServices: the service stays, without this container
            if (filled == null) {
                errors.addAll(own);
                return null;
            }
            e.setValue(new ServiceConfig(filled, null, null, null, null));
        }

        Map<String, RouterConfig> routers = new LinkedHashMap<>(http.routers());
        if (routers.isEmpty()) {
            if (services.size() > 1) {
                warnings.add(new ConfigError(null, null, "no router created: the container has several services", at));
            } else {
                routers.put(serviceName, new RouterConfig(null, null, null, 0, null, null));
            }
        }
        RuleTemplate.Model model = new RuleTemplate.Model(serviceName, container.name(), container.labels());
        for (var it = routers.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, RouterConfig> e = it.next();
            RouterConfig r = e.getValue();
            String path = "http.routers." + e.getKey();
            String rule = r.rule();
            if (rule == null || rule.isEmpty()) {
                try {
                    rule = defaultRule.execute(model);
                } catch (InvalidTemplateException ex) {
                    errors.add(new ConfigError(path + ".rule", null, "defaultRule: " + ex.getMessage()
                            + "; the router is dropped", at));
                    it.remove();
                    continue;
                }
                if (rule.isEmpty()) {
                    errors.add(new ConfigError(path + ".rule", null,
                            "no rule, and defaultRule gives an empty one; the router is dropped", at));
                    it.remove();
                    continue;
                }
            }
            // Checked here, not only when the proxy builds its routes: there, a bad rule would
            // reject the provider's whole configuration instead of this container's part.
            String ruleError = ruleError(rule, r.ruleSyntax());
            if (ruleError != null) {
                boolean fromLabel = r.rule() != null && !r.rule().isEmpty();
                errors.add(new ConfigError(path + ".rule", rule, (fromLabel ? "label " + settings.labelRoot() + "."
                        + path + ".rule: " : "defaultRule: ") + ruleError + "; the container is left out", at));
                return null;
            }
            String service = r.service();
            if (service == null || service.isEmpty()) {
                if (services.size() > 1) {
                    errors.add(new ConfigError(path + ".service", null, "the container defines several services ("
                            + String.join(", ", services.keySet()) + "); say which one with label "
                            + settings.labelRoot() + ".http.routers." + e.getKey() + ".service; the router is dropped", at));
                    it.remove();
                    continue;
                }
                service = services.keySet().iterator().next();
            }
            e.setValue(new RouterConfig(r.entryPoints(), rule, r.ruleSyntax(), r.priority(), r.middlewares(), service,
                    r.tls()));
        }
        return new DynamicConfig(new HttpConfig(routers, services, http.middlewares(), http.serversTransports()),
                config.tls());
    }

    /** Why {@code rule} does not parse with {@code syntax} (null, v3 or v2), or null when it does. */
    private static String ruleError(String rule, String syntax) {
        RuleSyntax parsedSyntax;
        String name = syntax == null || syntax.isEmpty() ? "v3" : syntax.toLowerCase(Locale.ROOT);
        switch (name) {
            case "v3" -> parsedSyntax = RuleSyntax.V3;
            case "v2" -> parsedSyntax = RuleSyntax.V2;
            default -> {
                return "ruleSyntax '" + syntax + "': expected 'v3' or 'v2'";
            }
        }
        try {
            RuleParser.parse(rule, parsedSyntax);
            return null;
        } catch (RuleSyntaxException e) {
            return e.getMessage();
        }
    }

    /** Traefik's addServer: fills in the URL of the first server from the container's address and port. */
    private LoadBalancerConfig withServer(ContainerInfo container, Map<String, ContainerInfo> all, String service,
                                          LoadBalancerConfig lb, List<ConfigError> errors) {
        SourceLocation at = SourceLocation.of("container " + container.name());
        String path = "http.services." + service + ".loadBalancer.server";
        List<ServerConfig> servers = new ArrayList<>(lb.servers());
        ServerConfig first = servers.isEmpty() ? new ServerConfig(null, 1, false) : servers.get(0);
        if (first.url() != null) {
            if (first.port() != null || first.scheme() != null) {
                errors.add(new ConfigError(path, null, "url excludes port and scheme", at));
                return null;
            }
            return lb;
        }
        String port = first.port() != null ? first.port().trim() : lowestPort(container);
        if (port == null) {
            errors.add(new ConfigError(path + ".port", null, "port is missing: set label " + settings.labelRoot()
                    + ".http.services." + service + ".loadbalancer.server.port or expose a port", at));
            return null;
        }
        if (!port.matches("[0-9]{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
            errors.add(new ConfigError(path + ".port", port, "expected a port number between 1 and 65535", at));
            return null;
        }
        String ip = null;
        if (settings.useBindPortIP()) {
            List<ContainerInfo.PortBinding> bindings = container.ports().get(Integer.parseInt(port));
            if (bindings != null && !bindings.isEmpty()) {
                ContainerInfo.PortBinding b = bindings.get(0);
                if (b.hostIp() != null && !b.hostIp().isEmpty() && !b.hostIp().equals("0.0.0.0") && b.hostPort() != null) {
                    ip = b.hostIp();
                    port = b.hostPort();
                }
            }
        }
        if (ip == null) {
            ip = ipAddress(container, all, networkOf(container), 0);
        }
        if (ip == null || ip.isEmpty()) {
            errors.add(new ConfigError(path, null, "unable to find the IP address of the container", at));
            return null;
        }
        String scheme = first.scheme() == null || first.scheme().isBlank() ? "http" : first.scheme().trim();
        String host = ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip;
        ServerConfig server = new ServerConfig(scheme + "://" + host + ":" + port, first.weight(), first.preservePath());
        if (servers.isEmpty()) {
            servers.add(server);
        } else {
            servers.set(0, server);
        }
        return withServers(lb, servers);
    }

    private static LoadBalancerConfig withServers(LoadBalancerConfig lb, List<ServerConfig> servers) {
        return new LoadBalancerConfig(servers, lb.passHostHeader(), lb.serversTransport(), lb.flushInterval(),
                lb.strategy(), lb.sticky(), lb.healthCheck(), lb.passiveHealthCheck());
    }

    private String networkOf(ContainerInfo container) {
        String label = label(container, "docker.network");
        return label != null && !label.isBlank() ? label : settings.network();
    }

    /** Traefik's getIPAddress: the configured network, the host, the container whose network it shares, or the first. */
    private String ipAddress(ContainerInfo container, Map<String, ContainerInfo> all, String network, int depth) {
        if (network != null && !container.networks().isEmpty()) {
            String ip = container.networks().get(network);
            if (ip != null) {
                return ip;
            }
        }
        if (container.isHostNetwork()) {
            return hostAddress;
        }
        if (container.networkMode().startsWith("container:") && depth < 5) {
            String ref = container.networkMode().substring("container:".length());
            ContainerInfo other = all.get(ref);
            if (other == null) {
                other = all.values().stream().filter(c -> c.name().equals(ref) || c.id().startsWith(ref))
                        .findFirst().orElse(null);
            }
            if (other == null) {
                return null;
            }
            String otherNetwork = label(other, "docker.network");
            return ipAddress(other, all, otherNetwork != null ? otherNetwork : network, depth + 1);
        }
        for (String ip : container.networks().values()) {
            return ip;
        }
        return null;
    }

    private static String lowestPort(ContainerInfo container) {
        return container.ports().isEmpty() ? null
                : String.valueOf(container.ports().keySet().stream().min(Integer::compare).orElseThrow());
    }

    /** A provider label under the root, e.g. {@code traefik.enable}; keys are case-insensitive. */
    private String label(ContainerInfo container, String key) {
        String wanted = settings.labelRoot() + "." + key;
        for (Map.Entry<String, String> e : container.labels().entrySet()) {
            if (e.getKey().equalsIgnoreCase(wanted)) {
                return e.getValue();
            }
        }
        return null;
    }

    private boolean hasLabelsUnder(ContainerInfo container, String section) {
        String prefix = (settings.labelRoot() + "." + section + ".").toLowerCase(Locale.ROOT);
        return container.labels().keySet().stream().anyMatch(k -> k.toLowerCase(Locale.ROOT).startsWith(prefix));
    }

    /** Go's strconv.ParseBool. */
    static Boolean parseBool(String s) {
        return switch (s.trim()) {
            case "1", "t", "T", "true", "TRUE", "True" -> Boolean.TRUE;
            case "0", "f", "F", "false", "FALSE", "False" -> Boolean.FALSE;
            default -> null;
        };
    }
}
