package io.gatehouse.bench;

import io.gatehouse.core.config.CertificateFiles;
import io.gatehouse.core.config.ConfigException;
import io.gatehouse.core.config.TlsConfig;
import io.gatehouse.core.config.TlsOptions;
import io.gatehouse.core.config.TlsStore;
import io.gatehouse.core.middleware.Middleware;
import io.gatehouse.core.server.Gatehouse;
import io.gatehouse.core.server.GatehouseBuilder;
import io.gatehouse.middleware.cache.HttpCache;

import java.util.List;
import java.util.Map;

/**
 * Gatehouse as the system under test of the load harness: one entry point, one router matching
 * everything, one service with the single origin. One IO thread, like the other proxies.
 *
 * <pre>java -cp benchmarks.jar io.gatehouse.bench.GatehouseProxy PORT ORIGIN_URL [--chain | --cache | --tls CERT KEY]
 * java -cp benchmarks.jar io.gatehouse.bench.GatehouseProxy PORT --lb URL1,URL2,...</pre>
 *
 * {@code --chain}: the router runs the five typical middlewares of {@link TypicalChain} (clients send
 * {@code /app/...} with {@code Authorization: Basic} for {@link TypicalChain#USER}; the prefix is stripped).
 * {@code --cache}: the router runs httpCache with its defaults in front of the service.
 * {@code --tls CERT KEY}: the router serves HTTPS only with that PEM certificate and key, TLS 1.2 and the one
 * cipher suite {@link #TLS_CIPHER} (what the harness also gives nginx). {@code --lb}: see {@link LoadBalancedProxy}.
 * The process runs until it is killed.
 */
public final class GatehouseProxy {

    /** The cipher suite of the TLS case, in Traefik's (Go's) naming: OpenSSL's ECDHE-ECDSA-AES128-GCM-SHA256. */
    public static final String TLS_CIPHER = "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256";

    private GatehouseProxy() {
    }

    public static void main(String[] args) {
        if (args.length == 3 && args[1].equals("--lb")) {
            LoadBalancedProxy.main(args);
            return;
        }
        boolean tls = args.length == 5 && args[2].equals("--tls");
        if (!tls && (args.length < 2 || args.length > 3
                || (args.length == 3 && !args[2].equals("--chain") && !args[2].equals("--cache")))) {
            System.err.println("usage: GatehouseProxy PORT ORIGIN_URL [--chain | --cache | --tls CERT KEY]"
                    + "   (e.g. 18082 http://127.0.0.1:18080)");
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
        String variant = args.length >= 3 ? args[2] : "";

        GatehouseBuilder builder = Gatehouse.builder()
                .ioThreads(1)
                .entryPoint("web", port)
                .service("origin", s -> s.server(originUrl));
        if (tls) {
            // Also the default certificate: clients of 127.0.0.1 send no SNI.
            CertificateFiles certificate = new CertificateFiles(args[3], args[4]);
            builder.tls(new TlsConfig(List.of(certificate),
                    Map.of("default", new TlsOptions(null, "VersionTLS12", List.of(TLS_CIPHER), null, false, null, null)),
                    Map.of("default", new TlsStore(certificate))));
        }
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
        Gatehouse gatehouse = builder.router("all", r -> {
            r.rule("PathPrefix(`/`)").middlewares(names).service("origin");
            if (tls) {
                r.tls();
            }
        }).start();
        if (!gatehouse.errors().isEmpty()) {
            System.err.println("GatehouseProxy: configuration errors: " + gatehouse.errors());
            gatehouse.close();
            System.exit(2);
            return;
        }
        System.out.println("GatehouseProxy" + (variant.isEmpty() ? "" : " " + variant) + " listening on port " + port
                + " -> " + originUrl);
    }

    private static String[] register(GatehouseBuilder builder, Map<String, Middleware> middlewares) {
        middlewares.forEach(builder::middleware);
        return middlewares.keySet().toArray(String[]::new);
    }
}
