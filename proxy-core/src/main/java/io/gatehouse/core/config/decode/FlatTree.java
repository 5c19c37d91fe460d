package io.gatehouse.core.config.decode;

import io.gatehouse.core.config.ConfigError;
import io.gatehouse.core.config.SourceLocation;
import io.gatehouse.core.config.decode.ConfigNode.Kind;
import io.gatehouse.core.config.decode.ConfigNode.MapNode;
import io.gatehouse.core.config.decode.ConfigNode.ValueNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A tree built from flat keys ({@code entryPoints.web.address}, {@code ENTRYPOINTS_WEB_ADDRESS}),
 * segments matched case-insensitively, the spelling of the first occurrence kept. A later value
 * for the same key replaces the earlier one.
 */
final class FlatTree {

    private final String name;
    private String value;
    private SourceLocation at;
    private final Map<String, FlatTree> children = new LinkedHashMap<>();

    FlatTree(String name, SourceLocation at) {
        this.name = name;
        this.at = at;
    }

    void set(List<String> segments, String newValue, SourceLocation where) {
        FlatTree node = this;
        for (String segment : segments) {
            node = node.children.computeIfAbsent(segment.toLowerCase(Locale.ROOT), k -> new FlatTree(segment, where));
        }
        node.value = newValue;
        node.at = where;
    }

    boolean isEmpty() {
        return children.isEmpty() && value == null;
    }

    /** The tree as config nodes; a value beside sub-keys is only allowed when it is {@code true} (Traefik's "enabled"). */
    ConfigNode toNode(String path, List<ConfigError> errors) {
        if (children.isEmpty()) {
            return new ValueNode(value, Kind.STRING, at);
        }
        if (value != null && !value.isBlank() && !value.trim().equalsIgnoreCase("true")) {
            errors.add(new ConfigError(path, value, "has both a value and sub-keys", at));
        }
        Map<String, ConfigNode> entries = new LinkedHashMap<>();
        for (FlatTree child : children.values()) {
            entries.put(child.name, child.toNode(path.isEmpty() ? child.name : path + "." + child.name, errors));
        }
        return new MapNode(entries, at);
    }
}
