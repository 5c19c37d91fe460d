package io.gatehouse.bench;

import io.gatehouse.core.config.ConfigError;
import io.gatehouse.core.config.DynamicConfig;
import io.gatehouse.core.config.HttpConfig;
import io.gatehouse.core.config.LoadBalancerConfig;
import io.gatehouse.core.config.RouterConfig;
import io.gatehouse.core.config.ServerConfig;
import io.gatehouse.core.config.ServiceConfig;
import io.gatehouse.core.middleware.MiddlewareTypes;
import io.gatehouse.core.provider.ConfigSink;
import io.gatehouse.core.provider.Provider;
import io.gatehouse.core.server.Gatehouse;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What a configuration reload costs through the whole pipeline (provider -> aggregate -> build ->
 * swap), measured as the time from publishing a configuration to its being served:
 * <ul>
 *   <li>{@code fullRebuild}: 10,000 routers and 10,000 services, none of them in the running
 *       configuration (every rule compiled, every service created, the old ones retired);</li>
 *   <li>{@code oneRouteChange}: the same 10,000, one router's rule changed (everything else reused).</li>
 * </ul>
 * Targets: under 250 ms and under 20 ms.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class ReloadBenchmark {

    @Param({"10000"})
    public int routes;

    /** Publishes what the benchmark gives it. */
    static final class BenchProvider implements Provider {
        volatile ConfigSink sink;

        @Override
        public String name() {
            return "bench";
        }

        @Override
        public void start(ConfigSink sink) {
            this.sink = sink;
        }

        @Override
        public void close() {
        }
    }

    private final BenchProvider provider = new BenchProvider();
    private Gatehouse gatehouse;
    private DynamicConfig[] fullSets;
    private DynamicConfig[] oneRouteVariants;
    private int fullIndex;
    private int variantIndex;

    @Setup(Level.Trial)
    public void setUp() throws InterruptedException {
        gatehouse = Gatehouse.builder().ioThreads(1)
                .entryPoint("web", "127.0.0.1:0")
                .middlewareTypes(MiddlewareTypes.none())
                .providersThrottleDuration(Duration.ZERO)
                .removedRouteGracePeriod(Duration.ZERO)
                .provider(provider)
                .build();
        fullSets = new DynamicConfig[]{configuration(routes, "a", -1), configuration(routes, "b", -1)};
        oneRouteVariants = new DynamicConfig[]{configuration(routes, "c", 0), configuration(routes, "c", 1)};
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        gatehouse.close();
    }

    /**
     * {@code count} routers, each with its own service; names carry {@code prefix} so that two sets
     * share nothing. {@code variant} >= 0 changes the rule of router 0 only.
     */
    static DynamicConfig configuration(int count, String prefix, int variant) {
        Map<String, RouterConfig> routers = new LinkedHashMap<>();
        Map<String, ServiceConfig> services = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            String rule;
            if (i % 50 == 7) {
                rule = "PathPrefix(`/shared/" + i + "`)";
            } else if (i % 20 == 3) {
                rule = "Host(`*.tenant-" + i + ".example.com`) && PathPrefix(`/`)";
            } else {
                rule = "Host(`" + RouteFixtures.host(i) + "`) && PathPrefix(`/api/v" + (i % 3 + 1) + "`)";
            }
            if (i == 0 && variant >= 0) {
                rule = "Host(`changed-" + variant + ".example.com`)";
            }
            String service = prefix + "-service-" + i;
            routers.put(prefix + "-router-" + i, new RouterConfig(List.of(), rule, null, 0, List.of(), service));
            services.put(service, new ServiceConfig(LoadBalancerConfig.of(List.of(
                    new ServerConfig("http://10.0." + (i / 250) + "." + (i % 250 + 1) + ":8080", 1, false)))));
        }
        return new DynamicConfig(new HttpConfig(routers, services, null, null), null);
    }

    private void apply(DynamicConfig config) throws InterruptedException {
        provider.sink.publish(config);
        if (!gatehouse.awaitConfigApplied(Duration.ofMinutes(5))) {
            throw new IllegalStateException("configuration not applied");
        }
        List<ConfigError> errors = gatehouse.errors();
        if (!errors.isEmpty()) {
            throw new IllegalStateException("configuration errors: " + errors.subList(0, Math.min(3, errors.size())));
        }
    }

    @Benchmark
    public void fullRebuild() throws InterruptedException {
        apply(fullSets[fullIndex++ & 1]);
    }

    @Benchmark
    public void oneRouteChange() throws InterruptedException {
        apply(oneRouteVariants[variantIndex++ & 1]);
    }
}
