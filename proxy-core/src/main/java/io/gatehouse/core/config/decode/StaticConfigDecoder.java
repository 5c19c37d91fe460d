package io.gatehouse.core.config.decode;

import io.gatehouse.core.config.ConfigError;
import io.gatehouse.core.config.SourceLocation;
import io.gatehouse.core.config.decode.ConfigNode.MapNode;
import io.gatehouse.core.config.decode.ConfigNode.ValueNode;
import io.gatehouse.core.config.statics.StaticConfig;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Decodes Traefik's static configuration from up to three sources, each overriding the one before:
 * a file (YAML, TOML or JSON, as {@code traefik.yml}), environment variables
 * ({@code GATEHOUSE_ENTRYPOINTS_WEB_ADDRESS=:8080}; {@code TRAEFIK_} works too, {@code GATEHOUSE_}
 * wins) and command-line flags ({@code --entryPoints.web.address=:8080}). Keys are
 * case-insensitive; unknown keys are errors with a suggestion, Traefik keys Gatehouse does not
 * have are reported as not supported yet. Every problem is collected; nothing unchecked escapes.
 *
 * <pre>{@code
 * StaticDecodeResult r = StaticConfigDecoder.create()
 *     .file(Files.readString(path), Format.YAML, "traefik.yml")
 *     .environment(System.getenv())
 *     .flags(List.of("--log.level=DEBUG"))
 *     .decode();
 * }</pre>
 * Not thread-safe; one instance per decode.
 */
public final class StaticConfigDecoder {

    public static final String ENV_PREFIX = "GATEHOUSE_";
    /** Accepted for drop-in use of an existing Traefik environment; {@link #ENV_PREFIX} wins on the same key. */
    public static final String TRAEFIK_ENV_PREFIX = "TRAEFIK_";
    private static final int MAX_SEGMENTS = 32;
    /** No static key is this long; longer ones are refused before they reach error messages. */
    private static final int MAX_SEGMENT_LENGTH = 256;

    private final List<ConfigError> errors = new ArrayList<>();
    private ConfigNode fileTree;
    private ConfigNode envTree;
    private ConfigNode flagTree;

    private StaticConfigDecoder() {
    }

    public static StaticConfigDecoder create() {
        return new StaticConfigDecoder();
    }

    /** The configuration file's content; {@code sourceName} names it in errors. */
    public StaticConfigDecoder file(String content, Format format, String sourceName) {
        fileTree = TreeReader.read(content == null ? "" : content, format, sourceName, errors);
        return this;
    }

    /** Environment variables; only those starting with {@code GATEHOUSE_} or {@code TRAEFIK_} are read. */
    public StaticConfigDecoder environment(Map<String, String> env) {
        FlatTree tree = new FlatTree(null, SourceLocation.of("environment"));
        // TRAEFIK_ first so that GATEHOUSE_ replaces it; sorted for a stable error order.
        for (String prefix : List.of(TRAEFIK_ENV_PREFIX, ENV_PREFIX)) {
            for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
                String key = e.getKey();
                if (key.length() <= prefix.length() || !key.regionMatches(true, 0, prefix, 0, prefix.length())) {
                    continue;
                }
                SourceLocation at = SourceLocation.of("environment variable " + key);
                List<String> segments = segments(key.substring(prefix.length()).toLowerCase(Locale.ROOT), "_", key, at);
                if (segments != null) {
                    tree.set(segments, e.getValue(), at);
                }
            }
        }
        envTree = tree.isEmpty() ? null : tree.toNode("", errors);
        return this;
    }

    /**
     * Command-line flags in Traefik's form: {@code --key.path=value}, or {@code --key.path} alone for
     * {@code true}. Anything else is an error.
     */
    public StaticConfigDecoder flags(List<String> flags) {
        FlatTree tree = new FlatTree(null, SourceLocation.of("command line"));
        for (String flag : flags) {
            SourceLocation at = SourceLocation.of("flag " + shorten(flag));
            if (flag == null || !flag.startsWith("--") || flag.length() == 2) {
                errors.add(new ConfigError("", shorten(flag), "expected a flag like --entryPoints.web.address=:8080", at));
                continue;
            }
            int eq = flag.indexOf('=');
            String key = eq < 0 ? flag.substring(2) : flag.substring(2, eq);
            String value = eq < 0 ? "true" : flag.substring(eq + 1);
            List<String> segments = segments(key, ".", flag, at);
            if (segments != null) {
                tree.set(segments, value, at);
            }
        }
        flagTree = tree.isEmpty() ? null : tree.toNode("", errors);
        return this;
    }

    public StaticDecodeResult decode() {
        ConfigNode merged = merge(merge(fileTree, envTree), flagTree);
        BindContext ctx = new BindContext(false);
        StaticConfig config;
        try {
            config = new StaticConfigBinder(ctx).bind(merged);
        } catch (StackOverflowError | BindContext.TooLarge e) {
            ctx.error("", null, "configuration too large or nested too deeply", merged == null ? null : merged.location());
            config = null;
        } catch (RuntimeException e) {
            // A bug of ours must reach the user as a configuration error, not as a crash.
            ctx.error("", null, "internal error while decoding (please report it): " + e,
                    merged == null ? null : merged.location());
            config = null;
        }
        List<ConfigError> all = new ArrayList<>(errors);
        all.addAll(ctx.errors);
        return new StaticDecodeResult(all.isEmpty() ? config : null, ctx.warnings, all);
    }

    private List<String> segments(String key, String separator, String raw, SourceLocation at) {
        String[] parts = key.split(java.util.regex.Pattern.quote(separator), -1);
        if (parts.length > MAX_SEGMENTS) {
            errors.add(new ConfigError(shorten(key), null, "more than " + MAX_SEGMENTS + " key segments", at));
            return null;
        }
        if (Arrays.stream(parts).anyMatch(p -> p.length() > MAX_SEGMENT_LENGTH)) {
            errors.add(new ConfigError(shorten(key), null, "a key segment is longer than " + MAX_SEGMENT_LENGTH
                    + " characters", at));
            return null;
        }
        if (Arrays.stream(parts).anyMatch(String::isBlank)) {
            errors.add(new ConfigError(shorten(key), null, "empty segment in key '" + shorten(raw) + "'", at));
            return null;
        }
        return List.of(parts);
    }

    private static String shorten(String text) {
        return text != null && text.length() > 120 ? text.substring(0, 120) + "..." : text;
    }

    /**
     * {@code higher} over {@code lower}: maps merge key by key (case-insensitively), anything else is
     * replaced. A bare {@code true} ({@code --ping}) keeps the options the lower source gives.
     */
    static ConfigNode merge(ConfigNode lower, ConfigNode higher) {
        if (lower == null) {
            return higher;
        }
        if (higher == null) {
            return lower;
        }
        if (lower instanceof MapNode low && higher instanceof ValueNode v && v.text() != null
                && v.text().trim().equalsIgnoreCase("true")) {
            return low;
        }
        if (!(lower instanceof MapNode low) || !(higher instanceof MapNode high)) {
            return higher;
        }
        Map<String, ConfigNode> entries = new LinkedHashMap<>(low.entries());
        for (Map.Entry<String, ConfigNode> e : high.entries().entrySet()) {
            String existing = entries.keySet().stream().filter(k -> k.equalsIgnoreCase(e.getKey())).findFirst().orElse(null);
            if (existing == null) {
                entries.put(e.getKey(), e.getValue());
            } else {
                entries.put(existing, merge(entries.get(existing), e.getValue()));
            }
        }
        return new MapNode(entries, low.location());
    }
}
