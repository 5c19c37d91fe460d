package io.gatehouse.examples.standalone;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class DemoTest {

    @Test
    void loadBalancesAcrossBothBackends() throws Exception {
        try (Demo demo = Demo.start(0)) {
            HttpClient client = HttpClient.newHttpClient();
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < 4; i++) {
                HttpResponse<String> response = client.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + demo.port() + "/hello")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body()).endsWith("you asked for /hello\n");
                seen.add(response.body().substring(0, response.body().indexOf(',')));
            }
            assertThat(seen).containsExactlyInAnyOrder("Hello from backend-1", "Hello from backend-2");
        }
    }
}
