package io.gatehouse.core.service.health;

import io.gatehouse.core.proxy.BackendOutcomes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The health of one server: the verdict of its active checks, and its passive outlier ejection. Lives as long as
 * the server is configured the same way, across configuration reloads (see {@link ServiceHealth#create}).
 *
 * <p>Lock-free: requests on IO threads record outcomes and read {@link #available()}; the check thread writes
 * the active verdict. The state is one immutable value swapped by compare-and-set, so a transition happens
 * exactly once and is counted and logged exactly once.
 *
 * <p>Passive ejection, as Traefik counts: a failure is a request that could not reach the server or got a 5xx;
 * a success clears the failures. {@code maxFailedAttempts} failures within {@code failureWindow} eject the
 * server for one window. Then it is half-open: ONE trial request is let through; success restores it, failure
 * ejects it for another window. A passing active check also restores it. A trial whose outcome never arrives
 * (the request never reached the server) expires after a window, and the next request is the trial.
 */
public final class ServerHealth implements BackendOutcomes {

    private static final Logger LOG = LoggerFactory.getLogger(ServerHealth.class);
    /** {@code ejectedUntil} of a server that is not ejected. */
    private static final long NOT_EJECTED = Long.MIN_VALUE;

    /**
     * @param activeUp     the last active check passed (true until a check says otherwise, as in Traefik)
     * @param ejectedUntil System.nanoTime() when the ejection (or the trial lease) ends; NOT_EJECTED when in service
     */
    private record State(boolean activeUp, long ejectedUntil) {
        boolean up() {
            return activeUp && ejectedUntil == NOT_EJECTED;
        }
    }

    private static final State UP = new State(true, NOT_EJECTED);

    private final String service;
    private final String url;
    private final PassiveSpec passive;
    private final AtomicReference<State> state = new AtomicReference<>(UP);
    /** The times of the last maxFailedAttempts failures, a ring indexed by the failure count. */
    private final AtomicLongArray failureTimes;
    private final AtomicLong failures = new AtomicLong();
    private final CopyOnWriteArrayList<ServiceHealth> watchers = new CopyOnWriteArrayList<>();

    /** @param passive null when the service has no passive health check */
    ServerHealth(String service, String url, PassiveSpec passive) {
        this.service = service;
        this.url = url;
        this.passive = passive;
        this.failureTimes = passive == null ? null : new AtomicLongArray(passive.maxFailedAttempts());
    }

    public String url() {
        return url;
    }

    /** Up: the active checks pass and it is not ejected. */
    public boolean isUp() {
        return state.get().up();
    }

    /**
     * Whether a balancer may pick this server now: up, or ejected with its window over (a trial is due). O(1) and
     * without side effects, so a strategy may ask about every server; the pick then {@link #claim claims} it.
     */
    public boolean available() {
        State s = state.get();
        if (s.ejectedUntil == NOT_EJECTED) {
            return s.activeUp;
        }
        return s.activeUp && System.nanoTime() - s.ejectedUntil >= 0;
    }

    /**
     * Takes the server for one request: true when it is up, or when this request wins its trial (exactly one
     * caller does, until the trial's outcome arrives or its lease of one window expires).
     */
    public boolean claim() {
        State s = state.get();
        if (s.ejectedUntil == NOT_EJECTED) {
            return s.activeUp;
        }
        if (!s.activeUp) {
            return false;
        }
        long now = System.nanoTime();
        if (now - s.ejectedUntil < 0) {
            return false;
        }
        return state.compareAndSet(s, new State(true, now + passive.windowNanos()));
    }

    /** Health for a server without checks (benchmarks, tests): always up. */
    public static ServerHealth unchecked(String url) {
        return new ServerHealth("", url, null);
    }

    /** Whether an ejected (but actively healthy) server would let a trial request through now. */
    boolean trialDue() {
        State s = state.get();
        return s.activeUp && s.ejectedUntil != NOT_EJECTED && System.nanoTime() - s.ejectedUntil >= 0;
    }

    @Override
    public void succeeded() {
        if (passive == null) {
            return;
        }
        if (failures.get() != 0) {
            failures.set(0); // as Traefik: a success forgets earlier failures
        }
        State s = state.get();
        if (s.ejectedUntil != NOT_EJECTED) {
            while (s.ejectedUntil != NOT_EJECTED) {
                State next = new State(s.activeUp, NOT_EJECTED);
                if (state.compareAndSet(s, next)) {
                    changed(s, next, "a trial request succeeded");
                    return;
                }
                s = state.get();
            }
        }
    }

    @Override
    public void failed() {
        if (passive == null) {
            return;
        }
        long now = System.nanoTime();
        State s = state.get();
        if (s.ejectedUntil != NOT_EJECTED) {
            // the trial (or a request that started before the ejection) failed: another window
            eject(now, "a trial request failed");
            return;
        }
        long n = failures.incrementAndGet();
        int max = passive.maxFailedAttempts();
        failureTimes.set((int) ((n - 1) % max), now);
        if (n < max) {
            return;
        }
        long oldestOfLastMax = failureTimes.get((int) (n % max));
        if (now - oldestOfLastMax <= passive.windowNanos()) {
            failures.set(0);
            eject(now, max + (max == 1 ? " failed request" : " failed requests") + " within " + passive.window());
        }
    }

    private void eject(long now, String why) {
        State s;
        State next;
        do {
            s = state.get();
            next = new State(s.activeUp, now + passive.windowNanos());
        } while (!state.compareAndSet(s, next));
        changed(s, next, "ejected for " + passive.window() + ": " + why);
    }

    /** The verdict of an active check; a passing check also ends a passive ejection. */
    void activeResult(boolean up, String why) {
        State s;
        State next;
        do {
            s = state.get();
            next = up ? UP : new State(false, s.ejectedUntil);
            if (next.equals(s)) {
                return;
            }
        } while (!state.compareAndSet(s, next));
        changed(s, next, why);
    }

    private void changed(State before, State after, String why) {
        if (before.up() == after.up()) {
            return;
        }
        if (after.up()) {
            LOG.info("service {} server {} is up", service, url);
        } else {
            LOG.info("service {} server {} is down: {}", service, url, why);
        }
        for (ServiceHealth watcher : watchers) {
            watcher.serverChanged();
        }
    }

    void watch(ServiceHealth watcher) {
        watchers.add(watcher);
    }

    void unwatch(ServiceHealth watcher) {
        watchers.remove(watcher);
    }

    @Override
    public String toString() {
        State s = state.get();
        return url + (s.up() ? " up" : s.activeUp ? " ejected" : " down");
    }
}
