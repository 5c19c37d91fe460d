package io.gatehouse.docker;

import io.gatehouse.core.config.ConfigError;
import io.gatehouse.core.config.ConfigException;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Traefik's static {@code providers.docker} section.
 *
 * @param endpoint           {@code unix:///var/run/docker.sock} (default) or {@code tcp://host:port}
 * @param exposedByDefault   containers without {@code traefik.enable} are routed (default true)
 * @param defaultRule        template of the rule of routers without one (default {@code Host(`{{ normalize .Name }}`)})
 * @param network            the network whose IP address is used, unless a container's {@code traefik.docker.network} says otherwise
 * @param constraints        which containers to consider, e.g. {@code Label(`a`, `b`) && !LabelRegex(`c`, `^x`)}; empty for all
 * @param useBindPortIP      use the host IP and port a container port is published on
 * @param watch              follow the engine's events (default true); false reads the containers once
 * @param allowEmptyServices keep the services of unhealthy, starting or stopped containers, with no servers (503)
 * @param tls                client TLS for a tcp endpoint; null for none
 * @param labelRoot          the first label segment (default {@code traefik})
 */
public record DockerProviderConfig(String endpoint, boolean exposedByDefault, String defaultRule, String network,
                                   String constraints, boolean useBindPortIP, boolean watch,
                                   boolean allowEmptyServices, Tls tls, String labelRoot) {

    public static final String DEFAULT_ENDPOINT = "unix:///var/run/docker.sock";
    public static final String DEFAULT_RULE = "Host(`{{ normalize .Name }}`)";
    public static final String DEFAULT_LABEL_ROOT = "traefik";

    /** Traefik's defaults. */
    public static final DockerProviderConfig DEFAULTS = new DockerProviderConfig(DEFAULT_ENDPOINT, true, DEFAULT_RULE,
            null, null, false, true, false, null, DEFAULT_LABEL_ROOT);

    /**
     * {@code providers.docker.tls}: files of the CA that signed the engine's certificate, and of the client
     * certificate and key the engine asks for.
     */
    public record Tls(String ca, String cert, String key, boolean insecureSkipVerify) {
    }

    public DockerProviderConfig {
        endpoint = blankToNull(endpoint) == null ? DEFAULT_ENDPOINT : endpoint.trim();
        defaultRule = defaultRule == null || defaultRule.isBlank() ? DEFAULT_RULE : defaultRule;
        network = blankToNull(network);
        constraints = blankToNull(constraints);
        labelRoot = blankToNull(labelRoot) == null ? DEFAULT_LABEL_ROOT : labelRoot.trim();
    }

    public DockerProviderConfig withEndpoint(String newEndpoint) {
        return new DockerProviderConfig(newEndpoint, exposedByDefault, defaultRule, network, constraints, useBindPortIP,
                watch, allowEmptyServices, tls, labelRoot);
    }

    public DockerProviderConfig withExposedByDefault(boolean value) {
        return new DockerProviderConfig(endpoint, value, defaultRule, network, constraints, useBindPortIP, watch,
                allowEmptyServices, tls, labelRoot);
    }

    public DockerProviderConfig withDefaultRule(String value) {
        return new DockerProviderConfig(endpoint, exposedByDefault, value, network, constraints, useBindPortIP, watch,
                allowEmptyServices, tls, labelRoot);
    }

    public DockerProviderConfig withNetwork(String value) {
        return new DockerProviderConfig(endpoint, exposedByDefault, defaultRule, value, constraints, useBindPortIP, watch,
                allowEmptyServices, tls, labelRoot);
    }

    public DockerProviderConfig withConstraints(String value) {
        return new DockerProviderConfig(endpoint, exposedByDefault, defaultRule, network, value, useBindPortIP, watch,
                allowEmptyServices, tls, labelRoot);
    }

    public DockerProviderConfig withUseBindPortIP(boolean value) {
        return new DockerProviderConfig(endpoint, exposedByDefault, defaultRule, network, constraints, value, watch,
                allowEmptyServices, tls, labelRoot);
    }

    public DockerProviderConfig withWatch(boolean value) {
        return new DockerProviderConfig(endpoint, exposedByDefault, defaultRule, network, constraints, useBindPortIP, value,
                allowEmptyServices, tls, labelRoot);
    }

    public DockerProviderConfig withAllowEmptyServices(boolean value) {
        return new DockerProviderConfig(endpoint, exposedByDefault, defaultRule, network, constraints, useBindPortIP, watch,
                value, tls, labelRoot);
    }

    public DockerProviderConfig withTls(Tls value) {
        return new DockerProviderConfig(endpoint, exposedByDefault, defaultRule, network, constraints, useBindPortIP, watch,
                allowEmptyServices, value, labelRoot);
    }

    public DockerProviderConfig withLabelRoot(String value) {
        return new DockerProviderConfig(endpoint, exposedByDefault, defaultRule, network, constraints, useBindPortIP, watch,
                allowEmptyServices, tls, value);
    }

    /** The option names {@link #fromOptions} knows, as Traefik writes them. */
    public static final List<String> OPTIONS = List.of("endpoint", "exposedByDefault", "defaultRule", "network",
            "constraints", "useBindPortIP", "watch", "allowEmptyServices", "tls.ca", "tls.cert", "tls.key",
            "tls.insecureSkipVerify", "labelRoot");

    /**
     * Settings from flat option names and string values, the common shape of a static file section,
     * command-line flags ({@code --providers.docker.exposedByDefault=false}) and environment variables
     * once their prefix is removed: {@code endpoint}, {@code exposedByDefault}, {@code tls.ca} ... Names
     * are case-insensitive; booleans are Go's ({@code true}, {@code false}, {@code 1}, {@code 0}, {@code t},
     * {@code f}); an empty boolean means true, as a bare flag does. Every problem (unknown option with a
     * suggestion, bad boolean, invalid endpoint, template or constraint) is reported at once.
     */
    public static DockerProviderConfig fromOptions(java.util.Map<String, String> options) throws ConfigException {
        List<ConfigError> errors = new ArrayList<>();
        java.util.Map<String, String> byName = new java.util.HashMap<>();
        for (java.util.Map.Entry<String, String> e : options.entrySet()) {
            String key = e.getKey() == null ? "" : e.getKey().trim();
            String known = OPTIONS.stream().filter(o -> o.equalsIgnoreCase(key)).findFirst().orElse(null);
            if (known == null) {
                String near = OPTIONS.stream().min(java.util.Comparator.comparingInt(o -> distance(o.toLowerCase(Locale.ROOT),
                        key.toLowerCase(Locale.ROOT)))).orElseThrow();
                errors.add(new ConfigError("providers.docker." + key, e.getValue(), "unknown option"
                        + (distance(near.toLowerCase(Locale.ROOT), key.toLowerCase(Locale.ROOT)) <= 3 ? " (did you mean '" + near + "'?)" : "")
                        + "; known options: " + String.join(", ", OPTIONS)));
            } else if (byName.put(known, e.getValue() == null ? "" : e.getValue()) != null) {
                errors.add(new ConfigError("providers.docker." + known, e.getValue(), "given twice (names are case-insensitive)"));
            }
        }
        boolean exposed = bool(byName, "exposedByDefault", true, errors);
        boolean bindIp = bool(byName, "useBindPortIP", false, errors);
        boolean watching = bool(byName, "watch", true, errors);
        boolean empty = bool(byName, "allowEmptyServices", false, errors);
        boolean insecure = bool(byName, "tls.insecureSkipVerify", false, errors);
        Tls tlsSettings = null;
        if (byName.keySet().stream().anyMatch(k -> k.startsWith("tls."))) {
            tlsSettings = new Tls(blankToNull(byName.get("tls.ca")), blankToNull(byName.get("tls.cert")),
                    blankToNull(byName.get("tls.key")), insecure);
        }
        DockerProviderConfig config = new DockerProviderConfig(byName.get("endpoint"), exposed, byName.get("defaultRule"),
                byName.get("network"), byName.get("constraints"), bindIp, watching, empty, tlsSettings, byName.get("labelRoot"));
        errors.addAll(config.validate());
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        return config;
    }

    private static boolean bool(java.util.Map<String, String> options, String name, boolean fallback, List<ConfigError> errors) {
        String value = options.get(name);
        if (value == null) {
            return fallback;
        }
        if (value.isBlank()) {
            return true;
        }
        Boolean parsed = ContainerConfigBuilder.parseBool(value);
        if (parsed == null) {
            errors.add(new ConfigError("providers.docker." + name, value, "expected true or false"));
            return fallback;
        }
        return parsed;
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /** Every problem with these settings, each at {@code providers.docker.<option>}. */
    public List<ConfigError> validate() {
        List<ConfigError> errors = new ArrayList<>();
        String scheme = endpointScheme();
        if (scheme == null) {
            errors.add(new ConfigError("providers.docker.endpoint", endpoint,
                    "expected unix:///path/to/docker.sock or tcp://host:port"));
        } else if (scheme.equals("unix") && tls != null) {
            errors.add(new ConfigError("providers.docker.tls", null, "TLS applies to a tcp:// endpoint only"));
        }
        if (tls != null && (tls.cert() == null) != (tls.key() == null)) {
            errors.add(new ConfigError("providers.docker.tls", null, "cert and key must be given together"));
        }
        try {
            RuleTemplate.parse(defaultRule);
        } catch (InvalidTemplateException e) {
            errors.add(new ConfigError("providers.docker.defaultRule", defaultRule, e.getMessage()));
        }
        try {
            Constraints.parse(constraints);
        } catch (Constraints.InvalidConstraintException e) {
            errors.add(new ConfigError("providers.docker.constraints", constraints, e.getMessage()));
        }
        if (!labelRoot.matches("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*")) {
            errors.add(new ConfigError("providers.docker.labelRoot", labelRoot,
                    "expected dot-separated words such as traefik or acme.proxy"));
        }
        return errors;
    }

    /** Throws a {@link ConfigException} with every problem, or returns this. */
    public DockerProviderConfig validated() throws ConfigException {
        List<ConfigError> errors = validate();
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        return this;
    }

    /** {@code unix} or {@code tcp}; null when the endpoint is neither a unix socket path nor host:port. */
    String endpointScheme() {
        try {
            URI uri = new URI(endpoint);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (scheme.equals("unix") && uri.getPath() != null && uri.getPath().length() > 1 && uri.getHost() == null) {
                return "unix";
            }
            if (scheme.equals("tcp") && uri.getHost() != null && uri.getPort() > 0 && uri.getPort() <= 65535
                    && (uri.getPath() == null || uri.getPath().isEmpty())) {
                return "tcp";
            }
            return null;
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
