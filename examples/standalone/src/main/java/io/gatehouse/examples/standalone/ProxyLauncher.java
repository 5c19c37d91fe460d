package io.gatehouse.examples.standalone;

import io.gatehouse.core.config.ConfigError;
import io.gatehouse.core.config.ConfigException;
import io.gatehouse.core.config.DynamicConfig;
import io.gatehouse.core.config.decode.ConfigDecoder;
import io.gatehouse.core.config.statics.PingConfig;
import io.gatehouse.core.config.statics.RedirectionConfig;
import io.gatehouse.core.config.statics.StaticConfig;
import io.gatehouse.core.config.statics.StaticEntryPoint;
import io.gatehouse.core.server.EntryPointAddress;
import io.gatehouse.core.server.Gatehouse;
import io.gatehouse.core.server.GatehouseBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns a static configuration into a running {@link Gatehouse}: its entry points, Traefik's
 * internal routers (ping, entry point redirections), and the file provider.
 *
 * <p>The internal routers are named like Traefik's ({@code ping@internal},
 * {@code web-to-websecure@internal}) with {@code @} replaced by {@code -} because code-defined
 * names cannot contain it; their handlers short-circuit as middlewares in front of an empty service.
 */
final class ProxyLauncher {

    private static final Logger log = LoggerFactory.getLogger(ProxyLauncher.class);

    static final String NOOP_SERVICE = "noop-internal";
    static final String PING_ROUTER = "ping-internal";
    static final int PING_PRIORITY = Integer.MAX_VALUE;

    private ProxyLauncher() {
    }

    /** A started proxy and the internal handlers whose state follows its lifecycle. */
    record Launched(Gatehouse gatehouse, PingHandler ping) implements AutoCloseable {
        /** Ping answers the terminating status, then the proxy drains within each entry point's graceTimeOut. */
        @Override
        public void close() {
            if (ping != null) {
                ping.terminating();
            }
            gatehouse.close();
        }
    }

    static Launched launch(StaticConfig config) {
        GatehouseBuilder builder = Gatehouse.builder();
        config.entryPoints().forEach((name, ep) -> builder.entryPoint(name, ep.config()));
        builder.service(NOOP_SERVICE, s -> { });

        PingHandler ping = null;
        PingConfig pingConfig = config.ping();
        if (pingConfig != null) {
            ping = new PingHandler(pingConfig.terminatingStatusCode());
            PingHandler handler = ping;
            // TODO(pipeline merge): builder.internalService("ping@internal", ping), so that
            // manualRouting users can route to it; until then manualRouting serves no ping.
            if (!pingConfig.manualRouting()) {
                builder.middleware(PING_ROUTER, next -> handler);
                builder.router(PING_ROUTER, r -> r.rule("PathPrefix(`/ping`)").priority(PING_PRIORITY)
                        .entryPoints(pingConfig.entryPoint()).middlewares(PING_ROUTER).service(NOOP_SERVICE));
            }
        }

        Map<String, EntryPointRedirectHandler> redirects = new LinkedHashMap<>();
        config.entryPoints().forEach((name, ep) -> {
            RedirectionConfig r = ep.redirection();
            if (r == null) {
                return;
            }
            boolean toPort = r.to().startsWith(":");
            EntryPointRedirectHandler handler = new EntryPointRedirectHandler(r.scheme(), r.permanent(),
                    toPort ? Integer.parseInt(r.to().substring(1)) : configuredPort(config.entryPoints().get(r.to())));
            if (!toPort) {
                redirects.put(r.to(), handler);
            }
            String target = toPort ? r.to().substring(1) : r.to();
            String router = name + "-to-" + target + "-internal";
            String middleware = "redirect-" + name + "-to-" + target + "-internal";
            builder.middleware(middleware, next -> handler);
            // Traefik v3's generated router matches every host; PathPrefix(`/`) also matches requests without one.
            builder.router(router, rr -> rr.rule("PathPrefix(`/`)").priority(r.priority())
                    .entryPoints(name).middlewares(middleware).service(NOOP_SERVICE));
        });

        addDynamicConfiguration(builder, config);

        Gatehouse gatehouse = builder.start();
        // An entry point configured on port 0 is only known now.
        redirects.forEach((target, handler) -> handler.port(gatehouse.port(target)));
        return new Launched(gatehouse, ping);
    }

    private static int configuredPort(StaticEntryPoint ep) {
        try {
            return EntryPointAddress.parse("address", ep.config().address()).port();
        } catch (ConfigException e) {
            return 0; // validated when the static configuration was decoded
        }
    }

    /**
     * TODO(pipeline merge): replace the body with
     * <pre>{@code
     * builder.providersThrottleDuration(config.providers().providersThrottleDuration());
     * FileProviderConfig file = config.providers().file();
     * if (file != null) {
     *     builder.provider((file.filename() != null ? FileProvider.watching(Path.of(file.filename()))
     *             : FileProvider.directory(Path.of(file.directory()))).watch(file.watch()));
     * }
     * }</pre>
     * Until the provider pipeline exists, the files are read once at startup (no watching, no
     * middlewares): routers, services and servers transports are added as code configuration.
     */
    private static void addDynamicConfiguration(GatehouseBuilder builder, StaticConfig config) {
        if (config.providers().file() == null) {
            return;
        }
        for (DynamicFiles.FileResult file : DynamicFiles.read(config.providers().file(), ConfigDecoder.create())) {
            if (!file.errors().isEmpty()) {
                for (ConfigError error : file.errors()) {
                    log.error("{}: left out: {}", file.file(), error);
                }
                continue;
            }
            DynamicConfig dynamic = file.result().config();
            addEach(file, dynamic.http().serversTransports(), builder::serversTransport);
            addEach(file, dynamic.http().services(), builder::service);
            addEach(file, dynamic.http().routers(), builder::router);
            if (!dynamic.http().middlewares().isEmpty()) {
                log.error("{}: middlewares need the provider pipeline; routers using them are left out", file.file());
            }
        }
    }

    private static <V> void addEach(DynamicFiles.FileResult file, Map<String, V> items,
                                    java.util.function.BiConsumer<String, V> add) {
        items.forEach((name, item) -> {
            try {
                add.accept(name, item);
            } catch (IllegalArgumentException e) {
                log.error("{}: left out: {}", file.file(), e.getMessage());
            }
        });
    }
}
