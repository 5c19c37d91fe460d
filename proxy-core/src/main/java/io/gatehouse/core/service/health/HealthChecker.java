package io.gatehouse.core.service.health;

import io.gatehouse.core.proxy.BackendTransport;
import org.xnio.XnioExecutor;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Schedules the active checks of one service's servers on the shared {@link HealthWorker}: each server is
 * checked every {@code interval} while up and every {@code unhealthyInterval} while down, each delay jittered by
 * ±10% so that servers (and services) do not get checked in lockstep. Checks of one server never overlap.
 * Everything but {@link #close()}'s flag runs on the worker thread.
 */
final class HealthChecker implements AutoCloseable {

    /** XNIO timers count in milliseconds from now; a year is "never" for a health check. */
    private static final long MAX_DELAY_MILLIS = TimeUnit.DAYS.toMillis(365);

    private final HealthCheckSpec spec;
    private final BackendTransport transport;
    private final HealthWorker worker;
    private final List<Checked> servers;
    private volatile boolean closed;

    /** One server's schedule. */
    private static final class Checked {
        final ServerHealth health;
        final CheckTarget target;
        XnioExecutor.Key timer;
        Probe probe;

        Checked(ServerHealth health, CheckTarget target) {
            this.health = health;
            this.target = target;
        }
    }

    HealthChecker(HealthCheckSpec spec, BackendTransport transport, List<ServerHealth> servers, List<String> urls) {
        this.spec = spec;
        this.transport = transport;
        this.worker = HealthWorker.get();
        this.servers = new java.util.ArrayList<>();
        for (int i = 0; i < servers.size(); i++) {
            this.servers.add(new Checked(servers.get(i), CheckTarget.of(urls.get(i), spec)));
        }
    }

    /** The first check of each server comes at a random point of the first interval. */
    void start() {
        worker.thread.execute(() -> {
            for (Checked server : servers) {
                schedule(server, (long) (ThreadLocalRandom.current().nextDouble() * spec.intervalNanos()));
            }
        });
    }

    private void schedule(Checked server, long nanos) {
        if (closed) {
            return;
        }
        long millis = Math.min(MAX_DELAY_MILLIS, Math.max(1, nanos / 1_000_000));
        server.timer = worker.thread.executeAfter(() -> check(server), millis, TimeUnit.MILLISECONDS);
    }

    private void check(Checked server) {
        server.timer = null;
        if (closed) {
            return;
        }
        server.probe = Probe.of(spec, transport, worker, server.target, (up, why) -> {
            server.probe = null;
            if (closed) {
                return;
            }
            server.health.activeResult(up, why);
            schedule(server, jitter(up ? spec.intervalNanos() : spec.unhealthyNanos()));
        });
        server.probe.start();
    }

    private static long jitter(long nanos) {
        return (long) (nanos * (0.9 + 0.2 * ThreadLocalRandom.current().nextDouble()));
    }

    /** Stops the checks; a check under way is abandoned without a verdict. */
    @Override
    public void close() {
        closed = true;
        worker.thread.execute(() -> {
            for (Checked server : servers) {
                if (server.timer != null) {
                    server.timer.remove();
                    server.timer = null;
                }
                if (server.probe != null) {
                    server.probe.abort();
                    server.probe = null;
                }
            }
        });
    }
}
