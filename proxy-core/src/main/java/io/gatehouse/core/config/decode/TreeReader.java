package io.gatehouse.core.config.decode;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.toml.TomlFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.gatehouse.core.config.ConfigError;
import io.gatehouse.core.config.SourceLocation;
import io.gatehouse.core.config.decode.ConfigNode.Kind;
import io.gatehouse.core.config.decode.ConfigNode.ListNode;
import io.gatehouse.core.config.decode.ConfigNode.MapNode;
import io.gatehouse.core.config.decode.ConfigNode.ValueNode;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads YAML, TOML or JSON into a {@link ConfigNode} tree with line numbers, using Jackson's
 * streaming parsers. The tree is built with an explicit stack, so deep nesting cannot overflow the
 * call stack (Jackson's own nesting limit applies first). Syntax errors and duplicate keys become
 * {@link ConfigError}s; nothing is thrown.
 */
final class TreeReader {

    private static final int MAX_MESSAGE = 300;
    private static final String YAML_TAG_PREFIX = "tag:yaml.org,2002:";
    private static final String MERGE_KEY = "<<";
    private static final long MAX_MERGED_ENTRIES = 1_000_000;

    private static final JsonFactory JSON = JsonFactory.builder().build();
    /** SnakeYAML's default (3 MB) is too small for a 10,000-route file; beyond this, it is an error. */
    static final int MAX_YAML_CODE_POINTS = 64 * 1024 * 1024;
    /*
     * EMPTY_STRING_AS_NULL is on by default for "new YAMLFactory()" but not for the builder: without it
     * a plain empty value ("key:" or a lone "---") would read as the string "" instead of YAML's null.
     */
    private static final YAMLFactory YAML = new LinearYamlFactory(YAMLFactory.builder().loaderOptions(yamlLimits())
            .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL));
    /**
     * YAML's standard types (the yaml.org,2002 repository), which name plain data; any other tag
     * ({@code !!java/object:...}, {@code !!python/...}, local {@code !foo}) is refused.
     */
    private static final Set<String> STANDARD_TAGS = Set.of("str", "int", "float", "bool", "null", "map", "seq",
                    "binary", "timestamp", "omap", "pairs", "set")
            .stream().map(t -> YAML_TAG_PREFIX + t).collect(java.util.stream.Collectors.toUnmodifiableSet());
    private static final TomlFactory TOML = TomlFactory.builder().build();

    private TreeReader() {
    }

    private static LoaderOptions yamlLimits() {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(MAX_YAML_CODE_POINTS);
        return options;
    }

    /** The tree, or null when the content had no document or could not be parsed (see errors). */
    static ConfigNode read(String content, Format format, String source, List<ConfigError> errors) {
        JsonFactory factory = switch (format) {
            case YAML -> YAML;
            case TOML -> TOML;
            case JSON -> JSON;
        };
        try (JsonParser parser = factory.createParser(content)) {
            ConfigNode root = build(parser, format, source, errors);
            return format == Format.TOML && root != null ? TomlLines.locate(root, content, source) : root;
        } catch (JacksonException e) {
            if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null) {
                // SnakeYAML knows where the problem is; Jackson only knows the last good token.
                String what = yaml.getContext() == null ? yaml.getProblem() : yaml.getContext() + ": " + yaml.getProblem();
                errors.add(new ConfigError("", null, "malformed YAML: " + clean(what), new SourceLocation(source,
                        yaml.getProblemMark().getLine() + 1, yaml.getProblemMark().getColumn() + 1)));
                return null;
            }
            errors.add(new ConfigError("", null, "malformed " + format + ": " + clean(e.getOriginalMessage()),
                    location(e.getLocation(), source)));
        } catch (IOException | RuntimeException e) {
            // Some format libraries throw their own runtime exceptions; a user sees them as syntax errors.
            errors.add(new ConfigError("", null, "malformed " + format + ": " + clean(String.valueOf(e.getMessage())),
                    SourceLocation.of(source)));
        }
        return null;
    }

    private static ConfigNode build(JsonParser parser, Format format, String source, List<ConfigError> errors)
            throws IOException {
        Deque<Frame> stack = new ArrayDeque<>();
        ConfigNode root = null;
        YAMLParser yaml = parser instanceof YAMLParser y ? y : null;
        Map<String, ConfigNode> anchors = new HashMap<>();
        long[] mergedEntries = {0};
        JsonToken token;
        while ((token = parser.nextToken()) != null) {
            SourceLocation at = location(parser.currentTokenLocation(), source);
            ConfigNode done = null;
            Object anchorId = yaml == null || token == JsonToken.FIELD_NAME ? null : yaml.getObjectId();
            String anchor = anchorId == null ? null : anchorId.toString();
            if (yaml != null && token != JsonToken.FIELD_NAME && token != JsonToken.END_OBJECT
                    && token != JsonToken.END_ARRAY && !yaml.isCurrentAlias()) {
                checkTag(yaml.getTypeId(), childPath(stack), at, errors);
            }
            switch (token) {
                case START_OBJECT -> stack.push(new Frame(true, at, childPath(stack), anchor));
                case START_ARRAY -> stack.push(new Frame(false, at, childPath(stack), anchor));
                case FIELD_NAME -> {
                    Frame top = stack.peek();
                    top.key = parser.currentName();
                    top.keyAt = at;
                }
                case END_OBJECT, END_ARRAY -> {
                    Frame frame = stack.pop();
                    done = frame.build(errors, mergedEntries);
                    anchor = frame.anchor;
                }
                case VALUE_NULL -> done = new ValueNode(null, Kind.NULL, at);
                case VALUE_TRUE, VALUE_FALSE -> done = new ValueNode(parser.getText(), Kind.BOOLEAN, at);
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> done = new ValueNode(parser.getText(), Kind.NUMBER, at);
                case VALUE_STRING -> {
                    if (yaml != null && yaml.isCurrentAlias()) {
                        // The node is shared, not copied, so aliases cost no memory ("billion laughs").
                        done = anchors.get(parser.getText());
                        if (done == null) {
                            errors.add(new ConfigError(childPath(stack), null, "unknown YAML alias '*"
                                    + parser.getText() + "'", at));
                            done = new ValueNode(null, Kind.NULL, at);
                        }
                    } else {
                        done = new ValueNode(parser.getText(), Kind.STRING, at);
                    }
                }
                default -> done = new ValueNode(parser.getText(), Kind.STRING, at); // embedded objects (TOML dates)
            }
            if (done == null) {
                continue;
            }
            if (anchor != null) {
                anchors.put(anchor, done);
            }
            if (stack.isEmpty()) {
                if (root != null) {
                    errors.add(new ConfigError("", null, "more than one " + format + " document; only one is read",
                            at));
                    return root;
                }
                root = done;
            } else {
                stack.peek().add(done, errors);
            }
        }
        return root;
    }

    /**
     * Refuses explicit YAML tags other than the standard ones ({@code !!java/object:...},
     * {@code !!python/...}, local {@code !foo}): they ask for types a configuration has no use for,
     * and accepting them silently would hide a hostile or mistaken file.
     */
    private static void checkTag(String tag, String path, SourceLocation at, List<ConfigError> errors) {
        // Jackson strips the leading '!'s; "" is the non-specific tag "!", which only means "a string".
        if (tag == null || tag.isEmpty() || STANDARD_TAGS.contains(tag)) {
            return;
        }
        String shown = tag.startsWith(YAML_TAG_PREFIX) ? "!!" + tag.substring(YAML_TAG_PREFIX.length()) : "!" + tag;
        errors.add(new ConfigError(path, null, "YAML tag '" + clean(shown) + "' is not allowed (only YAML's standard "
                + "types are, such as !!str, !!int, !!float, !!bool, !!null, !!map, !!seq)", at));
    }

    private static String childPath(Deque<Frame> stack) {
        Frame top = stack.peek();
        if (top == null) {
            return "";
        }
        String child = top.map ? top.key : "[" + top.items.size() + "]";
        if (top.path.isEmpty()) {
            return child;
        }
        return top.map ? top.path + "." + child : top.path + child;
    }

    private static SourceLocation location(JsonLocation location, String source) {
        if (location == null || location.getLineNr() <= 0) {
            return SourceLocation.of(source);
        }
        return new SourceLocation(source, location.getLineNr(), Math.max(location.getColumnNr(), 0));
    }

    private static String clean(String message) {
        if (message == null) {
            return "unreadable input";
        }
        String oneLine = message.replaceAll("\\s*\\R\\s*", " ").trim();
        // Jackson names the source in nested locations; we already name it in the error's location.
        oneLine = oneLine.replaceAll("\\[Source: [^;\\]]*; ", "[");
        return oneLine.length() > MAX_MESSAGE ? oneLine.substring(0, MAX_MESSAGE) + "..." : oneLine;
    }

    /** An open map or list. */
    private static final class Frame {
        final boolean map;
        final SourceLocation at;
        final String path;
        final Map<String, ConfigNode> entries = new LinkedHashMap<>();
        final List<ConfigNode> items = new ArrayList<>();
        final List<ConfigNode> merges = new ArrayList<>();
        final String anchor;
        String key;
        SourceLocation keyAt;

        Frame(boolean map, SourceLocation at, String path, String anchor) {
            this.map = map;
            this.at = at;
            this.path = path;
            this.anchor = anchor;
        }

        void add(ConfigNode node, List<ConfigError> errors) {
            if (!map) {
                items.add(node);
                return;
            }
            if (MERGE_KEY.equals(key)) {
                merges.add(node);
                return;
            }
            ConfigNode first = entries.putIfAbsent(key, node);
            if (first != null) {
                String where = path.isEmpty() ? key : path + "." + key;
                errors.add(new ConfigError(where, null, "duplicate key '" + key + "' (first given at "
                        + first.location() + ")", keyAt));
            }
        }

        ConfigNode build(List<ConfigError> errors, long[] mergedEntries) {
            if (!map) {
                return new ListNode(items, at);
            }
            // YAML merge keys ("<<: *defaults"), as go-yaml applies them: explicit keys win, then the
            // merged maps in order.
            for (ConfigNode merge : merges) {
                List<ConfigNode> sources = merge instanceof ListNode list ? list.items() : List.of(merge);
                for (ConfigNode source : sources) {
                    if (source instanceof MapNode m) {
                        mergedEntries[0] += m.entries().size();
                        if (mergedEntries[0] > MAX_MERGED_ENTRIES) {
                            throw new IllegalStateException("too many entries copied by YAML merge keys (more than "
                                    + MAX_MERGED_ENTRIES + ")");
                        }
                        m.entries().forEach(entries::putIfAbsent);
                    } else {
                        errors.add(new ConfigError(path.isEmpty() ? MERGE_KEY : path + "." + MERGE_KEY, null,
                                "a merge key needs a map or a list of maps, got " + source.describe(),
                                source.location()));
                    }
                }
            }
            return new MapNode(entries, at);
        }
    }
}
