package io.gatehouse.core.service.composite;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class FailoverServiceTest {

    private final CompositeHarness h = new CompositeHarness();

    @AfterEach
    void close() throws Exception {
        h.close();
    }

    private static final String YAML = """
            http:
              routers:
                web: {rule: "PathPrefix(`/`)", service: ha}
                top: {rule: "PathPrefix(`/top`)", service: top}
              services:
                ha:
                  failover:
                    service: main
                    fallback: spare
                    healthCheck: {}
                top:
                  weighted:
                    healthCheck: {}
                    services: [{name: ha}, {name: other}]
                main: {loadBalancer: {servers: [%s]}}
                spare: {loadBalancer: {servers: [%s]}}
                other: {loadBalancer: {servers: [{url: "%s"}]}}
            """;

    @Test
    void requestsGoToTheFallbackWhileTheMainServiceIsDownAndBackAfter() throws Exception {
        String main = "{url: \"" + h.backend("main") + "\"}";
        String spare = "{url: \"" + h.backend("spare") + "\"}";
        String other = h.backend("other");
        h.apply(YAML.formatted(main, spare, other));
        assertThat(h.get("/").body()).isEqualTo("main");
        h.apply(YAML.formatted("", spare, other));
        for (int i = 0; i < 5; i++) {
            assertThat(h.get("/").body()).isEqualTo("spare");
        }
        h.apply(YAML.formatted(main, spare, other));
        assertThat(h.get("/").body()).isEqualTo("main");
        assertThat(h.hits("main")).isEqualTo(2);
        assertThat(h.hits("spare")).isEqualTo(5);
    }

    @Test
    void bothDownIs503AndTheFailoverCountsAsDownForItsParent() throws Exception {
        String other = h.backend("other");
        h.apply(YAML.formatted("", "", other));
        assertThat(h.get("/").statusCode()).isEqualTo(503);
        for (int i = 0; i < 6; i++) {
            assertThat(h.get("/top").body()).isEqualTo("other"); // the weighted parent skips the down failover
        }
    }
}
