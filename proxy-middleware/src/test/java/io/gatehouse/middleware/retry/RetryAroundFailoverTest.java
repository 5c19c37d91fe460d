package io.gatehouse.middleware.retry;

import io.gatehouse.core.config.FailoverConfig;
import io.gatehouse.core.config.ServiceConfig;
import io.gatehouse.core.server.Gatehouse;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** retry.status around a failover service with errors.status: both response vetoes apply, each body replayed. */
@Timeout(60)
class RetryAroundFailoverTest {

    private final List<Undertow> servers = new ArrayList<>();
    private final AtomicInteger mainHits = new AtomicInteger();
    private final AtomicInteger spareHits = new AtomicInteger();
    private final List<byte[]> bodies = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        servers.forEach(Undertow::stop);
    }

    private String server(AtomicInteger hits, java.util.function.IntUnaryOperator statusOfHit) {
        HttpHandler handler = exchange -> exchange.getRequestReceiver().receiveFullBytes((ex, body) -> {
            bodies.add(body);
            int status = statusOfHit.applyAsInt(hits.incrementAndGet());
            ex.setStatusCode(status);
            ex.getResponseSender().send(status + " from " + (hits == mainHits ? "main" : "spare") + " got " + body.length);
        });
        Undertow server = Undertow.builder().addHttpListener(0, "127.0.0.1").setHandler(handler).build();
        server.start();
        servers.add(server);
        return "http://127.0.0.1:" + ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    @Test
    void aFallbacksListedStatusIsRetriedThroughTheFailoverAgain() throws Exception {
        String main = server(mainHits, hit -> 502);                        // always fails over
        String spare = server(spareHits, hit -> hit == 1 ? 503 : 200);     // its first answer is retried
        Gatehouse gatehouse = Gatehouse.builder().ioThreads(1).entryPoint("web", "127.0.0.1:0")
                .middleware("retry", Retry.of(RetryConfig.of(3).withStatus("503").withRetryNonIdempotentMethod(true)))
                .service("main", s -> s.server(main))
                .service("spare", s -> s.server(spare))
                .service("ha", ServiceConfig.of(new FailoverConfig("main", "spare", false,
                        new FailoverConfig.Errors(List.of("502"), -1))))
                .router("all", r -> r.rule("PathPrefix(`/`)").middlewares("retry").service("ha"))
                .start();
        try {
            byte[] body = new byte[100_000];
            new Random(9).nextBytes(body);
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gatehouse.port("web") + "/"))
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("200 from spare got 100000");
            assertThat(mainHits).hasValue(2);
            assertThat(spareHits).hasValue(2);
            assertThat(bodies).hasSize(4).allSatisfy(b -> assertThat(b).isEqualTo(body));
        } finally {
            gatehouse.close();
        }
    }
}
