package io.gatehouse.core.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The constructors other code was written against still exist and give Traefik's defaults for what they omit. */
class ModelCompatibilityTest {

    @Test
    void shortConstructorsFillTheNewComponentsWithDefaults() {
        RouterConfig router = new RouterConfig(List.of("web"), "Path(`/`)", null, 0, List.of(), "s");
        assertThat(router.tls()).isNull();

        LoadBalancerConfig lb = LoadBalancerConfig.of(List.of(ServerConfig.of("http://a")));
        assertThat(lb.strategy()).isEqualTo("wrr");
        assertThat(lb.sticky()).isNull();
        assertThat(lb.healthCheck()).isNull();
        assertThat(lb.passiveHealthCheck()).isNull();
        assertThat(lb.passHostHeader()).isTrue();
        assertThat(lb.flushInterval()).isEqualTo(LoadBalancerConfig.DEFAULT_FLUSH_INTERVAL);
        assertThat(new LoadBalancerConfig(List.of(), true, null, null)).isEqualTo(LoadBalancerConfig.of(List.of()));

        ServiceConfig service = new ServiceConfig(lb);
        assertThat(service.weighted()).isNull();

        ForwardingTimeouts timeouts = new ForwardingTimeouts(null, null, null);
        assertThat(timeouts).isEqualTo(ForwardingTimeouts.DEFAULTS);
        assertThat(timeouts.pingTimeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(timeouts.readIdleTimeout()).isZero();

        ServersTransportConfig st = new ServersTransportConfig(null, false, null, null, 200, null, false);
        assertThat(st).isEqualTo(ServersTransportConfig.DEFAULT);
        assertThat(st.cipherSuites()).isEmpty();

        assertThat(new CertificateFiles("c", "k").stores()).isEmpty();
        assertThat(new ConfigError("p", "v", "m").location()).isNull();
        assertThat(new ConfigError("p", "v", "m")).hasToString("p: m (got 'v')");
        assertThat(new ConfigError("p", null, "m", new SourceLocation("f.yml", 3, 7))).hasToString("f.yml:3:7: p: m");
    }

    @Test
    void recordsAreImmutable() {
        var list = new java.util.ArrayList<>(List.of("web"));
        RouterConfig router = new RouterConfig(list, "r", null, 0, null, "s");
        list.add("other");
        assertThat(router.entryPoints()).containsExactly("web");
        assertThat(HttpConfig.EMPTY.routers()).isEmpty();
        assertThat(DynamicConfig.EMPTY.tls().options()).isEmpty();
    }
}
