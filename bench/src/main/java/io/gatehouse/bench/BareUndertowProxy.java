package io.gatehouse.bench;

import io.undertow.Undertow;
import io.undertow.server.handlers.ResponseCodeHandler;
import io.undertow.server.handlers.proxy.LoadBalancingProxyClient;
import io.undertow.server.handlers.proxy.ProxyHandler;

import java.net.URI;

/**
 * The same-stack floor for the load harness: Undertow's own ProxyHandler in front of one origin,
 * with one IO thread and nothing else in the chain. Whatever Gatehouse costs on top of this is ours.
 *
 * <pre>java -cp benchmarks.jar io.gatehouse.bench.BareUndertowProxy PORT ORIGIN_URL
 *     [--connectionsPerThread N] [--softMax N] [--maxQueueSize N]</pre>
 *
 * Listens on 127.0.0.1 only. The pool numbers default to the ones Gatehouse uses, so the two JVM
 * proxies compete with the same connection budget (Undertow's own defaults answer 503 under load).
 */
public final class BareUndertowProxy {

    /** Request-level timeout, generous: the harness counts errors, it does not want early 504s. */
    private static final int MAX_REQUEST_TIME_MS = 30_000;

    private BareUndertowProxy() {
    }

    public static void main(String[] args) {
        ProxyOptions options;
        try {
            options = ProxyOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("BareUndertowProxy: " + e.getMessage());
            System.err.println(ProxyOptions.USAGE);
            System.exit(2);
            return;
        }
        start(options);
        System.out.println("BareUndertowProxy listening on 127.0.0.1:" + options.port() + " -> " + options.origin()
                + " (connectionsPerThread=" + options.connectionsPerThread() + ", softMax=" + options.softMax()
                + ", maxQueueSize=" + options.maxQueueSize() + ")");
    }

    static Undertow start(ProxyOptions options) {
        LoadBalancingProxyClient client = new LoadBalancingProxyClient()
                .setConnectionsPerThread(options.connectionsPerThread())
                .setSoftMaxConnectionsPerThread(options.softMax())
                .setMaxQueueSize(options.maxQueueSize())
                .addHost(options.origin());
        ProxyHandler proxy = ProxyHandler.builder()
                .setProxyClient(client)
                .setMaxRequestTime(MAX_REQUEST_TIME_MS)
                .setNext(ResponseCodeHandler.HANDLE_404)
                .build();
        Undertow server = Undertow.builder()
                .setIoThreads(1)
                // The proxy never dispatches; one worker thread keeps the process as lean as the others.
                .setWorkerThreads(1)
                .addHttpListener(options.port(), "127.0.0.1")
                .setHandler(proxy)
                .build();
        server.start();
        return server;
    }

    /** Command line of the bare proxy: positional port and origin, then optional pool flags. */
    record ProxyOptions(int port, URI origin, int connectionsPerThread, int softMax, int maxQueueSize) {

        static final String USAGE = "usage: BareUndertowProxy PORT ORIGIN_URL"
                + " [--connectionsPerThread N] [--softMax N] [--maxQueueSize N]";

        static ProxyOptions parse(String[] args) {
            if (args.length < 2) {
                throw new IllegalArgumentException("expected PORT and ORIGIN_URL, got " + args.length + " argument(s)");
            }
            int port = number("PORT", args[0], 0, 65_535); // 0: any free port (tests)
            URI origin = origin(args[1]);
            int connectionsPerThread = 256;
            int softMax = 200;
            int maxQueueSize = 1024;
            for (int i = 2; i < args.length; i += 2) {
                String flag = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("flag " + flag + " needs a value");
                }
                String value = args[i + 1];
                switch (flag) {
                    case "--connectionsPerThread" -> connectionsPerThread = number(flag, value, 1, 100_000);
                    case "--softMax" -> softMax = number(flag, value, 0, 100_000);
                    case "--maxQueueSize" -> maxQueueSize = number(flag, value, 0, 1_000_000);
                    default -> throw new IllegalArgumentException("unknown flag " + flag);
                }
            }
            return new ProxyOptions(port, origin, connectionsPerThread, softMax, maxQueueSize);
        }

        private static int number(String what, String text, int min, int max) {
            int value;
            try {
                value = Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(what + " must be a whole number, got '" + text + "'");
            }
            if (value < min || value > max) {
                throw new IllegalArgumentException(what + " must be in [" + min + ", " + max + "], got " + value);
            }
            return value;
        }

        private static URI origin(String text) {
            URI uri;
            try {
                uri = URI.create(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("ORIGIN_URL is not a URI: '" + text + "'");
            }
            if (!"http".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("ORIGIN_URL must look like http://127.0.0.1:18080, got '" + text + "'");
            }
            return uri;
        }
    }
}
