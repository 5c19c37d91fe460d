package io.gatehouse.bench;

import io.gatehouse.core.server.Gatehouse;

/**
 * Gatehouse as the system under test of the load harness: one entry point, one router matching
 * everything, one service with the single origin. One IO thread, like the other proxies.
 *
 * <pre>java -cp benchmarks.jar io.gatehouse.bench.GatehouseProxy PORT ORIGIN_URL</pre>
 *
 * Kept out of the compiled sources (bench/pending/) until the Gatehouse builder API lands in proxy-core;
 * move it to src/main/java/io/gatehouse/bench/ then. The process runs until it is killed.
 */
public final class GatehouseProxy {

    private GatehouseProxy() {
    }

    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: GatehouseProxy PORT ORIGIN_URL   (e.g. 18082 http://127.0.0.1:18080)");
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

        Gatehouse.builder()
                .ioThreads(1)
                .entryPoint("web", port)
                .service("origin", s -> s.server(originUrl))
                .router("all", r -> r.rule("PathPrefix(`/`)").service("origin"))
                .start();
        System.out.println("GatehouseProxy listening on port " + port + " -> " + originUrl);
    }
}
