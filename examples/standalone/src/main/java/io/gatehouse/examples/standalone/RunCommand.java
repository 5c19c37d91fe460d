package io.gatehouse.examples.standalone;

import io.gatehouse.core.config.decode.StaticDecodeResult;
import io.gatehouse.core.config.statics.StaticConfig;
import io.gatehouse.core.server.GatehouseException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code gatehouse [--configFile=F] [flags]}: runs the proxy until SIGTERM or SIGINT, then drains. */
@Command(name = "gatehouse", mixinStandardHelpOptions = false,
        description = "A Traefik-compatible edge proxy. Static configuration: --configFile, GATEHOUSE_* variables, "
                + "and Traefik-style flags such as --entryPoints.web.address=:8080 (flags win over variables, "
                + "which win over the file).")
final class RunCommand implements Callable<Integer> {

    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;

    @Mixin
    StaticOptions options = new StaticOptions();

    /** Traefik static flags, checked by the static configuration decoder. */
    @Unmatched
    List<String> flags = new ArrayList<>();

    @Option(names = "--demo", description = "Start two in-process backends load-balanced behind one entry point.")
    boolean demo;

    @Option(names = "--port", paramLabel = "PORT", description = "The demo's port (default 8080).")
    Integer port;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    RunCommand(Map<String, String> env, PrintStream out, PrintStream err) {
        this.env = env;
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() throws InterruptedException {
        if (demo) {
            if (options.configFile != null || !flags.isEmpty()) {
                err.println("gatehouse: --demo takes only --port");
                return Main.USAGE;
            }
            return runDemo(port == null ? 8080 : port);
        }
        if (port != null) {
            err.println("gatehouse: --port is for --demo; set an entry point's address instead, "
                    + "e.g. --entryPoints.web.address=:" + port);
            return Main.USAGE;
        }
        StaticDecodeResult result = options.load(env, flags);
        StaticOptions.print("gatehouse: warning: ", result.warnings(), err);
        if (!result.ok()) {
            StaticOptions.print("gatehouse: ", result.errors(), err);
            return Main.USAGE;
        }
        StaticConfig config = result.config();
        LoggingSetup.apply(config.log());
        ProxyLauncher.Launched running;
        try {
            running = ProxyLauncher.launch(config);
        } catch (GatehouseException e) {
            err.println("gatehouse: " + e.getMessage());
            return Main.FAILED;
        }
        awaitStop(running);
        return Main.OK;
    }

    private int runDemo(int demoPort) throws InterruptedException {
        if (demoPort < 0 || demoPort > 65535) {
            err.println("gatehouse: --port must be a number from 0 to 65535, got " + demoPort);
            return Main.USAGE;
        }
        Demo running;
        try {
            running = Demo.start(demoPort);
        } catch (GatehouseException e) {
            err.println("gatehouse: " + e.getMessage());
            return Main.FAILED;
        }
        out.println("Gatehouse demo: two backends load-balanced behind http://127.0.0.1:" + running.port() + "/");
        out.println("Try: curl http://127.0.0.1:" + running.port() + "/hello   (run it twice: the backend alternates)");
        awaitStop(running);
        return Main.OK;
    }

    /** Blocks until SIGTERM/SIGINT has drained the proxy. */
    private static void awaitStop(AutoCloseable running) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        ShutdownSignals.onStop(() -> {
            try {
                running.close();
            } catch (Exception e) {
                // closing is best effort at exit
            }
            stopped.countDown();
        });
        stopped.await();
    }
}
