package io.gatehouse.bench;

import io.gatehouse.core.config.LoadBalancerConfig;
import io.gatehouse.core.config.PassiveHealthCheckConfig;
import io.gatehouse.core.config.ServerConfig;
import io.gatehouse.core.config.ServiceConfig;
import io.gatehouse.core.server.Gatehouse;
import io.gatehouse.middleware.retry.Retry;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Gatehouse balancing over several origins, the system under test of {@code bench/load-lb.sh}: one
 * router matching everything, a retry middleware (as many attempts as servers, so a GET that meets a
 * dead server is sent to another one) and one wrr load balancer with a passive health check (one failure
 * ejects a server for 10 s), what a Traefik user would configure to ride out a backend going away.
 *
 * <pre>java -cp benchmarks.jar io.gatehouse.bench.LoadBalancedProxy PORT URL1,URL2,URL3</pre>
 * (also {@code GatehouseProxy PORT --lb URL1,URL2,URL3}). The process runs until it is killed.
 */
public final class LoadBalancedProxy {

    private LoadBalancedProxy() {
    }

    public static void main(String[] args) {
        String[] a = args.length == 3 && args[1].equals("--lb") ? new String[] {args[0], args[2]} : args;
        if (a.length != 2) {
            System.err.println("usage: LoadBalancedProxy PORT URL1,URL2,...   (e.g. 18091 http://127.0.0.1:18081,...)");
            System.exit(2);
            return;
        }
        int port;
        try {
            port = Integer.parseInt(a[0]);
        } catch (NumberFormatException e) {
            System.err.println("LoadBalancedProxy: PORT must be a whole number, got '" + a[0] + "'");
            System.exit(2);
            return;
        }
        List<ServerConfig> servers = Arrays.stream(a[1].split(","))
                .map(String::trim).filter(u -> !u.isEmpty())
                .map(u -> new ServerConfig(u, 1, false)).toList();
        if (servers.isEmpty()) {
            System.err.println("LoadBalancedProxy: no server URL given");
            System.exit(2);
            return;
        }
        LoadBalancerConfig lb = new LoadBalancerConfig(servers, true, null, null, "wrr", null, null,
                new PassiveHealthCheckConfig(Duration.ofSeconds(10), 1));
        Gatehouse gatehouse = Gatehouse.builder()
                .ioThreads(1)
                .entryPoint("web", port)
                .middleware("retry", Retry.of(servers.size()))
                .service("backends", new ServiceConfig(lb))
                .router("all", r -> r.rule("PathPrefix(`/`)").middlewares("retry").service("backends"))
                .start();
        if (!gatehouse.errors().isEmpty()) {
            System.err.println("LoadBalancedProxy: configuration errors: " + gatehouse.errors());
            gatehouse.close();
            System.exit(2);
            return;
        }
        System.out.println("LoadBalancedProxy listening on port " + port + " -> " + servers.size() + " servers (wrr)");
    }
}
