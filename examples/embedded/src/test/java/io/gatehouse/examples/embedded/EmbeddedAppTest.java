package io.gatehouse.examples.embedded;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedAppTest {

    private final HttpClient client = HttpClient.newHttpClient();
    private DemoBackend backend;
    private EmbeddedApp app;

    @BeforeEach
    void start() {
        backend = DemoBackend.start("127.0.0.1", 0);
        app = new EmbeddedApp("127.0.0.1", 0, backend.url()).start();
    }

    @AfterEach
    void stop() {
        app.close();
        backend.close();
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesItsOwnEndpoints() throws Exception {
        HttpResponse<String> response = get("/hello");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("hello from the app itself\n");
        assertThat(response.headers().firstValue("X-Request-Id")).isEmpty();
    }

    @Test
    void proxiesApiThroughBothMiddlewares() throws Exception {
        HttpResponse<String> response = get("/api/orders?page=2");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).startsWith("backend saw /orders?page=2 request-id=embedded-");
        assertThat(response.headers().firstValue("X-Request-Id")).hasValueSatisfying(id -> assertThat(id).startsWith("embedded-"));
    }

    @Test
    void keepsTheClientsRequestId() throws Exception {
        HttpResponse<String> response = get("/api/orders", "X-Request-Id", "mine-42");
        assertThat(response.body()).contains("request-id=mine-42");
        assertThat(response.headers().firstValue("X-Request-Id")).hasValue("mine-42");
    }

    @Test
    void unknownAppPathIs404AndNeverReachesTheBackend() throws Exception {
        assertThat(get("/nope").statusCode()).isEqualTo(404);
    }
}
