package io.gatehouse.middleware.errors;

import io.gatehouse.core.provider.FileProvider;
import io.gatehouse.core.server.Gatehouse;
import io.gatehouse.core.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The errors middleware configured from a file: its service is resolved by the configuration build. */
class ErrorsFromFileTest {

    @Test
    void pagesComeFromTheNamedServiceAndFollowItsChanges(@TempDir Path dir) throws Exception {
        try (TestServer app = TestServer.http(exchange -> {
                 exchange.setStatusCode(exchange.getRequestPath().equals("/missing") ? 404 : 200);
                 exchange.getResponseSender().send("app body");
             });
             TestServer pagesV1 = TestServer.http(exchange -> exchange.getResponseSender().send("v1 page " + exchange.getRequestPath()));
             TestServer pagesV2 = TestServer.http(exchange -> exchange.getResponseSender().send("v2 page " + exchange.getRequestPath()))) {
            Path file = dir.resolve("dynamic.yml");
            Files.writeString(file, config(app.url(), pagesV1.url()));
            try (Gatehouse gatehouse = Gatehouse.builder().ioThreads(1)
                    .entryPoint("web", "127.0.0.1:0")
                    .providersThrottleDuration(Duration.ZERO)
                    .provider(FileProvider.watching(file))
                    .start()) {
                assertThat(gatehouse.awaitConfigApplied(Duration.ofSeconds(10))).isTrue();
                assertThat(gatehouse.errors()).isEmpty();
                HttpClient client = HttpClient.newHttpClient();
                URI missing = URI.create("http://127.0.0.1:" + gatehouse.port("web") + "/missing");

                HttpResponse<String> first = client.send(HttpRequest.newBuilder(missing).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(first.statusCode()).isEqualTo(404);
                assertThat(first.body()).isEqualTo("v1 page /404.html");

                // The pages service moves: the middleware must follow it, not keep the retired one.
                Path next = dir.resolve("next.tmp");
                Files.writeString(next, config(app.url(), pagesV2.url()));
                Files.move(next, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                String body = "";
                for (int attempt = 0; attempt < 200 && !body.startsWith("v2"); attempt++) {
                    Thread.sleep(50);
                    body = client.send(HttpRequest.newBuilder(missing).build(), HttpResponse.BodyHandlers.ofString()).body();
                }
                assertThat(body).isEqualTo("v2 page /404.html");
            }
        }
    }

    private static String config(String appUrl, String pagesUrl) {
        return """
                http:
                  routers:
                    app:
                      rule: "PathPrefix(`/`)"
                      middlewares: [pages]
                      service: app
                  middlewares:
                    pages:
                      errors:
                        status: ["404"]
                        service: error-pages
                        query: "/{status}.html"
                  services:
                    app:
                      loadBalancer:
                        servers: [{url: "%s"}]
                    error-pages:
                      loadBalancer:
                        servers: [{url: "%s"}]
                """.formatted(appUrl, pagesUrl);
    }
}
