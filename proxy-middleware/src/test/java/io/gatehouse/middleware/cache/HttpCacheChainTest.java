package io.gatehouse.middleware.cache;

import io.gatehouse.core.server.Gatehouse;
import io.gatehouse.core.testing.TestServer;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The cache inside a chain: headers set by an earlier middleware are not stored and not repeated on hits. */
@Timeout(60)
class HttpCacheChainTest {

    @Test
    void headersOfEarlierMiddlewaresAreNotStored() throws Exception {
        AtomicInteger hits = new AtomicInteger();
        HttpString marker = HttpString.tryFromString("X-Earlier");
        try (TestServer backend = TestServer.http(exchange -> {
            hits.incrementAndGet();
            exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "max-age=60");
            exchange.getResponseHeaders().put(HttpString.tryFromString("X-Server"), "s");
            exchange.getResponseSender().send("chain");
        })) {
            Gatehouse gatehouse = Gatehouse.builder().ioThreads(1).entryPoint("web", "127.0.0.1:0")
                    .middleware("earlier", next -> exchange -> {
                        exchange.getResponseHeaders().add(marker, "1");
                        next.handleRequest(exchange);
                    })
                    .middleware("cache", HttpCache.withDefaults())
                    .service("api", s -> s.server(backend.url()))
                    .router("api", r -> r.rule("PathPrefix(`/`)").middlewares("earlier", "cache").service("api"))
                    .start();
            try {
                HttpClient client = HttpClient.newHttpClient();
                HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gatehouse.port("web") + "/x")).build();
                HttpResponse<String> first = client.send(request, HttpResponse.BodyHandlers.ofString());
                HttpResponse<String> second = client.send(request, HttpResponse.BodyHandlers.ofString());
                assertThat(first.headers().allValues("X-Earlier")).containsExactly("1");
                assertThat(second.headers().allValues("X-Earlier")).containsExactly("1");
                assertThat(second.headers().allValues("X-Server")).containsExactly("s");
                assertThat(second.body()).isEqualTo("chain");
                assertThat(hits).hasValue(1);
            } finally {
                gatehouse.close();
            }
        }
    }
}
