package io.gatehouse.core.config.decode;

import io.gatehouse.core.config.ConfigError;
import io.gatehouse.core.config.DynamicConfig;
import io.gatehouse.core.middleware.MiddlewareTypes;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Decodes Traefik dynamic configuration (YAML, TOML, JSON, or a tree from {@link FlatKeyDecoder})
 * into a {@link DynamicConfig}. Every problem is collected with its path and, where the format
 * tells, its file:line; nothing unchecked escapes. Thread-safe and reusable.
 *
 * <pre>{@code
 * DecodeResult r = ConfigDecoder.create().decode(yaml, Format.YAML, "dynamic.yml");
 * if (!r.ok()) r.errors().forEach(System.err::println);
 * }</pre>
 */
public final class ConfigDecoder {

    private final MiddlewareTypes middlewareTypes;
    private final boolean requireRuleAndService;

    private ConfigDecoder(MiddlewareTypes middlewareTypes, boolean requireRuleAndService) {
        this.middlewareTypes = Objects.requireNonNull(middlewareTypes, "middlewareTypes");
        this.requireRuleAndService = requireRuleAndService;
    }

    /** A decoder with the middleware types found on the class path. */
    public static ConfigDecoder create() {
        return new ConfigDecoder(MiddlewareTypes.load(), true);
    }

    public static ConfigDecoder create(MiddlewareTypes middlewareTypes) {
        return new ConfigDecoder(middlewareTypes, true);
    }

    /**
     * A decoder that accepts routers without a rule or a service, for providers that fill those in
     * themselves (Docker's default rule and single-service linking).
     */
    public ConfigDecoder allowingIncompleteRouters() {
        return new ConfigDecoder(middlewareTypes, false);
    }

    public MiddlewareTypes middlewareTypes() {
        return middlewareTypes;
    }

    /**
     * Decodes {@code content}.
     *
     * @param sourceName how locations are named in errors, usually the file name
     */
    public DecodeResult decode(String content, Format format, String sourceName) {
        Objects.requireNonNull(format, "format");
        List<ConfigError> parseErrors = new ArrayList<>();
        ConfigNode tree = TreeReader.read(content == null ? "" : content, format, sourceName, parseErrors);
        if (tree == null && !parseErrors.isEmpty()) {
            return new DecodeResult(DynamicConfig.EMPTY, List.of(), parseErrors);
        }
        DecodeResult bound = decodeTree(tree, false);
        if (parseErrors.isEmpty()) {
            return bound;
        }
        List<ConfigError> all = new ArrayList<>(parseErrors);
        all.addAll(bound.errors());
        return new DecodeResult(bound.config(), bound.warnings(), all);
    }

    /** Binds an already-built tree ({@code labels} enables label-only forms such as {@code loadbalancer.server.url}). */
    DecodeResult decodeTree(ConfigNode tree, boolean labels) {
        BindContext ctx = new BindContext(labels);
        DynamicConfig config;
        try {
            config = new DynamicConfigBinder(ctx, middlewareTypes, requireRuleAndService).bind(tree);
        } catch (StackOverflowError e) {
            // Trees are built without recursion and nesting is bounded by the parsers; this is a last guard.
            ctx.error("", null, "configuration nested too deeply", tree == null ? null : tree.location());
            config = DynamicConfig.EMPTY;
        } catch (BindContext.TooLarge e) {
            ctx.error("", null, "configuration too large (more than " + BindContext.MAX_WORK
                    + " entries once YAML aliases are expanded)", tree == null ? null : tree.location());
            config = DynamicConfig.EMPTY;
        } catch (RuntimeException e) {
            // A bug of ours must still reach the user as a configuration error, never as a crash of the provider.
            ctx.error("", null, "internal error while decoding (please report it): " + e,
                    tree == null ? null : tree.location());
            config = DynamicConfig.EMPTY;
        }
        return new DecodeResult(config, ctx.warnings, ctx.errors);
    }
}
