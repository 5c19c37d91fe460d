package io.gatehouse.core.service;

import io.gatehouse.core.config.ConfigError;
import io.gatehouse.core.config.ConfigException;
import io.gatehouse.core.config.CookieConfig;
import io.gatehouse.core.config.LoadBalancerConfig;
import io.gatehouse.core.config.ServerConfig;
import io.gatehouse.core.config.StickyConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code loadBalancer.strategy} and {@code sticky} given as records (the Java API), where no decoder checked them. */
class LoadBalancerStrategyConfigTest {

    static LoadBalancerConfig lb(String strategy, StickyConfig sticky, String... urls) {
        return new LoadBalancerConfig(List.of(urls).stream().map(ServerConfig::of).toList(), true, null, null, strategy,
                sticky, null, null);
    }

    static List<ConfigError> errors(LoadBalancerConfig lb) {
        try {
            LoadBalancedService.create("api", lb, null).close();
        } catch (ConfigException e) {
            return e.errors();
        }
        throw new AssertionError("expected a ConfigException");
    }

    @ParameterizedTest
    @ValueSource(strings = {"wrr", "p2c", "hrw", "leasttime", "WRR", "LeastTime", ""})
    void knownStrategiesBuild(String strategy) throws Exception {
        LoadBalancedService.create("api", lb(strategy, null, "http://10.0.0.5", "http://10.0.0.6"), null).close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"roundrobin", "rr", " wrr", "wrr\n", "p2c;drop", "least-time", "\u0000", "wrr,p2c", "ハッシュ"})
    void unknownStrategiesAreRefusedWithTheirPathAndTheKnownOnes(String strategy) {
        assertThat(errors(lb(strategy, null, "http://10.0.0.5"))).singleElement().satisfies(e -> {
            assertThat(e.path()).isEqualTo("http.services.api.loadBalancer.strategy");
            assertThat(e.value()).isEqualTo(strategy);
            assertThat(e.message()).isEqualTo("expected one of wrr, p2c, hrw, leasttime");
        });
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        StickyConfig badCookie = new StickyConfig(new CookieConfig(null, false, false, "sideways", 0, "/a;b", "a b"));
        List<ConfigError> errors = errors(lb("bogus", badCookie, "ftp://x"));
        assertThat(errors).extracting(ConfigError::path).containsExactlyInAnyOrder(
                "http.services.api.loadBalancer.servers[0].url",
                "http.services.api.loadBalancer.strategy",
                "http.services.api.loadBalancer.sticky.cookie.sameSite",
                "http.services.api.loadBalancer.sticky.cookie.path",
                "http.services.api.loadBalancer.sticky.cookie.domain");
    }

    @Test
    void stickyWithoutServersOrWithDrainedServersBuilds() throws Exception {
        StickyConfig sticky = new StickyConfig(null);
        LoadBalancedService.create("api", lb(null, sticky), null).close();
        LoadBalancedService.create("api", new LoadBalancerConfig(List.of(new ServerConfig("http://10.0.0.5", 0, false)),
                true, null, null, "p2c", sticky, null, null), null).close();
    }
}
