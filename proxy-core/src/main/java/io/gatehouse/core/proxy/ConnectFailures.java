package io.gatehouse.core.proxy;

/**
 * Carries the kind of a connect failure from {@link BackendClientProvider} to {@link ConnectAttempt}.
 * ProxyConnectionPool drops the IOException and calls our ProxyCallback synchronously on the same IO
 * thread, so a thread local set around that call is the only channel between the two.
 */
final class ConnectFailures {

    private static final ThreadLocal<ProxyFailure> CURRENT = new ThreadLocal<>();

    private ConnectFailures() {
    }

    static void set(ProxyFailure failure) {
        CURRENT.set(failure);
    }

    static void clear() {
        CURRENT.remove();
    }

    static ProxyFailure current() {
        return CURRENT.get();
    }
}
