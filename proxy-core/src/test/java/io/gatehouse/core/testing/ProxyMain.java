package io.gatehouse.core.testing;

/**
 * A proxy in its own JVM, for tests that bound its memory (e.g. -Xmx64m): forwards to the server URLs given as
 * arguments, prints "PORT n" once listening, and exits when its stdin closes.
 */
public final class ProxyMain {

    private ProxyMain() {
    }

    public static void main(String[] args) throws Exception {
        try (TestProxy proxy = TestProxy.to(args)) {
            System.out.println("PORT " + proxy.port());
            System.out.flush();
            while (System.in.read() != -1) {
                // wait for the parent to close stdin
            }
        }
        System.exit(0);
    }
}
