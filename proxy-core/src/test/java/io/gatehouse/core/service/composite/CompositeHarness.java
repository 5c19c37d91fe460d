package io.gatehouse.core.service.composite;

import io.gatehouse.core.config.ConfigError;
import io.gatehouse.core.config.decode.ConfigDecoder;
import io.gatehouse.core.config.decode.DecodeResult;
import io.gatehouse.core.config.decode.Format;
import io.gatehouse.core.provider.ConfigSink;
import io.gatehouse.core.provider.Provider;
import io.gatehouse.core.server.Gatehouse;
import io.gatehouse.core.testing.TestServer;
import io.undertow.server.HttpHandler;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Real backends, a real Gatehouse fed YAML by a provider the test drives, and a real client. */
final class CompositeHarness implements AutoCloseable {

    private final List<AutoCloseable> toClose = new ArrayList<>();
    final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final YamlProvider provider = new YamlProvider();
    private Gatehouse gatehouse;

    /** A backend that answers its name and counts its requests. */
    String backend(String name) {
        AtomicInteger count = hits.computeIfAbsent(name, n -> new AtomicInteger());
        return backend(exchange -> {
            count.incrementAndGet();
            exchange.getResponseSender().send(name);
        });
    }

    String backend(HttpHandler handler) {
        TestServer server = TestServer.http(handler);
        toClose.add(server);
        return server.url();
    }

    void closeLater(AutoCloseable closeable) {
        toClose.add(closeable);
    }

    int hits(String name) {
        AtomicInteger count = hits.get(name);
        return count == null ? 0 : count.get();
    }

    /** Starts Gatehouse on the first call, then publishes {@code yaml} as the provider "file" and waits for it. */
    Gatehouse apply(String yaml) throws Exception {
        if (gatehouse == null) {
            gatehouse = Gatehouse.builder().ioThreads(2).entryPoint("web", "127.0.0.1:0")
                    .providersThrottleDuration(Duration.ZERO).provider(provider).start();
        }
        DecodeResult decoded = ConfigDecoder.create().decode(yaml, Format.YAML, "test.yml");
        if (!decoded.ok()) {
            throw new AssertionError("the YAML does not decode: " + decoded.errors());
        }
        provider.sink.publish(decoded.config());
        if (!gatehouse.awaitConfigApplied(Duration.ofSeconds(30))) {
            throw new AssertionError("configuration not applied");
        }
        return gatehouse;
    }

    List<ConfigError> errors() {
        return gatehouse.errors();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + gatehouse.port("web") + path);
    }

    HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gatehouse.port("web") + path));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gatehouse.port("web") + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() throws Exception {
        if (gatehouse != null) {
            gatehouse.close();
        }
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private static final class YamlProvider implements Provider {
        volatile ConfigSink sink;

        @Override
        public String name() {
            return "file";
        }

        @Override
        public void start(ConfigSink sink) {
            this.sink = sink;
        }

        @Override
        public void close() {
        }
    }
}
