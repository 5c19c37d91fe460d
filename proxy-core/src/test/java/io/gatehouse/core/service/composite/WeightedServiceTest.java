package io.gatehouse.core.service.composite;

import io.gatehouse.core.service.sticky.StickyCookie;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class WeightedServiceTest {

    private final CompositeHarness h = new CompositeHarness();

    @AfterEach
    void close() throws Exception {
        h.close();
    }

    @Test
    void smoothOrdersAreExactForTheIssuesWeights() {
        assertThat(SmoothWeightedSchedule.of(new int[]{1, 1})).containsExactly(0, 1);
        assertThat(SmoothWeightedSchedule.of(new int[]{5, 1, 1})).containsExactly(0, 0, 1, 0, 2, 0, 0);
        assertThat(SmoothWeightedSchedule.of(new int[]{3, 0, 1})).containsExactly(0, 0, 2, 0);
        assertThat(SmoothWeightedSchedule.of(new int[]{90, 10})).containsExactly(0, 0, 0, 0, 0, 1, 0, 0, 0, 0);
        assertThat(SmoothWeightedSchedule.of(new int[]{0, 0})).isEmpty();
    }

    @Test
    void hugeWeightsAreScaledToABoundedCycleThatKeepsEveryChild() {
        int[] order = SmoothWeightedSchedule.of(new int[]{Integer.MAX_VALUE, 1, 7});
        assertThat(order.length).isLessThanOrEqualTo(SmoothWeightedSchedule.MAX_LENGTH);
        assertThat(order).contains(0, 1, 2);
    }

    @Test
    void aNinetyTenCanarySplitsRequestsByWeight() throws Exception {
        h.apply("""
                http:
                  routers:
                    web: {rule: "PathPrefix(`/`)", service: canary}
                  services:
                    canary:
                      weighted:
                        services:
                          - {name: v1, weight: 90}
                          - {name: v2, weight: 10}
                    v1: {loadBalancer: {servers: [{url: "%s"}]}}
                    v2: {loadBalancer: {servers: [{url: "%s"}]}}
                """.formatted(h.backend("v1"), h.backend("v2")));
        for (int i = 0; i < 1000; i++) {
            assertThat(h.get("/").statusCode()).isEqualTo(200);
        }
        // Smooth weighted round robin is exact over each cycle of ten; the tolerance is for the issue's wording.
        assertThat(h.hits("v1")).isBetween(880, 920);
        assertThat(h.hits("v1") + h.hits("v2")).isEqualTo(1000);
    }

    @Test
    void weightZeroIsNeverPickedAndTheConfigOrderDoesNotMatter() throws Exception {
        h.apply("""
                http:
                  routers:
                    web: {rule: "PathPrefix(`/`)", service: split}
                  services:
                    split:
                      weighted:
                        services:
                          - {name: a}
                          - {name: drained, weight: 0}
                          - {name: nested}
                    nested:
                      weighted:
                        services: [{name: b}]
                    a: {loadBalancer: {servers: [{url: "%s"}]}}
                    b: {loadBalancer: {servers: [{url: "%s"}]}}
                    drained: {loadBalancer: {servers: [{url: "%s"}]}}
                """.formatted(h.backend("a"), h.backend("b"), h.backend("drained")));
        assertThat(h.errors()).isEmpty();
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            bodies.add(h.get("/").body());
        }
        assertThat(bodies).containsExactly("a", "b", "a", "b", "a", "b");
        assertThat(h.hits("drained")).isZero();
    }

    @Test
    void aStickyCookieKeepsAClientOnOneChildWithoutNamingIt() throws Exception {
        h.apply("""
                http:
                  routers:
                    web: {rule: "PathPrefix(`/`)", service: app}
                  services:
                    app:
                      weighted:
                        sticky: {cookie: {httpOnly: true, sameSite: lax}}
                        services: [{name: a}, {name: b}]
                    a: {loadBalancer: {servers: [{url: "%s"}]}}
                    b: {loadBalancer: {servers: [{url: "%s"}]}}
                """.formatted(h.backend("a"), h.backend("b")));
        HttpResponse<String> first = h.get("/");
        String setCookie = first.headers().firstValue("Set-Cookie").orElseThrow();
        String cookieName = StickyCookie.defaultName("app@file");
        assertThat(cookieName).hasSize(6).startsWith("_");
        String hashed = StickyCookie.hash(first.body() + "@file");
        assertThat(setCookie).startsWith(cookieName + "=" + hashed).contains("HttpOnly").containsIgnoringCase("SameSite=Lax")
                .contains("Path=/").doesNotContain("@file");
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> next = h.get("/", "Cookie", cookieName + "=" + hashed);
            assertThat(next.body()).isEqualTo(first.body());
            assertThat(next.headers().firstValue("Set-Cookie")).isEmpty();
        }
        // An unknown value is a fresh pick, and the cookie is set again.
        HttpResponse<String> unknown = h.get("/", "Cookie", cookieName + "=nonsense");
        assertThat(unknown.headers().firstValue("Set-Cookie")).isPresent();
    }

    @Test
    void aStickyChildThatIsDownIsLeftAndTheCookieReset() throws Exception {
        String yaml = """
                http:
                  routers:
                    web: {rule: "PathPrefix(`/`)", service: app}
                  services:
                    app:
                      weighted:
                        healthCheck: {}
                        sticky: {cookie: {name: pin}}
                        services: [{name: a}, {name: b}]
                    a: {loadBalancer: {servers: [%s]}}
                    b: {loadBalancer: {servers: [{url: "%s"}]}}
                """;
        String a = h.backend("a");
        String b = h.backend("b");
        h.apply(yaml.formatted("{url: \"" + a + "\"}", b));
        String pinnedToA = "pin=" + StickyCookie.hash("a@file");
        assertThat(h.get("/", "Cookie", pinnedToA).body()).isEqualTo("a");
        h.apply(yaml.formatted("", b)); // a has no server any more: it is down
        HttpResponse<String> moved = h.get("/", "Cookie", pinnedToA);
        assertThat(moved.body()).isEqualTo("b");
        assertThat(moved.headers().firstValue("Set-Cookie").orElseThrow()).startsWith("pin=" + StickyCookie.hash("b@file"));
    }

    @Test
    void withHealthCheckADownChildIsSkippedAndAllDownIs503() throws Exception {
        String yaml = """
                http:
                  routers:
                    web: {rule: "PathPrefix(`/`)", service: top}
                    inner: {rule: "PathPrefix(`/inner`)", service: inner}
                  services:
                    top:
                      weighted:
                        healthCheck: {}
                        services: [{name: inner}, {name: c}]
                    inner:
                      weighted:
                        healthCheck: {}
                        services: [{name: a}, {name: b}]
                    a: {loadBalancer: {servers: [%s]}}
                    b: {loadBalancer: {servers: []}}
                    c: {loadBalancer: {servers: [%s]}}
                """;
        String a = "{url: \"" + h.backend("a") + "\"}";
        String c = "{url: \"" + h.backend("c") + "\"}";
        h.apply(yaml.formatted(a, c));
        for (int i = 0; i < 20; i++) {
            assertThat(h.get("/inner").body()).isEqualTo("a"); // b has no server: skipped, never a 503
        }
        h.apply(yaml.formatted("", c)); // inner's children are all down: inner is down, top skips it
        for (int i = 0; i < 10; i++) {
            assertThat(h.get("/").body()).isEqualTo("c");
        }
        assertThat(h.get("/inner").statusCode()).isEqualTo(503);
        h.apply(yaml.formatted("", ""));
        assertThat(h.get("/").statusCode()).isEqualTo(503);
    }

    @Test
    void withoutHealthCheckADownChildKeepsItsShare() throws Exception {
        h.apply("""
                http:
                  routers:
                    web: {rule: "PathPrefix(`/`)", service: app}
                  services:
                    app:
                      weighted:
                        services: [{name: a}, {name: empty}]
                    a: {loadBalancer: {servers: [{url: "%s"}]}}
                    empty: {loadBalancer: {servers: []}}
                """.formatted(h.backend("a")));
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            statuses.add(h.get("/").statusCode());
        }
        assertThat(statuses).containsExactly(200, 503, 200, 503);
    }

    @Test
    void anUnchangedWeightedServiceKeepsItsPositionAcrossReloadsUntilAChildChanges() throws Exception {
        String yaml = """
                http:
                  routers:
                    web: {rule: "PathPrefix(`/`)", service: app}
                    %s
                  services:
                    app:
                      weighted:
                        services: [{name: a}, {name: b}]
                    a: {loadBalancer: {servers: [{url: "%s"}]}}
                    b: {loadBalancer: {servers: [{url: "%s"}]}}
                """;
        String a = h.backend("a");
        String b = h.backend("b");
        h.apply(yaml.formatted("", a, b));
        assertThat(h.get("/").body()).isEqualTo("a");
        // Only a router is added: the weighted service is reused and goes on where it was.
        h.apply(yaml.formatted("other: {rule: \"Path(`/other`)\", service: b}", a, b));
        assertThat(h.errors()).isEmpty();
        assertThat(h.get("/").body()).isEqualTo("b");
        // Child a now points elsewhere: a is a new instance, so the weighted service is rebuilt on it.
        String a2 = h.backend("a2");
        h.apply(yaml.formatted("other: {rule: \"Path(`/other`)\", service: b}", a2, b));
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            bodies.add(h.get("/").body());
        }
        assertThat(bodies).containsExactly("a2", "b", "a2", "b");
        assertThat(h.hits("a")).isEqualTo(1);
    }

    @Test
    void cookieNamesAreSanitizedAndDerivedAsTraefikDoes() {
        assertThat(StickyCookie.sanitizeName("my cookie;=x")).isEqualTo("my_cookie__x");
        assertThat(StickyCookie.sanitizeName("ok-Name.1~")).isEqualTo("ok-Name.1~");
        assertThat(StickyCookie.sanitizeName("é")).isEqualTo("_");
        assertThat(StickyCookie.defaultName("app@file")).matches("_[0-9a-f]{5}");
        assertThat(StickyCookie.defaultName("app@file")).isNotEqualTo(StickyCookie.defaultName("app@docker"));
        assertThat(StickyCookie.hash("a@file")).matches("[0-9a-f]{16}");
    }
}
