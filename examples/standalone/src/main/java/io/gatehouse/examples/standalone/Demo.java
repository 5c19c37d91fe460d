package io.gatehouse.examples.standalone;

import io.gatehouse.core.server.Gatehouse;

/** Demo mode: two in-process backends behind one load-balanced service. */
final class Demo implements AutoCloseable {

    private final DemoBackends backends;
    private final Gatehouse gatehouse;

    private Demo(DemoBackends backends, Gatehouse gatehouse) {
        this.backends = backends;
        this.gatehouse = gatehouse;
    }

    static Demo start(int port) {
        DemoBackends backends = DemoBackends.start(2);
        try {
            Gatehouse gatehouse = Gatehouse.builder()
                    .entryPoint("web", port)
                    .service("demo", s -> backends.urls().forEach(s::server))
                    .router("demo", r -> r.rule("PathPrefix(`/`)").service("demo"))
                    .start();
            return new Demo(backends, gatehouse);
        } catch (RuntimeException e) {
            backends.close();
            throw e;
        }
    }

    int port() {
        return gatehouse.port("web");
    }

    @Override
    public void close() {
        gatehouse.close();
        backends.close();
    }

}
