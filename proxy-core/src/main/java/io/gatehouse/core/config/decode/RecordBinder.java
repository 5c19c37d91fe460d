package io.gatehouse.core.config.decode;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.gatehouse.core.config.decode.ConfigNode.Kind;
import io.gatehouse.core.config.decode.ConfigNode.MapNode;
import io.gatehouse.core.config.decode.ConfigNode.ValueNode;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Binds options into a record class by its component names, with the same rules as the core model:
 * case-insensitive keys, unknown keys reported with a suggestion, Go durations, lists as lists or
 * comma-separated strings. Supported component types: String, the primitive numbers and their
 * boxes, boolean, {@link Duration}, enums (case-insensitive), nested records, {@code List<T>} and
 * {@code Map<String, T>} of those. Options not given come from the record's
 * {@code public static final DEFAULTS} constant when it has one, else null, 0 or false.
 */
final class RecordBinder {

    private static final int MAX_DEPTH = 32;
    private static final java.util.regex.Pattern DECIMAL =
            java.util.regex.Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

    private final BindContext ctx;

    RecordBinder(BindContext ctx) {
        this.ctx = ctx;
    }

    /** The bound object, or null after reporting why it could not be made. */
    Object bind(ConfigNode node, Class<?> type, String path) {
        if (!type.isRecord()) {
            ctx.error(path, null, "the middleware's configuration type " + type.getName()
                    + " is not a record and cannot be bound", node.location());
            return null;
        }
        return value(node, type, path, 0);
    }

    private Object record(ConfigNode node, Class<?> type, String path, int depth) {
        Fields f = Fields.of(ctx, node, path);
        if (f == null) {
            return null;
        }
        RecordComponent[] components = type.getRecordComponents();
        Object defaults = defaults(type);
        Object[] args = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        int errorsBefore = ctx.errors.size();
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            types[i] = c.getType();
            ConfigNode child = f.take(optionName(c));
            if (child == null || child instanceof ValueNode v && v.kind() == Kind.NULL) {
                args[i] = fallback(c, defaults);
            } else {
                Object v = value(child, c.getGenericType(), f.child(optionName(c)), depth + 1);
                args[i] = v == null ? fallback(c, defaults) : v;
            }
        }
        f.finish();
        if (ctx.errors.size() > errorsBefore) {
            return null;
        }
        try {
            Constructor<?> ctor = type.getDeclaredConstructor(types);
            ctor.setAccessible(true);
            return ctor.newInstance(args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            ctx.error(path, null, cause instanceof IllegalArgumentException || cause instanceof NullPointerException
                    ? String.valueOf(cause.getMessage()) : "invalid options: " + cause, node.location());
        } catch (ReflectiveOperationException | RuntimeException e) {
            ctx.error(path, null, "cannot build " + type.getSimpleName() + ": " + e, node.location());
        }
        return null;
    }

    /** The component's name, or its {@code @JsonProperty} name for options that are not Java identifiers. */
    private static String optionName(RecordComponent c) {
        JsonProperty p = c.getAccessor().getAnnotation(JsonProperty.class);
        return p != null && !p.value().isEmpty() ? p.value() : c.getName();
    }

