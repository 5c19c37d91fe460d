package io.gatehouse.bench;

import io.gatehouse.core.config.ConfigException;
import io.gatehouse.core.middleware.Middleware;
import io.gatehouse.core.server.Gatehouse;
import io.gatehouse.core.server.GatehouseBuilder;
import io.gatehouse.middleware.cache.HttpCache;

import java.util.Map;

/**
 * Gatehouse as the system under test of the load harness: one entry point, one router matching
 * everything, one service with the single origin. One IO thread, like the other proxies.
 *
 * <pre>java -cp benchmarks.jar io.gatehouse.bench.GatehouseProxy PORT ORIGIN_URL [--chain | --cache]</pre>
 *
 * {@code --chain}: the router runs the five typical middlewares of {@link TypicalChain} (clients send
 * {@code /app/...} with {@code Authorization: Basic} for {@link TypicalChain#USER}; the prefix is stripped).
 * {@code --cache}: the router runs httpCache with its defaults in front of the service. The process runs until
 * it is killed.
 */
public final class GatehouseProxy {

    private GatehouseProxy() {
    }

    public static void main(String[] args) {
        if (args.length < 2 || args.length > 3 || (args.length == 3 && !args[2].equals("--chain") && !args[2].equals("--cache"))) {
            System.err.println("usage: GatehouseProxy PORT ORIGIN_URL [--chain | --cache]   (e.g. 18082 http://127.0.0.1:18080)");
            System.exit(2);
            return;
        }
        int port;
        try {
            port = Integer.parseInt(args[0]);
        } catch (NumberFormatException e) {
            System.err.println("GatehouseProxy: PORT must be a whole number, got '" + args[0] + "'");
            System.exit(2);
            return;
        }
        String originUrl = args[1];
        String variant = args.length == 3 ? args[2] : "";

        GatehouseBuilder builder = Gatehouse.builder()
                .ioThreads(1)
                .entryPoint("web", port)
                .service("origin", s -> s.server(originUrl));
        String[] names;
        try {
            names = switch (variant) {
                case "--chain" -> register(builder, TypicalChain.middlewares(TypicalChain.bcryptUser()));
                case "--cache" -> register(builder, Map.of("cache", HttpCache.withDefaults()));
                default -> new String[0];
            };
        } catch (ConfigException e) {
            System.err.println("GatehouseProxy: middleware configuration rejected: " + e.getMessage());
            System.exit(2);
            return;
        }
        builder.router("all", r -> r.rule("PathPrefix(`/`)").middlewares(names).service("origin")).start();
        System.out.println("GatehouseProxy" + (variant.isEmpty() ? "" : " " + variant) + " listening on port " + port
                + " -> " + originUrl);
    }

    private static String[] register(GatehouseBuilder builder, Map<String, Middleware> middlewares) {
        middlewares.forEach(builder::middleware);
        return middlewares.keySet().toArray(String[]::new);
    }
}
