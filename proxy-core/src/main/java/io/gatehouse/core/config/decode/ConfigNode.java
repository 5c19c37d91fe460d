package io.gatehouse.core.config.decode;

import io.gatehouse.core.config.SourceLocation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A format-neutral configuration tree that remembers where each value came from. YAML, TOML, JSON
 * and flat keys all become this tree, and one binder turns it into records.
 */
public sealed interface ConfigNode permits ConfigNode.MapNode, ConfigNode.ListNode, ConfigNode.ValueNode {

    SourceLocation location();

    /** What the node is, for error messages ("a map", "a list", "a string", ...). */
    String describe();

    /** A mapping; keys keep their spelling and order. */
    record MapNode(Map<String, ConfigNode> entries, SourceLocation location) implements ConfigNode {
        public MapNode {
            entries = new LinkedHashMap<>(entries);
        }

        @Override
        public String describe() {
            return "a map";
        }
    }

    /** A sequence. */
    record ListNode(List<ConfigNode> items, SourceLocation location) implements ConfigNode {
        public ListNode {
            items = List.copyOf(items);
        }

        @Override
        public String describe() {
            return "a list";
        }
    }

    /**
     * A scalar. {@code text} is null for an explicit null ({@code key:} in YAML, {@code null} in JSON).
     *
     * @param text    the scalar as text (numbers and booleans as they were written)
     * @param kind    what the format said it was
     */
    record ValueNode(String text, Kind kind, SourceLocation location) implements ConfigNode {
        @Override
        public String describe() {
            return switch (kind) {
                case NULL -> "null";
                case NUMBER -> "a number";
                case BOOLEAN -> "a boolean";
                case STRING -> "a string";
            };
        }
    }

    enum Kind { STRING, NUMBER, BOOLEAN, NULL }
}
