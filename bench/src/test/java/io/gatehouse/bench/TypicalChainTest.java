package io.gatehouse.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.undertow.Undertow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** The benchmark's chain must really do its work and let a valid request through, or the figures mean nothing. */
@Timeout(60)
class TypicalChainTest {

    private Undertow server;
    private int port;
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        server = Undertow.builder()
                .addHttpListener(0, "127.0.0.1")
                .setHandler(TypicalChain.wrap(TypicalChain.middlewares(TypicalChain.bcryptUser()), exchange ->
                        exchange.getResponseSender().send(exchange.getRequestPath() + " "
                                + exchange.getRequestHeaders().getFirst("X-Bench"))))
                .build();
        server.start();
        port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void passesAnAuthorizedRequestWithThePrefixStrippedAndTheHeadersEdited() throws Exception {
        for (int i = 0; i < 3; i++) { // the first verifies bcrypt on a worker, the others use the cached verification
            HttpResponse<String> response = send(TypicalChain.AUTHORIZATION);

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("/small chain");
            assertThat(response.headers().firstValue("X-Served-By")).hasValue("gatehouse");
            assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        }
    }

    @Test
    void refusesARequestWithoutOrWithWrongCredentials() throws Exception {
        assertThat(send(null).statusCode()).isEqualTo(401);
        assertThat(send("Basic " + java.util.Base64.getEncoder().encodeToString("bench:wrong".getBytes())).statusCode())
                .isEqualTo(401);
    }

    private HttpResponse<String> send(String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + TypicalChain.PREFIX + "/small"));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
