package io.gatehouse.examples.standalone;

import io.gatehouse.core.config.ConfigException;
import io.gatehouse.core.config.statics.FileProviderConfig;
import io.gatehouse.core.config.statics.PingConfig;
import io.gatehouse.core.config.statics.RedirectionConfig;
import io.gatehouse.core.config.statics.StaticConfig;
import io.gatehouse.core.config.statics.StaticEntryPoint;
import io.gatehouse.core.provider.FileProvider;
import io.gatehouse.core.server.EntryPointAddress;
import io.gatehouse.core.server.Gatehouse;
import io.gatehouse.core.server.GatehouseBuilder;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns a static configuration into a running {@link Gatehouse}: its entry points, Traefik's
 * internal services and their routers (ping, entry point redirections), and the file provider.
 * The services are {@code ping@internal} and {@code redirect-web-to-websecure@internal}, as in
 * Traefik; the generated routers are code routers ({@code ping@code}, {@code web-to-websecure@code}).
 */
final class ProxyLauncher {

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

        PingHandler ping = null;
        PingConfig pingConfig = config.ping();
        if (pingConfig != null) {
            ping = new PingHandler(pingConfig.terminatingStatusCode());
            builder.internalService("ping@internal", ping);
            if (!pingConfig.manualRouting()) {
                builder.router("ping", r -> r.rule("PathPrefix(`/ping`)").priority(PING_PRIORITY)
                        .entryPoints(pingConfig.entryPoint()).service("ping@internal"));
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
            String service = "redirect-" + name + "-to-" + target + "@internal";
            builder.internalService(service, handler);
            // Traefik v3's generated router matches every host; PathPrefix(`/`) also matches requests without one.
            builder.router(name + "-to-" + target, rr -> rr.rule("PathPrefix(`/`)").priority(r.priority())
                    .entryPoints(name).service(service));
        });

        builder.providersThrottleDuration(config.providers().providersThrottleDuration());
        FileProviderConfig file = config.providers().file();
        if (file != null) {
            FileProvider provider = file.filename() != null
                    ? FileProvider.watching(Path.of(file.filename()))
                    : FileProvider.directory(Path.of(file.directory()));
            builder.provider(provider.watch(file.watch()));
        }
        try {
            io.gatehouse.docker.DockerProvider docker = DockerOptions.provider(config);
            if (docker != null) {
                builder.provider(docker);
            }
        } catch (ConfigException e) {
            throw new io.gatehouse.core.server.GatehouseException("providers.docker: " + e.getMessage(), e);
        }

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
}
