package io.gatehouse.examples.standalone;

import java.util.concurrent.CountDownLatch;

/**
 * The standalone proxy. This release runs demo mode; the static and dynamic configuration
 * (--configFile, flags, environment, the file provider, check, version) arrive with the
 * configuration issue.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        int port = 8080;
        boolean demo = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--demo" -> demo = true;
                case "--port" -> {
                    if (i + 1 >= args.length) {
                        fail("--port needs a value");
                    }
                    port = parsePort(args[++i]);
                }
                default -> fail("unknown argument '" + args[i] + "'");
            }
        }
        if (!demo) {
            fail("this release runs the demo only: gatehouse --demo [--port 8080]");
        }
        Demo running = Demo.start(port);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            running.close();
            stopped.countDown();
        }, "gatehouse-shutdown"));
        System.out.println("Gatehouse demo: two backends load-balanced behind http://127.0.0.1:" + running.port() + "/");
        System.out.println("Try: curl http://127.0.0.1:" + running.port() + "/hello   (run it twice: the backend alternates)");
        stopped.await();
    }

    private static int parsePort(String text) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // falls through to the error below
        }
        fail("--port must be a number from 0 to 65535, got '" + text + "'");
        return -1;
    }

    private static void fail(String message) {
        System.err.println("gatehouse: " + message);
        System.exit(2);
    }
}