    private Object value(ConfigNode node, Type type, String path, int depth) {
        if (depth > MAX_DEPTH) {
            ctx.error(path, null, "options nested too deeply", node.location());
            return null;
        }
        Class<?> raw = raw(type);
        if (raw == Object.class) {
            return plain(node, path, depth);
        }
        if (raw.isRecord()) {
            return record(node, raw, path, depth);
        }
        if (raw == List.class) {
            Type item = argument(type, 0);
            Fields holder = holder(path, node);
            if (hasNullEntry(holder, node, path)) {
                return null;
            }
            if (raw(item) == String.class) {
                return holder.strings(node, path);
            }
            List<ConfigNode> items = node instanceof ValueNode v && v.kind() != Kind.NULL
                    ? splitCommas(v) : holder.items(node, path);
            if (items == null) {
                return null;
            }
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                Object v = value(items.get(i), item, path + "[" + i + "]", depth + 1);
                if (v != null) {
                    out.add(v);
                }
            }
            return List.copyOf(out);
        }
        if (raw == Map.class) {
            if (raw(argument(type, 0)) != String.class) {
                ctx.error(path, null, "unsupported option type " + type.getTypeName(), node.location());
                return null;
            }
            if (!(node instanceof MapNode map)) {
                ctx.error(path, node, "expected a map, got " + node.describe());
                return null;
            }
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<String, ConfigNode> e : map.entries().entrySet()) {
                if (argument(type, 1) == String.class && e.getValue() instanceof ValueNode nv && nv.kind() == Kind.NULL) {
                    out.put(e.getKey(), ""); // "X-Remove:" (YAML null) is the empty string, as go-yaml reads it
                    continue;
                }
                Object v = value(e.getValue(), argument(type, 1), path + "." + e.getKey(), depth + 1);
                if (v != null) {
                    out.put(e.getKey(), v);
                }
            }
            return java.util.Collections.unmodifiableMap(out);
        }
        return scalar(node, raw, path);
    }

    private Object scalar(ConfigNode node, Class<?> raw, String path) {
        Fields holder = holder(path, node);
        String key = "value";
        if (raw == String.class) {
            return holder.string(key);
        }
        if (raw == int.class || raw == Integer.class) {
            return holder.has(key) ? holder.integer(key, 0) : null;
        }
        if (raw == long.class || raw == Long.class) {
            return holder.has(key) ? holder.longValue(key, 0) : null;
        }
        if (raw == double.class || raw == Double.class) {
            String text = holder.string(key);
            // Like Go's strconv.ParseFloat: no surrounding spaces, no Java-only forms ("1d", "0x1p3", "NaN").
            if (text != null && (!DECIMAL.matcher(text).matches() || Double.isInfinite(Double.parseDouble(text)))) {
                ctx.error(path, node, "expected a number");
                return null;
            }
            return text == null ? null : Double.valueOf(text);
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return holder.has(key) ? holder.bool(key, false) : null;
        }
        if (raw == Duration.class) {
            return holder.duration(key, null, false);
        }
        if (raw.isEnum()) {
            String text = holder.string(key);
            if (text == null) {
                return null;
            }
            List<String> names = new ArrayList<>();
            for (Object constant : raw.getEnumConstants()) {
                String name = ((Enum<?>) constant).name();
                names.add(name.toLowerCase(Locale.ROOT));
                if (name.equalsIgnoreCase(text.trim())) {
                    return constant;
                }
            }
            ctx.error(path, node, "expected one of " + String.join(", ", names) + Suggestions.didYouMean(text, names));
            return null;
        }
        ctx.error(path, null, "unsupported option type " + raw.getName(), node.location());
        return null;
    }

    /** Free-form options (a plugin's, say): maps, lists and strings as they were written. */
    private Object plain(ConfigNode node, String path, int depth) {
        ctx.spend(1);
        if (depth > MAX_DEPTH) {
            ctx.error(path, null, "options nested too deeply", node.location());
            return null;
        }
        if (node instanceof MapNode map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.entries().forEach((k, v) -> out.put(k, plain(v, path + "." + k, depth + 1)));
            return java.util.Collections.unmodifiableMap(out);
        }
        if (node instanceof ConfigNode.ListNode list) {
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < list.items().size(); i++) {
                out.add(plain(list.items().get(i), path + "[" + i + "]", depth + 1));
            }
            return java.util.Collections.unmodifiableList(out);
        }
        return ((ValueNode) node).text();
    }

    /** Reports every {@code ~} entry of a list option: an empty entry is a mistake, not something to skip. */
    private boolean hasNullEntry(Fields holder, ConfigNode node, String path) {
        if (node instanceof ValueNode) {
            return false;
        }
        List<ConfigNode> items = holder.items(node, path);
        if (items == null) {
            return true; // not a list: already reported
        }
        boolean found = false;
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i) instanceof ValueNode v && v.kind() == Kind.NULL) {
                ctx.error(path + "[" + i + "]", v, "an entry is empty (~)");
                found = true;
            }
        }
        return found;
    }

    /** Wraps a single node so that the typed readers of {@link Fields} (and their messages) apply to it. */
    private Fields holder(String path, ConfigNode node) {
        return Fields.single(ctx, node, path, "value");
    }

    private static List<ConfigNode> splitCommas(ValueNode v) {
        List<ConfigNode> out = new ArrayList<>();
        for (String part : v.text().split(",")) {
            if (!part.isBlank()) {
                out.add(new ValueNode(part.trim(), Kind.STRING, v.location()));
            }
        }
        return out;
    }

    private static Object fallback(RecordComponent c, Object defaults) {
        if (defaults != null) {
            try {
                return c.getAccessor().invoke(defaults);
            } catch (ReflectiveOperationException e) {
                // fall through to the type's zero value
            }
        }
        Class<?> t = c.getType();
        if (!t.isPrimitive()) {
            return null;
        }
        if (t == boolean.class) {
            return false;
        }
        if (t == long.class) {
            return 0L;
        }
        if (t == double.class) {
            return 0.0;
        }
        if (t == float.class) {
            return 0.0f;
        }
        if (t == short.class) {
            return (short) 0;
        }
        if (t == byte.class) {
            return (byte) 0;
        }
        if (t == char.class) {
            return '\0';
        }
        return 0;
    }

    private static Object defaults(Class<?> type) {
        try {
            Field f = type.getField("DEFAULTS");
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == type) {
                return f.get(null);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // no defaults constant
        }
        return null;
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        return Object.class;
    }

    private static Type argument(Type type, int i) {
        return type instanceof ParameterizedType p ? p.getActualTypeArguments()[i] : Object.class;
    }
}
