package io.gatehouse.core.config.decode;

import io.gatehouse.core.config.SourceLocation;
import io.gatehouse.core.config.decode.ConfigNode.ListNode;
import io.gatehouse.core.config.decode.ConfigNode.MapNode;
import io.gatehouse.core.config.decode.ConfigNode.ValueNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Line numbers for TOML. Jackson's TOML parser reads the whole document into a tree first, so its
 * tokens carry no location; this scans the text for table headers and {@code key =} lines (a
 * best-effort reading, not a second parser) and attaches each line to the node at that path.
 * Nodes it cannot place get their closest placed ancestor's line.
 */
final class TomlLines {

    private static final String SEP = "\u0000";

    private TomlLines() {
    }

    static ConfigNode locate(ConfigNode root, String text, String source) {
        Map<String, Integer> lines = scan(text);
        return relocate(root, "", lines, source, 0, 0);
    }

    private static ConfigNode relocate(ConfigNode node, String path, Map<String, Integer> lines, String source,
                                       int inherited, int depth) {
        Integer own = lines.get(path);
        int line = own != null ? own : inherited;
        SourceLocation at = line > 0 ? new SourceLocation(source, line, 0) : SourceLocation.of(source);
        if (depth > 2_000) {
            return node; // far beyond Jackson's nesting limit; keep the node as it is
        }
        if (node instanceof MapNode map) {
            Map<String, ConfigNode> entries = new LinkedHashMap<>();
            map.entries().forEach((k, v) ->
                    entries.put(k, relocate(v, path.isEmpty() ? k : path + SEP + k, lines, source, line, depth + 1)));
            return new MapNode(entries, at);
        }
        if (node instanceof ListNode list) {
            List<ConfigNode> items = new ArrayList<>();
            for (int i = 0; i < list.items().size(); i++) {
                items.add(relocate(list.items().get(i), path + SEP + "[" + i + "]", lines, source, line, depth + 1));
            }
            return new ListNode(items, at);
        }
        ValueNode v = (ValueNode) node;
        return new ValueNode(v.text(), v.kind(), at);
    }

    /** Path (segments joined by NUL, list items as [i]) to 1-based line. */
    static Map<String, Integer> scan(String text) {
        Map<String, Integer> lines = new HashMap<>();
        Map<String, Integer> arrayCounts = new HashMap<>();
        String table = "";
        String[] all = text.split("\\R", -1);
        String closing = null; // inside a multi-line string or array until this closes
        int bracketDepth = 0;
        for (int n = 0; n < all.length; n++) {
            String line = all[n].strip();
            if (closing != null) {
                if (closing.equals("]")) {
                    bracketDepth += brackets(line);
                    if (bracketDepth <= 0) {
                        closing = null;
                    }
                } else if (line.contains(closing)) {
                    closing = null;
                }
                continue;
            }
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("[[")) {
                int end = line.indexOf("]]");
                if (end < 0) {
                    continue;
                }
                String p = resolve(keys(line.substring(2, end)), arrayCounts);
                int index = arrayCounts.merge(p, 1, Integer::sum) - 1;
                table = p + SEP + "[" + index + "]";
                lines.putIfAbsent(p, n + 1);
                lines.put(table, n + 1);
                continue;
            }
            if (line.startsWith("[")) {
                int end = line.indexOf(']');
                if (end < 0) {
                    continue;
                }
                table = resolve(keys(line.substring(1, end)), arrayCounts);
                lines.putIfAbsent(table, n + 1);
                continue;
            }
            int eq = equalsOutsideQuotes(line);
            if (eq <= 0) {
                continue;
            }
            List<String> key = keys(line.substring(0, eq));
            String p = table;
            for (String k : key) {
                p = p.isEmpty() ? k : p + SEP + k;
                lines.putIfAbsent(p, n + 1);
            }
            String value = line.substring(eq + 1).strip();
            if (value.startsWith("\"\"\"") && value.indexOf("\"\"\"", 3) < 0) {
                closing = "\"\"\"";
            } else if (value.startsWith("'''") && value.indexOf("'''", 3) < 0) {
                closing = "'''";
            } else if (value.startsWith("[")) {
                bracketDepth = brackets(value);
                if (bracketDepth > 0) {
                    closing = "]";
                }
            }
        }
        return lines;
    }

    /** A header's path, with the last item of every array of tables along it. */
    private static String resolve(List<String> keys, Map<String, Integer> arrayCounts) {
        String p = "";
        for (String k : keys) {
            p = p.isEmpty() ? k : p + SEP + k;
            Integer count = arrayCounts.get(p);
            if (count != null && keys.indexOf(k) < keys.size() - 1) {
                p = p + SEP + "[" + (count - 1) + "]";
            }
        }
        return p;
    }

    /** Dotted key segments; quoted segments keep their dots. */
    static List<String> keys(String dotted) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < dotted.length(); i++) {
            char c = dotted.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    current.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '.') {
                out.add(current.toString().strip());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        out.add(current.toString().strip());
        return out;
    }

    private static int equalsOutsideQuotes(String line) {
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '=') {
                return i;
            }
        }
        return -1;
    }

    private static int brackets(String s) {
        int depth = 0;
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth--;
            } else if (c == '#') {
                break;
            }
        }
        return depth;
    }
}
