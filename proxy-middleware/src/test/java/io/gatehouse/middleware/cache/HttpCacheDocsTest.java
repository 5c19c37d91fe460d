package io.gatehouse.middleware.cache;

import io.gatehouse.core.config.DynamicConfig;
import io.gatehouse.core.config.MiddlewareConfig;
import io.gatehouse.core.middleware.Middleware;
import io.gatehouse.core.middleware.MiddlewareContext;
import io.gatehouse.core.server.Gatehouse;
import io.gatehouse.core.testing.TestServer;
import io.gatehouse.middleware.testing.DocExamples;
import io.undertow.util.Headers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/middlewares/httpcache.md: its examples decode and behave as the page says. */
@Timeout(60)
class HttpCacheDocsTest {

    private static final DocExamples PAGE = DocExamples.of("middlewares/httpcache.md");
    private static final HttpCacheConfig DOCUMENTED =
            new HttpCacheConfig(134217728, 2097152, Duration.ofHours(1), "edge", 1000, 8);

    private static HttpCacheConfig cacheOf(DynamicConfig config) {
        MiddlewareConfig m = config.http().middlewares().get("cache");
        return (HttpCacheConfig) m.config();
    }

    @Test
    void yamlAndLabelsGiveTheDocumentedConfiguration() throws Exception {
        List<DynamicConfig> files = PAGE.fileConfigs();
        List<DynamicConfig> labels = PAGE.labelConfigs();
        assertThat(files).hasSize(1);
        assertThat(labels).hasSize(1);
        assertThat(cacheOf(files.get(0))).isEqualTo(DOCUMENTED);
        assertThat(cacheOf(labels.get(0))).isEqualTo(DOCUMENTED);
    }

    @Test
    void theYamlMiddlewareCachesAndNamesItselfEdge() throws Exception {
        Middleware middleware = new HttpCacheType().create(cacheOf(PAGE.fileConfigs().get(0)), MiddlewareContext.named("cache"));
        assertCaches(middleware, "edge; hit");
    }

    @Test
    void theJavaExampleCaches() throws Exception {
        assertThat(PAGE.showsJava("""
                .middleware("cache", HttpCache.of(HttpCacheConfig.DEFAULTS
                    .withMaxSizeBytes(256L * 1024 * 1024)
                    .withMaxEntryBytes(4L * 1024 * 1024)))""")).isTrue();
        HttpCache cache = HttpCache.of(HttpCacheConfig.DEFAULTS
                .withMaxSizeBytes(256L * 1024 * 1024)
                .withMaxEntryBytes(4L * 1024 * 1024));
        assertCaches(cache, "gatehouse; hit");
        assertThat(cache.storedUris()).isEqualTo(1);
        assertThat(cache.storedBytes()).isPositive();
        cache.clear();
        assertThat(cache.storedUris()).isZero();
    }

    private static void assertCaches(Middleware middleware, String hitStatus) throws Exception {
        AtomicInteger hits = new AtomicInteger();
        try (TestServer backend = TestServer.http(exchange -> {
            hits.incrementAndGet();
            exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "max-age=60");
            exchange.getResponseSender().send("doc");
        })) {
            Gatehouse gatehouse = Gatehouse.builder().ioThreads(1).entryPoint("web", "127.0.0.1:0")
                    .middleware("cache", middleware)
                    .service("api", s -> s.server(backend.url()))
                    .router("api", r -> r.rule("PathPrefix(`/`)").middlewares("cache").service("api"))
                    .start();
            try {
                HttpClient client = HttpClient.newHttpClient();
                HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gatehouse.port("web") + "/d")).build();
                client.send(request, HttpResponse.BodyHandlers.ofString());
                HttpResponse<String> second = client.send(request, HttpResponse.BodyHandlers.ofString());
                assertThat(second.body()).isEqualTo("doc");
                assertThat(second.headers().firstValue("Cache-Status")).hasValueSatisfying(v -> assertThat(v).startsWith(hitStatus));
                assertThat(hits).hasValue(1);
            } finally {
                gatehouse.close();
            }
        }
    }
}
