package io.gatehouse.core.config.decode;

import io.gatehouse.core.config.DynamicConfig;
import io.gatehouse.core.config.HttpConfig;
import io.gatehouse.core.config.MiddlewareConfig;
import io.gatehouse.core.config.RouterConfig;
import io.gatehouse.core.config.RouterTlsConfig;
import io.gatehouse.core.config.ServersTransportConfig;
import io.gatehouse.core.config.ServiceConfig;
import io.gatehouse.core.config.TlsConfig;
import io.gatehouse.core.middleware.MiddlewareType;
import io.gatehouse.core.middleware.MiddlewareTypes;

import java.util.List;
import java.util.Map;

/**
 * Binds a {@link ConfigNode} tree to {@link DynamicConfig}, with Traefik's option names and
 * defaults, reporting every structural problem it finds. Cross-references between routers,
 * services and middlewares are the {@link Validator}'s job.
 */
final class DynamicConfigBinder {

    private final BindContext ctx;
    private final MiddlewareTypes middlewareTypes;
    private final boolean requireRuleAndService;
    private final ServiceBinder serviceBinder;
    private final TlsBinder tls;

    DynamicConfigBinder(BindContext ctx, MiddlewareTypes middlewareTypes, boolean requireRuleAndService) {
        this.ctx = ctx;
        this.serviceBinder = new ServiceBinder(ctx);
        this.tls = new TlsBinder(ctx);
        this.middlewareTypes = middlewareTypes;
        this.requireRuleAndService = requireRuleAndService;
    }

    DynamicConfig bind(ConfigNode root) {
        if (root == null) {
            return DynamicConfig.EMPTY;
        }
        Fields top = Fields.of(ctx, root, "");
        if (top == null) {
            return DynamicConfig.EMPTY;
        }
        Fields http = top.object("http", false);
        Fields tlsFields = top.object("tls", false);
        for (String unsupported : List.of("tcp", "udp")) {
            ConfigNode section = top.take(unsupported);
            if (section != null) {
                ctx.warn(unsupported, section, unsupported.toUpperCase(java.util.Locale.ROOT)
                        + " routing is not supported yet; the '" + unsupported + "' section is ignored");
            }
        }
        HttpConfig httpConfig = http == null ? HttpConfig.EMPTY : http(http);
        TlsConfig tlsConfig = tlsFields == null ? TlsConfig.EMPTY : tls.tls(tlsFields);
        if (http != null) {
            http.finish();
        }
        if (tlsFields != null) {
            tlsFields.finish();
        }
        top.finish();
        return new DynamicConfig(httpConfig, tlsConfig);
    }

    // ---- http --------------------------------------------------------------------------------

    private HttpConfig http(Fields f) {
        Map<String, RouterConfig> routers = f.namedObjects("routers", this::router);
        Map<String, ServiceConfig> services = f.namedObjects("services", serviceBinder::service);
        Map<String, MiddlewareConfig> middlewares = f.namedObjects("middlewares", this::middleware);
        Map<String, ServersTransportConfig> transports = f.namedObjects("serversTransports", tls::serversTransport);
        return new HttpConfig(routers, services, middlewares, transports);
    }

    private RouterConfig router(Fields f, String name) {
        List<String> entryPoints = f.strings("entryPoints");
        String rule = f.string("rule");
        String ruleSyntax = f.oneOf("ruleSyntax", null, List.of("v3", "v2"));
        int priority = f.integer("priority", 0);
        List<String> middlewares = f.strings("middlewares");
        String service = f.string("service");
        Fields tlsFields = f.object("tls", true);
        RouterTlsConfig tls = null;
        if (tlsFields != null) {
            tls = new RouterTlsConfig(tlsFields.string("options"), tlsFields.string("certResolver"),
                    tlsFields.objects("domains", (d, i) -> new RouterTlsConfig.Domain(d.string("main"),
                            d.strings("sans"))));
            tlsFields.finish();
        }
        f.ignored("observability", "per-router access log, metrics and tracing switches are not supported yet");
        if (requireRuleAndService) {
            if (rule == null || rule.isBlank()) {
                ctx.error(f.child("rule"), null, "a router needs a rule", f.node().location());
            }
            if (service == null || service.isBlank()) {
                ctx.error(f.child("service"), null, "a router needs a service", f.node().location());
            }
        }
        return new RouterConfig(entryPoints, rule, ruleSyntax, priority, middlewares, service, tls);
    }

    private MiddlewareConfig middleware(Fields f, String name) {
        List<String> keys = f.presentKeys();
        if (keys.isEmpty()) {
            ctx.error(f.path(), null, "a middleware needs a type, one of: " + known(), f.node().location());
            return null;
        }
        if (keys.size() > 1) {
            ctx.error(f.path(), null, "a middleware has exactly one type, got " + String.join(" and ", keys),
                    f.node().location());
            keys.forEach(f::take);
            return null;
        }
        String typeName = keys.get(0);
        ConfigNode options = f.take(typeName);
        if (options instanceof ConfigNode.ValueNode v
                && (v.text() == null || v.text().isBlank() || v.text().trim().equalsIgnoreCase("true"))) {
            // "compress: {}", "compress:" and the label "...compress=true" all mean: this type, default options.
            options = new ConfigNode.MapNode(Map.of(), v.location());
        }
        MiddlewareType<?> type = middlewareTypes.find(typeName).orElse(null);
        if (type == null) {
            ctx.error(f.child(typeName), null, "unknown middleware type '" + typeName + "'"
                    + Suggestions.didYouMean(typeName, middlewareTypes.names()) + "; known types: " + known(),
                    options.location());
            return null;
        }
        Object config = new RecordBinder(ctx).bind(options, type.configType(), f.child(type.name()));
        return config == null ? null : new MiddlewareConfig(type.name(), config);
    }

    private String known() {
        List<String> names = middlewareTypes.names();
        return names.isEmpty() ? "(none installed)" : String.join(", ", names);
    }

}
