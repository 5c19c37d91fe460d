package io.gatehouse.core.config.decode;

import io.gatehouse.core.config.Durations;
import io.gatehouse.core.config.InvalidDurationException;
import io.gatehouse.core.config.decode.ConfigNode.Kind;
import io.gatehouse.core.config.decode.ConfigNode.ListNode;
import io.gatehouse.core.config.decode.ConfigNode.MapNode;
import io.gatehouse.core.config.decode.ConfigNode.ValueNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Reads the options of one map: keys match case-insensitively (as in Traefik's file provider and
 * labels), each typed read reports a type error with its path instead of throwing, and
 * {@link #finish()} reports every key that no read asked for, with a did-you-mean suggestion.
 */
final class Fields {

    private final BindContext ctx;
    private final ConfigNode node;
    private final String path;
    private final Map<String, Map.Entry<String, ConfigNode>> byLowerKey = new LinkedHashMap<>();
    private final Set<String> known = new LinkedHashSet<>();
    /** For {@link #single}: every key's path is this one. */
    private String singlePath;

    Fields(BindContext ctx, ConfigNode node, String path) {
        this.ctx = ctx;
        this.node = node;
        this.path = path;
        if (node instanceof MapNode map) {
            ctx.spend(1 + map.entries().size());
            for (Map.Entry<String, ConfigNode> e : map.entries().entrySet()) {
                String lower = e.getKey().toLowerCase(Locale.ROOT);
                Map.Entry<String, ConfigNode> first = byLowerKey.putIfAbsent(lower, e);
                if (first != null) {
                    ctx.error(child(e.getKey()), null, "key given twice, as '" + first.getKey() + "' and '"
                            + e.getKey() + "' (keys are case-insensitive)", e.getValue().location());
                }
            }
        }
    }

    /** Fields of {@code node} when it is a map; otherwise reports a type error and returns null. */
    static Fields of(BindContext ctx, ConfigNode node, String path) {
        if (node instanceof MapNode) {
            return new Fields(ctx, node, path);
        }
        if (node instanceof ValueNode v && v.kind() == Kind.NULL) {
            return new Fields(ctx, new MapNode(Map.of(), v.location()), path);
        }
        ctx.error(path, node, "expected a map of options, got " + node.describe());
        return null;
    }

    /** A lone value readable as {@code key}, so the typed readers and their messages apply to it. */
    static Fields single(BindContext ctx, ConfigNode value, String path, String key) {
        Fields f = new Fields(ctx, new MapNode(Map.of(key, value), value.location()), path);
        f.singlePath = path;
        return f;
    }

    BindContext ctx() {
        return ctx;
    }

    String path() {
        return path;
    }

    ConfigNode node() {
        return node;
    }

    String child(String key) {
        if (singlePath != null) {
            return singlePath;
        }
        return path.isEmpty() ? key : path + "." + key;
    }

    /** The node under {@code key} (any case), or null; marks {@code key} as known. */
    ConfigNode take(String key) {
        known.add(key);
        Map.Entry<String, ConfigNode> e = byLowerKey.get(key.toLowerCase(Locale.ROOT));
        return e == null ? null : e.getValue();
    }

    boolean has(String key) {
        return byLowerKey.containsKey(key.toLowerCase(Locale.ROOT));
    }

    /** Keys present in this map, as written. */
    List<String> presentKeys() {
        return byLowerKey.values().stream().map(Map.Entry::getKey).toList();
    }

    /** An option Traefik has and Gatehouse does not act on, harmless to skip: a warning, then ignored. */
    void ignored(String key, String why) {
        ConfigNode n = take(key);
        if (n != null) {
            ctx.warn(child(key), n, "'" + key + "' is ignored: " + why);
        }
    }

    /** An option Traefik has and Gatehouse cannot honour safely (it would weaken security): an error. */
    void unsupported(String key) {
        ConfigNode n = take(key);
        if (n != null) {
            ctx.error(child(key), null, "'" + key + "' is not supported yet", n.location());
        }
    }

    // ---- scalars ---------------------------------------------------------------------------

    String string(String key) {
        return string(key, null);
    }

    String string(String key, String fallback) {
        ConfigNode n = take(key);
        return n == null ? fallback : scalar(n, child(key), "a string", fallback);
    }

    /** One of {@code allowed} (case-insensitive), returned as spelled in {@code allowed}. */
    String oneOf(String key, String fallback, List<String> allowed) {
        String value = string(key, null);
        if (value == null) {
            return fallback;
        }
        for (String a : allowed) {
            if (a.equalsIgnoreCase(value)) {
                return a;
            }
        }
        ctx.error(child(key), take(key), "expected one of " + String.join(", ", allowed)
                + Suggestions.didYouMean(value, allowed));
        return fallback;
    }

    /** One of {@code allowed}, matched exactly (case-sensitive), as Go's map lookups in Traefik match. */
    String exactlyOneOf(String key, String fallback, java.util.Collection<String> allowed) {
        String value = string(key, null);
        if (value == null) {
            return fallback;
        }
        if (allowed.contains(value)) {
            return value;
        }
        ctx.error(child(key), take(key), "expected one of " + String.join(", ", allowed) + " (case-sensitive)"
                + Suggestions.didYouMean(value, List.copyOf(allowed)));
        return fallback;
    }

    int integer(String key, int fallback) {
        long v = longValue(key, fallback);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            ctx.error(child(key), take(key), "expected a whole number between " + Integer.MIN_VALUE + " and "
                    + Integer.MAX_VALUE);
            return fallback;
        }
        return (int) v;
    }

    long longValue(String key, long fallback) {
        ConfigNode n = take(key);
        if (n == null) {
            return fallback;
        }
        String text = scalar(n, child(key), "a whole number", null);
        if (text == null) {
            return fallback;
        }
        try {
            // Not trimmed: Go's strconv (Traefik) refuses " 1" and "1 ", and so do we.
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            ctx.error(child(key), n, "expected a whole number");
            return fallback;
        }
    }

    /** A whole number that must be at least {@code min}. */
    int integerAtLeast(String key, int fallback, int min) {
        int v = integer(key, fallback);
        if (v < min) {
            ctx.error(child(key), take(key), "must be at least " + min);
            return fallback;
        }
        return v;
    }

    boolean bool(String key, boolean fallback) {
        ConfigNode n = take(key);
        if (n == null) {
            return fallback;
        }
        String text = scalar(n, child(key), "true or false", null);
        if (text == null) {
            return fallback;
        }
        // Go's strconv.ParseBool, which Traefik uses for every format (no surrounding spaces).
        return switch (text) {
            case "true", "True", "TRUE", "t", "T", "1" -> true;
            case "false", "False", "FALSE", "f", "F", "0" -> false;
            default -> {
                ctx.error(child(key), n, "expected true or false");
                yield fallback;
            }
        };
    }

    /** A Go duration or a whole number of seconds; negative values are rejected unless allowed. */
    Duration duration(String key, Duration fallback, boolean allowNegative) {
        ConfigNode n = take(key);
        if (n == null) {
            return fallback;
        }
        String text = scalar(n, child(key), "a duration", null);
        if (text == null) {
            return fallback;
        }
        try {
            Duration d = Durations.parse(text); // not trimmed, like Go's time.ParseDuration
            if (d.isNegative() && !allowNegative) {
                ctx.error(child(key), n, "must not be negative");
                return fallback;
            }
            return d;
        } catch (InvalidDurationException e) {
            ctx.error(child(key), n, e.messageWithoutInput());
            return fallback;
        }
    }

    // ---- collections -----------------------------------------------------------------------

    /** A list of strings: a real list, a comma-separated string (as labels write them), or KV's 0, 1, ... keys. */
    List<String> strings(String key) {
        ConfigNode n = take(key);
        if (n == null) {
            return null;
        }
        return strings(n, child(key));
    }

    List<String> strings(ConfigNode n, String at) {
        if (n instanceof ValueNode v) {
            if (v.kind() == Kind.NULL) {
                return null;
            }
            List<String> out = new ArrayList<>();
            for (String part : v.text().split(",")) {
                String trimmed = part.trim();
                if (!trimmed.isEmpty()) {
                    out.add(trimmed);
                }
            }
            return out;
        }
        List<ConfigNode> items = items(n, at);
        if (items == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            ConfigNode item = items.get(i);
            if (item instanceof ValueNode v && v.kind() == Kind.NULL) {
                // "[web, ~]" is a mistake, not a list of one: dropping the item silently would hide it.
                ctx.error(at + "[" + i + "]", null, "expected a string, got null (an empty list item)", item.location());
                continue;
            }
            String s = scalar(item, at + "[" + i + "]", "a string", null);
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    /** A list of maps, each bound with {@code binder}; null when absent. */
    <T> List<T> objects(String key, BiFunction<Fields, Integer, T> binder) {
        ConfigNode n = take(key);
        if (n == null || n instanceof ValueNode v && v.kind() == Kind.NULL) {
            return null;
        }
        List<ConfigNode> items = items(n, child(key));
        if (items == null) {
            return null;
        }
        List<T> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            ConfigNode item = items.get(i);
            if (item instanceof ValueNode v && v.kind() == Kind.NULL) {
                ctx.error(child(key) + "[" + i + "]", null, "expected a map of options, got null (an empty list item)",
                        item.location());
                continue;
            }
            Fields f = Fields.of(ctx, item, child(key) + "[" + i + "]");
            if (f != null) {
                T value = binder.apply(f, i);
                f.finish();
                if (value != null) {
                    out.add(value);
                }
            }
        }
        return out;
    }

    /** A map of names to maps, each bound with {@code binder}; names keep their spelling. */
    <T> Map<String, T> namedObjects(String key, BiFunction<Fields, String, T> binder) {
        ConfigNode n = take(key);
        Map<String, T> out = new LinkedHashMap<>();
        if (n == null || n instanceof ValueNode v && v.kind() == Kind.NULL) {
            return out;
        }
        if (!(n instanceof MapNode names)) {
            ctx.error(child(key), n, "expected a map of names to options, got " + n.describe());
            return out;
        }
        ctx.spend(1 + names.entries().size());
        // Names are case-sensitive in files, as in Traefik: 'web' and 'Web' are two routers.
        for (Map.Entry<String, ConfigNode> e : names.entries().entrySet()) {
            String name = e.getKey();
            ConfigNode entry = e.getValue();
            if (name.isBlank()) {
                ctx.error(child(key), null, "a name must not be empty", entry.location());
                continue;
            }
            Fields f = Fields.of(ctx, entry, child(key) + "." + name);
            if (f != null) {
                T value = binder.apply(f, name);
                f.finish();
                if (value != null) {
                    out.put(name, value);
                }
            }
        }
        return out;
    }

    /** A map of strings to strings (headers and the like); keys keep their spelling. */
    Map<String, String> stringMap(String key) {
        ConfigNode n = take(key);
        if (n == null || n instanceof ValueNode v && v.kind() == Kind.NULL) {
            return null;
        }
        if (!(n instanceof MapNode map)) {
            ctx.error(child(key), n, "expected a map of names to values, got " + n.describe());
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        map.entries().forEach((k, v) -> {
            // "X-Remove:" (YAML null) is the empty string, as go-yaml reads it into a map of strings.
            String s = scalar(v, child(key) + "." + k, "a string", "");
            if (s != null) {
                out.put(k, s);
            }
        });
        return out;
    }

    /**
     * A nested map of options; null when absent. With {@code allowEmpty} (Traefik's marker for
     * options whose mere presence means something, like a router's {@code tls}), an empty value,
     * null, or the string {@code true} counts as present and empty, and {@code false} as absent.
     */
    Fields object(String key, boolean allowEmpty) {
        ConfigNode n = take(key);
        if (n == null) {
            return null;
        }
        if (allowEmpty && n instanceof ValueNode v) {
            String text = v.text() == null ? "" : v.text().trim();
            if (text.isEmpty() || text.equalsIgnoreCase("true")) {
                return new Fields(ctx, new MapNode(Map.of(), v.location()), child(key));
            }
            if (text.equalsIgnoreCase("false")) {
                return null;
            }
        }
        if (n instanceof ValueNode v && v.kind() == Kind.NULL) {
            return null;
        }
        return Fields.of(ctx, n, child(key));
    }

    // ---- helpers ---------------------------------------------------------------------------

    /** The items of a list, or of a map whose keys are all indexes (KV stores write lists that way). */
    List<ConfigNode> items(ConfigNode n, String at) {
        if (n instanceof ListNode list) {
            ctx.spend(1 + list.items().size());
            return list.items();
        }
        if (n instanceof MapNode map && !map.entries().isEmpty()
                && map.entries().keySet().stream().allMatch(Fields::isIndex)) {
            return map.entries().entrySet().stream()
                    .sorted(Comparator.comparingLong(e -> Long.parseLong(e.getKey())))
                    .map(Map.Entry::getValue)
                    .toList();
        }
        ctx.error(at, n, "expected a list, got " + n.describe());
        return null;
    }

    static boolean isIndex(String key) {
        if (key.isEmpty() || key.length() > 9) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            if (key.charAt(i) < '0' || key.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private String scalar(ConfigNode n, String at, String expected, String fallback) {
        if (n instanceof ValueNode v) {
            return v.kind() == Kind.NULL ? fallback : v.text();
        }
        ctx.error(at, n, "expected " + expected + ", got " + n.describe());
        return fallback;
    }

    /** Reports every key no read asked for. */
    void finish() {
        for (Map.Entry<String, ConfigNode> e : byLowerKey.values()) {
            boolean isKnown = known.stream().anyMatch(k -> k.equalsIgnoreCase(e.getKey()));
            if (!isKnown) {
                String hint = Suggestions.closest(e.getKey(), known)
                        .map(s -> "did you mean '" + s + "'?")
                        .orElse(known.isEmpty() ? "no options are allowed here"
                                : "known keys: " + String.join(", ", known));
                ctx.error(child(e.getKey()), null, "unknown key '" + e.getKey() + "' (" + hint + ")",
                        e.getValue().location());
            }
        }
    }
}
