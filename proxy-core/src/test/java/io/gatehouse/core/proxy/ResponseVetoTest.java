package io.gatehouse.core.proxy;

import io.gatehouse.core.config.LoadBalancerConfig;
import io.gatehouse.core.config.ServerConfig;
import io.gatehouse.core.config.ServersTransportConfig;
import io.gatehouse.core.service.LoadBalancedService;
import io.gatehouse.core.testing.TestServer;
import io.undertow.server.Connectors;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.HttpString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The hook as a failover would use it: a primary service whose 5xx is taken back and sent to a fallback. */
@Timeout(60)
class ResponseVetoTest {

    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final HttpClient client = HttpClient.newHttpClient();
    private final AtomicInteger primaryHits = new AtomicInteger();
    private final AtomicInteger vetoesAsked = new AtomicInteger();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : closeables) {
            closeable.close();
        }
    }

    private String server(String name, int status) {
        TestServer server = TestServer.http(exchange -> {
            if (name.equals("primary")) {
                primaryHits.incrementAndGet();
            }
            exchange.setStatusCode(status);
            exchange.getResponseHeaders().put(new HttpString("X-From"), name);
            exchange.getResponseSender().send(name + " says " + status + " " + "p".repeat(20_000));
        });
        closeables.add(server);
        return server.url();
    }

    private LoadBalancedService service(String name, String url) throws Exception {
        LoadBalancedService service = LoadBalancedService.create(name, LoadBalancerConfig.of(List.of(ServerConfig.of(url))),
                ServersTransportConfig.DEFAULT);
        closeables.add(service::close);
        return service;
    }

    /** Installs a veto for 5xx before forwarding to the primary; a vetoed request goes to the fallback. */
    private final class Failover implements HttpHandler, ResponseVeto {
        private final HttpHandler primary;
        private final HttpHandler fallback;

        Failover(HttpHandler primary, HttpHandler fallback) {
            this.primary = primary;
            this.fallback = fallback;
        }

        @Override
        public void handleRequest(HttpServerExchange exchange) throws Exception {
            ResponseVeto.install(exchange, this);
            primary.handleRequest(exchange);
        }

        @Override
        public boolean vetoes(HttpServerExchange exchange, int status, HeaderMap headers) {
            vetoesAsked.incrementAndGet();
            return status >= 500 && "primary".equals(headers.getFirst("X-From"));
        }

        @Override
        public void vetoed(HttpServerExchange exchange, int status) {
            assertThat(exchange.isInIoThread()).isTrue();
            exchange.getIoThread().execute(() -> Connectors.executeRootHandler(fallback, exchange));
        }
    }

    private String front(HttpHandler handler) {
        TestServer front = TestServer.http(handler);
        closeables.add(front);
        return front.url();
    }

    private HttpResponse<String> get(String base) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(base + "/")).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aVetoedResponseIsNeverRelayedAndTheExchangeCanBeForwardedAgain() throws Exception {
        String front = front(new Failover(service("primary", server("primary", 503)), service("fallback", server("fallback", 200))));
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> response = get(front);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().allValues("X-From")).containsExactly("fallback");
            assertThat(response.body()).isEqualTo("fallback says 200 " + "p".repeat(20_000));
        }
        assertThat(primaryHits.get()).isEqualTo(5);
        // the fallback's own response was checked by no veto: each veto is used once
        assertThat(vetoesAsked.get()).isEqualTo(5);
    }

    @Test
    void aResponseTheVetoLetsThroughIsRelayedIntact() throws Exception {
        String front = front(new Failover(service("primary", server("primary", 404)), service("fallback", server("fallback", 200))));
        HttpResponse<String> response = get(front);
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().allValues("X-From")).containsExactly("primary");
        assertThat(response.body()).isEqualTo("primary says 404 " + "p".repeat(20_000));
    }

    @Test
    void withoutAVetoNothingChanges() throws Exception {
        String front = front(service("primary", server("primary", 503)));
        HttpResponse<String> response = get(front);
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).startsWith("primary says 503");
    }
}
