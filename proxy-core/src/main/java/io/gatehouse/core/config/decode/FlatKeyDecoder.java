package io.gatehouse.core.config.decode;

import io.gatehouse.core.config.ConfigError;
import io.gatehouse.core.config.DynamicConfig;
import io.gatehouse.core.config.SourceLocation;
import io.gatehouse.core.config.decode.ConfigNode.Kind;
import io.gatehouse.core.config.decode.ConfigNode.ListNode;
import io.gatehouse.core.config.decode.ConfigNode.MapNode;
import io.gatehouse.core.config.decode.ConfigNode.ValueNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Decodes flat key/value configuration into the same records as the file formats:
 * <ul>
 *   <li>labels ({@link #labels()}): {@code traefik.http.routers.web.rule=Host(`a`)}, lists as
 *       {@code servers[0].url} or comma-separated ({@code entrypoints=web,websecure}), and Traefik's
 *       {@code loadbalancer.server.url} for a single server;</li>
 *   <li>KV keys ({@link #kv()}): {@code traefik/http/routers/web/rule}, lists as
 *       {@code entryPoints/0} or {@code servers/0/url}.</li>
 * </ul>
 * Keys are case-insensitive. Keys outside the root are ignored (they belong to someone else), and
 * so are the provider's own keys under it ({@code traefik.enable}, {@code traefik.docker.*}).
 * Thread-safe and reusable.
 */
public final class FlatKeyDecoder {

    /** How keys are written. */
    public enum Style {
        /** Dot-separated, {@code [n]} list indexes (container labels). */
        LABELS,
        /** Slash-separated, numeric list indexes (etcd, Consul, ZooKeeper, Redis). */
        KV
    }

    public static final String DEFAULT_ROOT = "traefik";

    private static final List<String> SECTIONS = List.of("http", "tcp", "udp", "tls");
    /** Provider settings that share the root but are not dynamic configuration. */
    private static final List<String> PROVIDER_KEYS = List.of("enable", "docker", "swarm");
    private static final int MAX_INDEX = 100_000;
    private static final int MAX_SEGMENTS = 64;

    private final Style style;
    private final String root;
    private final ConfigDecoder decoder;

    private FlatKeyDecoder(Style style, String root, ConfigDecoder decoder) {
        this.style = Objects.requireNonNull(style, "style");
        // Separators around the root ("traefik/", "/traefik") carry no meaning.
        this.root = Objects.requireNonNull(root, "root").replaceAll("^[./]+|[./]+$", "");
        this.decoder = Objects.requireNonNull(decoder, "decoder");
    }

    public static FlatKeyDecoder labels() {
        return new FlatKeyDecoder(Style.LABELS, DEFAULT_ROOT, ConfigDecoder.create());
    }

    public static FlatKeyDecoder kv() {
        return new FlatKeyDecoder(Style.KV, DEFAULT_ROOT, ConfigDecoder.create());
    }

    public static FlatKeyDecoder of(Style style, String root, ConfigDecoder decoder) {
        return new FlatKeyDecoder(style, root, decoder);
    }

    public FlatKeyDecoder withRoot(String newRoot) {
        return new FlatKeyDecoder(style, newRoot, decoder);
    }

    public FlatKeyDecoder withDecoder(ConfigDecoder newDecoder) {
        return new FlatKeyDecoder(style, root, newDecoder);
    }

    public Style style() {
        return style;
    }

    public String root() {
        return root;
    }

    /**
     * Decodes the entries under the root.
     *
     * @param entries    keys and values (labels of one container, or a KV tree)
     * @param sourceName how errors name the source, e.g. {@code container whoami}; each error also names its key
     */
    public DecodeResult decode(Map<String, String> entries, String sourceName) {
        List<ConfigError> errors = new ArrayList<>();
        List<ConfigError> warnings = new ArrayList<>();
        Builder tree = new Builder(null, SourceLocation.of(sourceName));
        // Sorted so that results and error order do not depend on the map's iteration order.
        ConfigNode node;
        try {
            Map<String, String> sorted = new TreeMap<>(java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder()));
            sorted.putAll(entries);
            for (Map.Entry<String, String> e : sorted.entrySet()) {
                add(tree, e.getKey(), e.getValue(), sourceName, errors, warnings);
            }
            node = tree.children.isEmpty() ? null : tree.build(style, "", errors);
        } catch (RuntimeException e) {
            // A bug of ours must still reach the user as a configuration error, never as a crash of the provider.
            errors.add(new ConfigError("", null, "internal error while decoding (please report it): " + e,
                    SourceLocation.of(sourceName)));
            return new DecodeResult(DynamicConfig.EMPTY, warnings, errors);
        }
        DecodeResult bound = decoder.decodeTree(node, style == Style.LABELS);
        if (errors.isEmpty() && warnings.isEmpty()) {
            return bound;
        }
        errors.addAll(bound.errors());
        warnings.addAll(bound.warnings());
        return new DecodeResult(bound.config(), warnings, errors);
    }

    /** The configuration, with every problem reported at once. */
    public DynamicConfig decodeOrThrow(Map<String, String> entries, String sourceName)
            throws io.gatehouse.core.config.ConfigException {
        return decode(entries, sourceName).orThrow();
    }

    private void add(Builder tree, String key, String value, String sourceName, List<ConfigError> errors,
                     List<ConfigError> warnings) {
        if (key == null) {
            return;
        }
        SourceLocation at = SourceLocation.of(sourceName + ": " + (style == Style.LABELS ? "label " : "key ") + key);
        String separator = style == Style.LABELS ? "." : "/";
        String trimmed = key;
        if (style == Style.KV) {
            if (trimmed.startsWith("/")) {
                trimmed = trimmed.substring(1);
            }
            if (trimmed.endsWith("/")) {
                if (value == null || value.isEmpty()) {
                    return; // a directory entry, as some KV stores list them
                }
                trimmed = trimmed.substring(0, trimmed.length() - 1);
            }
        }
        // The root may itself have several segments (withRoot("acme.proxy")); it matches case-insensitively.
        String prefix = root + separator;
        if (trimmed.length() <= prefix.length() || !trimmed.regionMatches(true, 0, prefix, 0, prefix.length())) {
            return;
        }
        String[] raw = trimmed.substring(prefix.length()).split(java.util.regex.Pattern.quote(separator), -1);
        if (raw[0].isEmpty()) {
            // "traefik..http.x": a typo in a configuration key, not someone else's key.
            errors.add(new ConfigError(key, null, "empty segment in key", at));
            return;
        }
        if (!SECTIONS.contains(raw[0].toLowerCase(Locale.ROOT))) {
            if (!PROVIDER_KEYS.contains(raw[0].toLowerCase(Locale.ROOT))) {
                warnings.add(new ConfigError(null, null, "ignored key '" + key + "': '" + raw[0]
                        + "' is not a configuration section" + Suggestions.didYouMean(raw[0], SECTIONS), at));
            }
            return;
        }
        if (raw.length > MAX_SEGMENTS) {
            errors.add(new ConfigError(key.substring(0, 64) + "...", null, "key has more than " + MAX_SEGMENTS
                    + " segments", at));
            return;
        }
        List<String> segments = new ArrayList<>();
        for (String segment : raw) {
            if (segment.isEmpty()) {
                errors.add(new ConfigError(key, null, "empty segment in key", at));
                return;
            }
            if (style == Style.LABELS) {
                int bracket = segment.indexOf('[');
                if (bracket == 0 || (bracket < 0 && segment.indexOf(']') >= 0)) {
                    errors.add(new ConfigError(key, null, "misplaced bracket in '" + segment
                            + "'; list items are written like servers[0]", at));
                    return;
                }
                if (bracket > 0) {
                    String index = segment.endsWith("]") ? segment.substring(bracket + 1, segment.length() - 1) : "";
                    if (!Fields.isIndex(index) || Long.parseLong(index) > MAX_INDEX) {
                        errors.add(new ConfigError(key, null, "invalid list index in '" + segment
                                + "'; expected name[n] with n between 0 and " + MAX_INDEX, at));
                        return;
                    }
                    segments.add(segment.substring(0, bracket));
                    segments.add("[" + Long.parseLong(index) + "]");
                    continue;
                }
            }
            segments.add(segment);
        }
        Builder node = tree;
        for (String segment : segments) {
            node = node.child(segment, at);
        }
        if (node.value != null) {
            errors.add(new ConfigError(key, value, "set twice (keys are case-insensitive; first set by "
                    + node.at.source() + ")", at));
            return;
        }
        node.value = value == null ? "" : value;
        node.at = at;
    }

    /** A mutable tree node while keys are added. */
    private static final class Builder {
        final String name;
        SourceLocation at;
        String value;
        final Map<String, Builder> children = new LinkedHashMap<>();

        Builder(String name, SourceLocation at) {
            this.name = name;
            this.at = at;
        }

        Builder child(String segment, SourceLocation where) {
            return children.computeIfAbsent(segment.toLowerCase(Locale.ROOT), k -> new Builder(segment, where));
        }

        /** {@code loadbalancer.server.*} is {@code servers[0]}: giving both sets the same server twice. */
        private void checkServerShorthand(String path, List<ConfigError> errors) {
            Builder single = children.get("server");
            Builder servers = children.get("servers");
            if (single != null && servers != null && servers.children.containsKey("[0]")) {
                errors.add(new ConfigError(path + ".server", null, "set twice: loadbalancer.server is servers[0], "
                        + "which is also given (" + servers.children.get("[0]").at.source() + ")", single.at));
            }
        }

        ConfigNode build(Style style, String path, List<ConfigError> errors) {
            if (children.isEmpty()) {
                return new ValueNode(value, Kind.STRING, at);
            }
            if (value != null && !value.trim().equalsIgnoreCase("true") && !value.isBlank()) {
                // Traefik lets "tls=true" stand beside "tls.certresolver=..."; any other value is ambiguous.
                errors.add(new ConfigError(path, value, "has both a value and sub-keys", at));
            }
            if (style == Style.LABELS && name != null && name.equalsIgnoreCase("loadbalancer")) {
                checkServerShorthand(path, errors);
            }
            boolean allIndexes = children.values().stream().allMatch(c -> c.name.startsWith("["));
            boolean someIndexes = children.values().stream().anyMatch(c -> c.name.startsWith("["));
            if (someIndexes && !allIndexes) {
                errors.add(new ConfigError(path, null, "mixes list items ([n]) and named keys", at));
            }
            if (allIndexes) {
                List<ConfigNode> items = new ArrayList<>();
                children.values().stream()
                        .sorted(Comparator.comparingLong(c -> Long.parseLong(c.name.substring(1, c.name.length() - 1))))
                        .forEach(c -> items.add(c.build(style, path + c.name, errors)));
                return new ListNode(items, at);
            }
            Map<String, ConfigNode> entries = new LinkedHashMap<>();
            for (Builder c : children.values()) {
                if (c.name.startsWith("[")) {
                    continue;
                }
                entries.put(c.name, c.build(style, path.isEmpty() ? c.name : path + "." + c.name, errors));
            }
            return new MapNode(entries, at);
        }
    }
}
