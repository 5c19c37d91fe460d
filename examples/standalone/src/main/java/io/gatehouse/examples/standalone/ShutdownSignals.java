package io.gatehouse.examples.standalone;

import sun.misc.Signal;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Graceful stop on SIGTERM and SIGINT. The JVM's own handling would run shutdown hooks and then
 * exit with 143 (128 + SIGTERM); a drained proxy exits 0, as Traefik does. A shutdown hook stays
 * as the fallback for other ways the JVM may end.
 */
final class ShutdownSignals {

    private ShutdownSignals() {
    }

    /** Runs {@code stop} once on the first SIGTERM/SIGINT (then lets {@code main} return 0), or at JVM exit. */
    static void onStop(Runnable stop) {
        AtomicBoolean done = new AtomicBoolean();
        Runnable once = () -> {
            if (done.compareAndSet(false, true)) {
                stop.run();
            }
        };
        Runtime.getRuntime().addShutdownHook(new Thread(once, "gatehouse-shutdown"));
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                // The handler runs on a signal thread; draining there is fine, main waits for it.
                Signal.handle(new Signal(name), signal -> new Thread(once, "gatehouse-stop-" + name).start());
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // Signal unavailable here (or reserved by the JVM's options): the shutdown hook covers it.
            }
        }
    }
}
