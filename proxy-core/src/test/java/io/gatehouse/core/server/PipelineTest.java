package io.gatehouse.core.server;

import io.gatehouse.core.config.ConfigError;
import io.gatehouse.core.config.DynamicConfig;
import io.gatehouse.core.config.HttpConfig;
import io.gatehouse.core.config.LoadBalancerConfig;
import io.gatehouse.core.config.MiddlewareConfig;
import io.gatehouse.core.config.RouterConfig;
import io.gatehouse.core.config.ServerConfig;
import io.gatehouse.core.config.ServiceConfig;
import io.gatehouse.core.middleware.Middleware;
import io.gatehouse.core.middleware.MiddlewareContext;
import io.gatehouse.core.middleware.MiddlewareType;
import io.gatehouse.core.middleware.MiddlewareTypes;
import io.gatehouse.core.provider.ConfigSink;
import io.gatehouse.core.provider.FileProvider;
import io.gatehouse.core.provider.Provider;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.util.HttpString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(120)
class PipelineTest {

    @TempDir
    Path dir;

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private String backend(String name) {
        return backend(exchange -> exchange.getResponseSender().send(name));
    }

    private String backend(HttpHandler handler) {
        Undertow server = Undertow.builder().setIoThreads(1).addHttpListener(0, "127.0.0.1", handler).build();
        server.start();
        toClose.add(server::stop);
        return "http://127.0.0.1:" + ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    private Gatehouse started(GatehouseBuilder builder) {
        Gatehouse gatehouse = builder.start();
        toClose.add(gatehouse);
        return gatehouse;
    }

    private HttpResponse<String> get(Gatehouse gatehouse, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gatehouse.port("web") + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String body(Gatehouse gatehouse, String path) throws Exception {
        HttpResponse<String> response = get(gatehouse, path);
        return response.statusCode() + " " + response.body();
    }

    /** A provider the test drives directly. */
    static final class ManualProvider implements Provider {
        private final String name;
        volatile ConfigSink sink;

        ManualProvider(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void start(ConfigSink sink) {
            this.sink = sink;
        }

        @Override
        public void close() {
        }
    }

    /** A middleware type that counts the instances built and tags responses with its option. */
    static final class CountingType implements MiddlewareType<CountingType.Options> {
        record Options(String tag) {
        }

        final AtomicInteger created = new AtomicInteger();
        final AtomicInteger closed = new AtomicInteger();

        @Override
        public String name() {
            return "counting";
        }

        @Override
        public Class<Options> configType() {
            return Options.class;
        }

        @Override
        public Middleware create(Options config, MiddlewareContext ctx) {
            created.incrementAndGet();
            HttpString header = new HttpString("X-Tag");
            return new Middleware() {
                @Override
                public HttpHandler wrap(HttpHandler next) {
                    return exchange -> {
                        exchange.getResponseHeaders().add(header, config.tag());
                        next.handleRequest(exchange);
                    };
                }

                @Override
                public void close() {
                    closed.incrementAndGet();
                }
            };
        }
    }

    private static DynamicConfig routerWithTag(String backend, String tag) {
        return new DynamicConfig(new HttpConfig(
                Map.of("r", new RouterConfig(List.of(), "PathPrefix(`/`)", null, 0, List.of("m"), "s")),
                Map.of("s", new ServiceConfig(LoadBalancerConfig.of(List.of(new ServerConfig(backend, 1, false))))),
                Map.of("m", new MiddlewareConfig("counting", new CountingType.Options(tag))), null), null);
    }

    @Test
    void namesAreQualifiedByProviderAndReferencesCrossProviders() throws Exception {
        Path file = dir.resolve("dynamic.yml");
        Files.writeString(file, """
                http:
                  routers:
                    to-code:
                      rule: "Path(`/code`)"
                      service: api@code
                    to-internal:
                      rule: "Path(`/ping`)"
                      service: ping@internal
                    local:
                      rule: "Path(`/local`)"
                      middlewares: [tag]
                      service: local
                  middlewares:
                    tag:
                      testHeader:
                        headerName: X-From-File
                        value: file
                  services:
                    local:
                      loadBalancer:
                        servers:
                          - url: "%s"
                """.formatted(backend("local")));
        Gatehouse gatehouse = started(Gatehouse.builder().ioThreads(1).entryPoint("web", "127.0.0.1:0")
                .service("api", s -> s.server(backend("api")))
                .router("uses-file-middleware", r -> r.rule("Path(`/mixed`)").middlewares("tag@file").service("api"))
                .internalService("ping", exchange -> exchange.getResponseSender().send("pong"))
                .provider(FileProvider.watching(file)));
        assertThat(gatehouse.awaitConfigApplied(Duration.ofSeconds(30))).isTrue();

        assertThat(body(gatehouse, "/code")).isEqualTo("200 api");
        assertThat(body(gatehouse, "/ping")).isEqualTo("200 pong");
        HttpResponse<String> local = get(gatehouse, "/local");
        assertThat(local.body()).isEqualTo("local");
        assertThat(local.headers().firstValue("X-From-File")).hasValue("file");
        // A code router using a middleware from the file: its reference resolves once the file arrived.
        assertThat(get(gatehouse, "/mixed").headers().firstValue("X-From-File")).hasValue("file");
        assertThat(gatehouse.errors()).isEmpty();
        assertThat(gatehouse.providerErrors()).isEmpty();
    }

    @Test
    void aReferenceToAnotherProvidersMissingNameLeavesTheRouterOutWithoutRejectingItsProvider() throws Exception {
        ManualProvider provider = new ManualProvider("manual");
        Gatehouse gatehouse = started(Gatehouse.builder().ioThreads(1).entryPoint("web", "127.0.0.1:0")
                .providersThrottleDuration(Duration.ZERO).provider(provider));
        String api = backend("api");
        provider.sink.publish(new DynamicConfig(new HttpConfig(
                Map.of("good", new RouterConfig(List.of(), "Path(`/good`)", null, 0, List.of(), "s"),
                        "elsewhere", new RouterConfig(List.of(), "Path(`/else`)", null, 0, List.of(), "s@docker")),
                Map.of("s", new ServiceConfig(LoadBalancerConfig.of(List.of(new ServerConfig(api, 1, false))))),
                null, null), null));
        assertThat(gatehouse.awaitConfigApplied(Duration.ofSeconds(30))).isTrue();
        assertThat(body(gatehouse, "/good")).isEqualTo("200 api");
        assertThat(get(gatehouse, "/else").statusCode()).isEqualTo(404);
        assertThat(gatehouse.providerErrors()).isEmpty();
        assertThat(gatehouse.errors()).singleElement().satisfies(e -> {
            assertThat(e.path()).isEqualTo("http.routers.elsewhere@manual.service");
            assertThat(e.message()).contains("no such service 's@docker'");
        });
    }

    @Test
    void updatesFromOneProviderAreCoalescedAndTheLatestWins() throws Exception {
        CountingType counting = new CountingType();
        ManualProvider provider = new ManualProvider("manual");
        Gatehouse gatehouse = started(Gatehouse.builder().ioThreads(1).entryPoint("web", "127.0.0.1:0")
                .middlewareTypes(MiddlewareTypes.of(List.of(counting)))
                .providersThrottleDuration(Duration.ofSeconds(2)).provider(provider));
        String api = backend("api");
        provider.sink.publish(routerWithTag(api, "first"));
        assertThat(gatehouse.awaitConfigApplied(Duration.ofSeconds(30))).isTrue();
        assertThat(get(gatehouse, "/").headers().firstValue("X-Tag")).hasValue("first");
        assertThat(counting.created).hasValue(1);

        // Within the throttle period after the first: only the latest is built.
        provider.sink.publish(routerWithTag(api, "second"));
        provider.sink.publish(routerWithTag(api, "third"));
        provider.sink.publish(routerWithTag(api, "fourth"));
        assertThat(gatehouse.awaitConfigApplied(Duration.ofSeconds(30))).isTrue();
        assertThat(get(gatehouse, "/").headers().firstValue("X-Tag")).hasValue("fourth");
        assertThat(counting.created).hasValue(2);
    }

    @Test
    void anUnchangedMiddlewareKeepsItsInstanceAcrossReloads() throws Exception {
        CountingType counting = new CountingType();
        ManualProvider provider = new ManualProvider("manual");
        Gatehouse gatehouse = started(Gatehouse.builder().ioThreads(1).entryPoint("web", "127.0.0.1:0")
                .middlewareTypes(MiddlewareTypes.of(List.of(counting)))
                .providersThrottleDuration(Duration.ZERO).provider(provider));
        provider.sink.publish(routerWithTag(backend("a"), "same"));
        assertThat(gatehouse.awaitConfigApplied(Duration.ofSeconds(30))).isTrue();
        provider.sink.publish(routerWithTag(backend("b"), "same")); // the service changes, the middleware does not
        assertThat(gatehouse.awaitConfigApplied(Duration.ofSeconds(30))).isTrue();
        assertThat(body(gatehouse, "/")).isEqualTo("200 b");
        assertThat(counting.created).hasValue(1);
    }

    @Test
    void aMiddlewareAReloadDropsIsClosedAfterTheGracePeriodAndTheRestWhenGatehouseStops() throws Exception {
        CountingType counting = new CountingType();
        ManualProvider provider = new ManualProvider("manual");
        Gatehouse gatehouse = started(Gatehouse.builder().ioThreads(1).entryPoint("web", "127.0.0.1:0")
                .middlewareTypes(MiddlewareTypes.of(List.of(counting))).removedRouteGracePeriod(Duration.ofMillis(100))
                .providersThrottleDuration(Duration.ZERO).provider(provider));
        String api = backend("api");
        provider.sink.publish(routerWithTag(api, "first"));
        assertThat(gatehouse.awaitConfigApplied(Duration.ofSeconds(30))).isTrue();
        provider.sink.publish(routerWithTag(api, "first")); // unchanged: kept, not closed
        assertThat(gatehouse.awaitConfigApplied(Duration.ofSeconds(30))).isTrue();
        provider.sink.publish(routerWithTag(api, "second"));
        assertThat(gatehouse.awaitConfigApplied(Duration.ofSeconds(30))).isTrue();
        assertThat(get(gatehouse, "/").headers().firstValue("X-Tag")).hasValue("second");
        Await.until("the dropped middleware is closed", () -> counting.closed.get() == 1);
        assertThat(counting.created).hasValue(2);
        gatehouse.close();
        assertThat(counting.closed).hasValue(2);
    }

    @Test
    void anUnchangedServiceKeepsItsBalancerPositionAndConnectionsAcrossReloads() throws Exception {
        Set<String> clientPorts = ConcurrentHashMap.newKeySet();
        String a = backend(exchange -> {
            clientPorts.add(String.valueOf(exchange.getSourceAddress().getPort()));
            exchange.getResponseSender().send("a");
        });
        String b = backend(exchange -> {
            clientPorts.add(String.valueOf(exchange.getSourceAddress().getPort()));
            exchange.getResponseSender().send("b");
        });
        ManualProvider provider = new ManualProvider("manual");
        Gatehouse gatehouse = started(Gatehouse.builder().ioThreads(1).entryPoint("web", "127.0.0.1:0")
                .providersThrottleDuration(Duration.ZERO).provider(provider));
        ServiceConfig service = new ServiceConfig(LoadBalancerConfig.of(
                List.of(new ServerConfig(a, 1, false), new ServerConfig(b, 1, false))));
        RouterConfig router = new RouterConfig(List.of(), "PathPrefix(`/`)", null, 0, List.of(), "s");
        List<String> seen = new ArrayList<>();
        for (int reload = 0; reload < 6; reload++) {
            // Each configuration adds a router; the service stays the same.
            Map<String, RouterConfig> routers = new java.util.LinkedHashMap<>();
            routers.put("main", router);
            routers.put("extra" + reload, new RouterConfig(List.of(), "Path(`/extra" + reload + "`)", null, 0, List.of(), "s"));
            provider.sink.publish(new DynamicConfig(new HttpConfig(routers, Map.of("s", service), null, null), null));
            assertThat(gatehouse.awaitConfigApplied(Duration.ofSeconds(30))).isTrue();
            seen.add(get(gatehouse, "/").body());
        }
        // Round robin continues across the reloads instead of restarting at the first server.
        assertThat(seen).containsExactly("a", "b", "a", "b", "a", "b");
        // The pooled connections were kept: one per server.
        assertThat(clientPorts).hasSize(2);
    }

    @Test
    void aProvidersConfigurationWithErrorsOfItsOwnIsRejectedAndTheLastGoodOneServes() throws Exception {
        ManualProvider provider = new ManualProvider("manual");
        Gatehouse gatehouse = started(Gatehouse.builder().ioThreads(1).entryPoint("web", "127.0.0.1:0")
                .providersThrottleDuration(Duration.ZERO).provider(provider));
        String api = backend("api");
        ServiceConfig service = new ServiceConfig(LoadBalancerConfig.of(List.of(new ServerConfig(api, 1, false))));
        provider.sink.publish(new DynamicConfig(new HttpConfig(
                Map.of("good", new RouterConfig(List.of(), "Path(`/good`)", null, 0, List.of(), "s")),
                Map.of("s", service), null, null), null));
        assertThat(gatehouse.awaitConfigApplied(Duration.ofSeconds(30))).isTrue();

        provider.sink.publish(new DynamicConfig(new HttpConfig(
                Map.of("new", new RouterConfig(List.of(), "Path(`/new`)", null, 0, List.of(), "s"),
                        "bad", new RouterConfig(List.of(), "Path(`/bad`", null, 0, List.of(), "s")),
                Map.of("s", service), null, null), null));
        assertThat(gatehouse.awaitConfigApplied(Duration.ofSeconds(30))).isTrue();
        assertThat(body(gatehouse, "/good")).isEqualTo("200 api");
        assertThat(get(gatehouse, "/new").statusCode()).isEqualTo(404);
        assertThat(gatehouse.providerErrors()).containsOnlyKeys("manual");
        assertThat(gatehouse.providerErrors().get("manual")).extracting(ConfigError::path)
                .containsExactly("http.routers.bad@manual.rule");
        assertThat(gatehouse.errors()).extracting(ConfigError::path).containsExactly("http.routers.bad@manual.rule");
    }

    @Test
    void aConfigurationPublishedWithPartialErrorsServesAndReportsThemUntilAWholeOneArrives() throws Exception {
        ManualProvider provider = new ManualProvider("manual");
        Gatehouse gatehouse = started(Gatehouse.builder().ioThreads(1).entryPoint("web", "127.0.0.1:0")
                .providersThrottleDuration(Duration.ZERO).provider(provider));
        String api = backend("api");
        DynamicConfig config = new DynamicConfig(new HttpConfig(
                Map.of("good", new RouterConfig(List.of(), "Path(`/good`)", null, 0, List.of(), "s")),
                Map.of("s", new ServiceConfig(LoadBalancerConfig.of(List.of(new ServerConfig(api, 1, false))))),
                null, null), null);
        ConfigError left = new ConfigError("container 'web-2'", "traefik.http.routers.x.rule", "left out: bad rule");

        provider.sink.publish(config, List.of(left));
        assertThat(gatehouse.awaitConfigApplied(Duration.ofSeconds(30))).isTrue();
        assertThat(body(gatehouse, "/good")).isEqualTo("200 api");
        assertThat(gatehouse.providerErrors()).containsExactly(Map.entry("manual", List.of(left)));
        assertThat(gatehouse.errors()).containsExactly(left);

        // The same configuration without the error (the label was fixed, the container still down): cleared.
        provider.sink.publish(config, List.of());
        assertThat(gatehouse.awaitConfigApplied(Duration.ofSeconds(30))).isTrue();
        assertThat(gatehouse.providerErrors()).isEmpty();

        // A configuration the build rejects reports its own errors and the partial ones; the last good one serves.
        provider.sink.publish(new DynamicConfig(new HttpConfig(
                Map.of("bad", new RouterConfig(List.of(), "Path(`/bad`", null, 0, List.of(), "s")),
                config.http().services(), null, null), null), List.of(left));
        assertThat(gatehouse.awaitConfigApplied(Duration.ofSeconds(30))).isTrue();
        assertThat(gatehouse.providerErrors().get("manual")).extracting(ConfigError::path)
                .containsExactly("http.routers.bad@manual.rule", "container 'web-2'");
        assertThat(body(gatehouse, "/good")).isEqualTo("200 api");

        // Back to the last good configuration, still with a part left out: only that part is reported.
        provider.sink.publish(config, List.of(left));
        assertThat(gatehouse.awaitConfigApplied(Duration.ofSeconds(30))).isTrue();
        assertThat(gatehouse.providerErrors()).containsExactly(Map.entry("manual", List.of(left)));

        // A plain publish is a whole configuration.
        provider.sink.publish(config);
        assertThat(gatehouse.awaitConfigApplied(Duration.ofSeconds(30))).isTrue();
        assertThat(gatehouse.providerErrors()).isEmpty();
        assertThat(body(gatehouse, "/good")).isEqualTo("200 api");
    }
}
