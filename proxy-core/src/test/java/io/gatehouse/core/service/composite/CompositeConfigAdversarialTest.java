package io.gatehouse.core.service.composite;

import io.gatehouse.core.config.ConfigError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.gatehouse.core.service.composite.AdversarialGatehouse.appToW;
import static io.gatehouse.core.service.composite.AdversarialGatehouse.server;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad values for every option of weighted, mirroring, failover and highestRandomWeight services, through a real
 * Gatehouse and its file provider: a clear error naming the option path, never an unchecked exception, and the rest
 * (the code router /ok) keeps serving.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CompositeConfigAdversarialTest {

    static Arguments bad(String title, String expectedPath, String messageFragment, String services) {
        return Arguments.of(title, expectedPath, messageFragment, services);
    }

    static Stream<Arguments> badConfigurations() {
        return Stream.of(
                // weighted
                bad("weight negative", "http.services.w.weighted.services[0].weight", null, """
                            w:
                              weighted:
                                services:
                                  - name: a
                                    weight: -1
                        """),
                bad("weight non-numeric", "http.services.w.weighted.services[0].weight", null, """
                            w:
                              weighted:
                                services:
                                  - name: a
                                    weight: heavy
                        """),
                bad("weight overflowing", "http.services.w.weighted.services[0].weight", null, """
                            w:
                              weighted:
                                services:
                                  - name: a
                                    weight: 99999999999999999999
                        """),
                bad("weight fractional", "http.services.w.weighted.services[0].weight", null, """
                            w:
                              weighted:
                                services:
                                  - name: a
                                    weight: 1.5
                        """),
                bad("weight a list", "http.services.w.weighted.services[0].weight", null, """
                            w:
                              weighted:
                                services:
                                  - name: a
                                    weight: [1, 2]
                        """),
                bad("empty services list", "http.services.w.weighted.services", null, """
                            w:
                              weighted:
                                services: []
                        """),
                bad("null services list", "http.services.w.weighted.services", null, """
                            w:
                              weighted:
                                services: ~
                        """),
                bad("no services list", "http.services.w.weighted.services", null, """
                            w:
                              weighted: {}
                        """),
                bad("services a scalar", "http.services.w.weighted.services", null, """
                            w:
                              weighted:
                                services: a
                        """),
                bad("missing child", "http.services.w.weighted.services[1].name", "'nope'", """
                            w:
                              weighted:
                                services:
                                  - name: a
                                  - name: nope
                        """),
                bad("child without name", "http.services.w.weighted.services[0].name", null, """
                            w:
                              weighted:
                                services:
                                  - weight: 3
                        """),
                bad("child with empty name", "http.services.w.weighted.services[0].name", null, """
                            w:
                              weighted:
                                services:
                                  - name: ""
                        """),
                bad("child with null name", "http.services.w.weighted.services[0].name", null, """
                            w:
                              weighted:
                                services:
                                  - name: ~
                        """),
                bad("child name with CR LF", "http.services.w.weighted.services[0].name", null, """
                            w:
                              weighted:
                                services:
                                  - name: "a\\r\\nX-Evil: 1"
                        """),
                bad("unknown option", "http.services.w.weighted.colour", null, """
                            w:
                              weighted:
                                colour: blue
                                services:
                                  - name: a
                        """),
                bad("self reference", "http.services.w", "cycle", """
                            w:
                              weighted:
                                services:
                                  - name: w
                        """),
                bad("two kinds at once", "http.services.w", null, """
                            w:
                              weighted:
                                services:
                                  - name: a
                              failover:
                                service: a
                                fallback: b
                        """),
                bad("duplicate service key", "http.services.w", "duplicate", """
                            w:
                              weighted:
                                services:
                                  - name: a
                            w:
                              weighted:
                                services:
                                  - name: b
                        """),
                // sticky cookie
                // a cookie name with non-token characters is not an error: Traefik sanitizes it (see below)
                bad("cookie path with CR LF", "http.services.w.weighted.sticky.cookie.path", null,
                        sticky("path: \"/\\r\\nSet-Cookie: evil=1\"")),
                bad("sameSite bogus", "http.services.w.weighted.sticky.cookie.sameSite", null,
                        sticky("sameSite: sometimes")),
                bad("maxAge non-numeric", "http.services.w.weighted.sticky.cookie.maxAge", null,
                        sticky("maxAge: forever")),
                bad("maxAge overflowing", "http.services.w.weighted.sticky.cookie.maxAge", null,
                        sticky("maxAge: 99999999999999999999999")),
                bad("secure non-boolean", "http.services.w.weighted.sticky.cookie.secure", null,
                        sticky("secure: perhaps")),
                bad("httpOnly non-boolean", "http.services.w.weighted.sticky.cookie.httpOnly", null,
                        sticky("httpOnly: 2")),
                bad("unknown cookie option", "http.services.w.weighted.sticky.cookie.colour", null,
                        sticky("colour: blue")),
                // highestRandomWeight
                bad("hrw weight negative", "http.services.w.highestRandomWeight.services[0].weight", null, """
                            w:
                              highestRandomWeight:
                                services:
                                  - name: a
                                    weight: -5
                        """),
                bad("hrw empty services", "http.services.w.highestRandomWeight.services", null, """
                            w:
                              highestRandomWeight:
                                services: []
                        """),
                bad("hrw missing child", "http.services.w.highestRandomWeight.services[0].name", "'nope'", """
                            w:
                              highestRandomWeight:
                                services:
                                  - name: nope
                        """),
                bad("hrw self reference", "http.services.w", "cycle", """
                            w:
                              highestRandomWeight:
                                services:
                                  - name: a
                                  - name: w
                        """),
                // mirroring
                bad("percent -1", "http.services.w.mirroring.mirrors[0].percent", null, mirror("percent: -1")),
                bad("percent 101", "http.services.w.mirroring.mirrors[0].percent", null, mirror("percent: 101")),
                bad("percent non-numeric", "http.services.w.mirroring.mirrors[0].percent", null, mirror("percent: ten")),
                bad("percent fractional", "http.services.w.mirroring.mirrors[0].percent", null, mirror("percent: 10.5")),
                bad("percent overflowing", "http.services.w.mirroring.mirrors[0].percent", null,
                        mirror("percent: 4294967306")),
                bad("maxBodySize -2", "http.services.w.mirroring.maxBodySize", null, """
                            w:
                              mirroring:
                                service: a
                                maxBodySize: -2
                                mirrors:
                                  - name: b
                                    percent: 10
                        """),
                bad("maxBodySize non-numeric", "http.services.w.mirroring.maxBodySize", null, """
                            w:
                              mirroring:
                                service: a
                                maxBodySize: 1MB
                                mirrors:
                                  - name: b
                        """),
                bad("mirrorBody non-boolean", "http.services.w.mirroring.mirrorBody", null, """
                            w:
                              mirroring:
                                service: a
                                mirrorBody: maybe
                                mirrors:
                                  - name: b
                        """),
                bad("mirroring without service", "http.services.w.mirroring.service", null, """
                            w:
                              mirroring:
                                mirrors:
                                  - name: b
                                    percent: 10
                        """),
                bad("mirroring with empty service", "http.services.w.mirroring.service", null, """
                            w:
                              mirroring:
                                service: ""
                                mirrors:
                                  - name: b
                        """),
                bad("mirroring main missing", "http.services.w.mirroring.service", "'nope'", """
                            w:
                              mirroring:
                                service: nope
                                mirrors:
                                  - name: b
                        """),
                bad("mirror missing", "http.services.w.mirroring.mirrors[0].name", "'nope'", """
                            w:
                              mirroring:
                                service: a
                                mirrors:
                                  - name: nope
                                    percent: 10
                        """),
                bad("mirror without name", "http.services.w.mirroring.mirrors[0].name", null, """
                            w:
                              mirroring:
                                service: a
                                mirrors:
                                  - percent: 10
                        """),
                bad("mirror is a composite", "http.services.w.mirroring.mirrors[0].name", "loadBalancer", """
                            w:
                              mirroring:
                                service: a
                                mirrors:
                                  - name: other
                                    percent: 10
                            other:
                              weighted:
                                services:
                                  - name: b
                        """),
                bad("mirroring main is itself", "http.services.w", "cycle", """
                            w:
                              mirroring:
                                service: w
                                mirrors:
                                  - name: b
                        """),
                // failover
                bad("failover without service", "http.services.w.failover.service", null, """
                            w:
                              failover:
                                fallback: b
                        """),
                bad("failover without fallback", "http.services.w.failover.fallback", null, """
                            w:
                              failover:
                                service: a
                        """),
                bad("failover service missing", "http.services.w.failover.service", "'nope'", """
                            w:
                              failover:
                                service: nope
                                fallback: b
                        """),
                bad("failover fallback missing", "http.services.w.failover.fallback", "'nope'", """
                            w:
                              failover:
                                service: a
                                fallback: nope
                        """),
                bad("failover service is itself", "http.services.w", "cycle", """
                            w:
                              failover:
                                service: w
                                fallback: b
                        """),
                bad("failover fallback is itself", "http.services.w", "cycle", """
                            w:
                              failover:
                                service: a
                                fallback: w
                        """),
                bad("errors.status non-numeric", "http.services.w.failover.errors.status[0]", null, failoverErrors("[\"abc\"]")),
                bad("errors.status 600", "http.services.w.failover.errors.status[0]", null, failoverErrors("[\"600\"]")),
                bad("errors.status 99", "http.services.w.failover.errors.status[0]", null, failoverErrors("[\"99\"]")),
                bad("errors.status range reversed", "http.services.w.failover.errors.status[0]", null,
                        failoverErrors("[\"599-500\"]")),
                bad("errors.status open range", "http.services.w.failover.errors.status[0]", null,
                        failoverErrors("[\"500-\"]")),
                bad("errors.status empty string", "http.services.w.failover.errors.status[0]", null,
                        failoverErrors("[\"\"]")),
                // (a valid errors.status is supported now: FailoverErrorsTest) spaces are refused, as Traefik's Atoi
                bad("errors.status with spaces", "http.services.w.failover.errors.status[0]", null,
                        failoverErrors("[\"500 - 599\"]")),
                bad("errors.maxRequestBodyBytes non-numeric", "http.services.w.failover.errors.maxRequestBodyBytes", null, """
                            w:
                              failover:
                                service: a
                                fallback: b
                                errors:
                                  maxRequestBodyBytes: lots
                        """));
    }

    /**
     * Traefik does not refuse a sticky cookie name with characters a cookie name cannot hold: it replaces each
     * character (rune) that is not an RFC 2616 token character with {@code _} (pkg/server/cookie sanitizeName), so
     * the configuration serves, and the Set-Cookie carries the sanitized name and nothing injected.
     */
    static Stream<Arguments> unsafeCookieNames() {
        return Stream.of(
                Arguments.of("cookie name with space", "\"my pin\"", "my_pin"),
                Arguments.of("cookie name with CR LF", "\"pin\\r\\nSet-Cookie: evil=1\"", "pin__Set-Cookie__evil_1"),
                Arguments.of("cookie name with semicolon", "\"pin;evil=1\"", "pin_evil_1"),
                Arguments.of("cookie name non-ASCII", "\"épingle\"", "_pingle"),
                Arguments.of("cookie name with equals", "\"pin=x\"", "pin_x"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unsafeCookieNames")
    void anUnsafeStickyCookieNameIsSanitizedAsTraefikDoes(String title, String yamlName, String sanitized)
            throws Exception {
        try (AdversarialGatehouse gh = new AdversarialGatehouse(appToW(sticky("name: " + yamlName)))) {
            assertThat(gh.gatehouse.errors()).isEmpty();
            HttpResponse<String> first = gh.get("/app");
            assertThat(first.statusCode()).isEqualTo(200);
            List<String> setCookies = first.headers().allValues("set-cookie");
            assertThat(setCookies).hasSize(1);
            String setCookie = setCookies.get(0);
            assertThat(setCookie).startsWith(sanitized + "=").doesNotContain("evil=", "\r", "\n");
            String server = server(first);
            String value = setCookie.substring(sanitized.length() + 1).split(";", 2)[0];
            assertThat(value).isEqualTo(AdversarialGatehouse.stickyValue(server + "@file"));
            // the sanitized name is the one read back: the client stays on its child
            for (int i = 0; i < 4; i++) {
                HttpResponse<String> next = gh.get("/app", "Cookie", sanitized + "=" + value);
                assertThat(server(next)).isEqualTo(server);
                assertThat(next.headers().allValues("set-cookie")).isEmpty();
            }
        }
    }

    static String sticky(String cookieOption) {
        return """
                    w:
                      weighted:
                        sticky:
                          cookie:
                            %s
                        services:
                          - name: a
                          - name: b
                """.formatted(cookieOption);
    }

    static String mirror(String percentOption) {
        return """
                    w:
                      mirroring:
                        service: a
                        mirrors:
                          - name: b
                            %s
                """.formatted(percentOption);
    }

    static String failoverErrors(String status) {
        return """
                    w:
                      failover:
                        service: a
                        fallback: b
                        errors:
                          status: %s
                """.formatted(status);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badConfigurations")
    void aBadCompositeIsRefusedWithItsPathAndTheRestServes(String title, String expectedPath, String messageFragment,
                                                          String services) throws Exception {
        try (AdversarialGatehouse gh = new AdversarialGatehouse(appToW(services))) {
            assertRejected(gh, expectedPath, messageFragment);
            // nothing of the refused file serves, the code router does
            assertThat(gh.get("/app").statusCode()).isEqualTo(404);
            HttpResponse<String> ok = gh.get("/ok");
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(server(ok)).isEqualTo("ok");
        }
    }

    static void assertRejected(AdversarialGatehouse gh, String expectedPath, String messageFragment) {
        List<ConfigError> errors = gh.fileErrors();
        assertThat(errors).as("providerErrors of file").isNotEmpty();
        assertThat(errors).as("errors %s", errors).anySatisfy(e -> {
            String path = unqualified(e.path());
            // the option itself, or a part of it (a cycle is reported at the reference that closes it)
            assertThat(path.equals(expectedPath) || path.startsWith(expectedPath + ".")
                    || path.startsWith(expectedPath + "[")).as("path %s under %s", path, expectedPath).isTrue();
            assertThat(e.message()).isNotBlank();
            if (messageFragment != null) {
                assertThat(e.toString()).containsIgnoringCase(messageFragment);
            }
        });
        // an unchecked exception's class name in a message means it escaped into the report
        assertThat(errors).allSatisfy(e -> assertThat(e.toString())
                .doesNotContain("Exception", "java.lang", "\tat ", "null"));
    }

    static String unqualified(String path) {
        return path == null ? null : path.replace("@file", "");
    }

    @Test
    void aLongCycleIsNamedAndRefused() throws Exception {
        StringBuilder services = new StringBuilder("""
                    w:
                      weighted:
                        services:
                          - name: c0
                """);
        int length = 60;
        for (int i = 0; i < length; i++) {
            services.append("""
                        c%d:
                          failover:
                            service: c%d
                            fallback: a
                    """.formatted(i, (i + 1) % length));
        }
        try (AdversarialGatehouse gh = new AdversarialGatehouse(appToW(services.toString()))) {
            List<ConfigError> errors = gh.fileErrors();
            assertThat(errors).anySatisfy(e -> assertThat(e.toString()).contains("cycle").contains("c0@file")
                    .contains("c59@file"));
            assertThat(errors.toString()).doesNotContain("StackOverflow", "Exception");
            assertThat(gh.get("/ok").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aThousandDeepNestingServesWithoutStackOverflow() throws Exception {
        int depth = 1000;
        StringBuilder services = new StringBuilder("""
                    w:
                      weighted:
                        services:
                          - name: n0
                """);
        for (int i = 0; i < depth; i++) {
            String next = i == depth - 1 ? "a" : "n" + (i + 1);
            String kind = switch (i % 3) {
                case 0 -> "      weighted:\n        services:\n          - name: " + next + "\n";
                case 1 -> "      failover:\n        service: " + next + "\n        fallback: b\n";
                default -> "      highestRandomWeight:\n        services:\n          - name: " + next + "\n";
            };
            services.append("    n").append(i).append(":\n").append(kind);
        }
        try (AdversarialGatehouse gh = new AdversarialGatehouse(appToW(services.toString()))) {
            assertThat(gh.gatehouse.errors()).isEmpty();
            for (int i = 0; i < 5; i++) {
                HttpResponse<String> response = gh.get("/app");
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(server(response)).isEqualTo("a");
            }
        }
    }

    @Test
    void aThousandLongCycleIsRefusedWithoutStackOverflow() throws Exception {
        int length = 1000;
        StringBuilder services = new StringBuilder("""
                    w:
                      weighted:
                        services:
                          - name: n0
                """);
        for (int i = 0; i < length; i++) {
            services.append("""
                        n%d:
                          weighted:
                            services:
                              - name: n%d
                    """.formatted(i, (i + 1) % length));
        }
        try (AdversarialGatehouse gh = new AdversarialGatehouse(appToW(services.toString()))) {
            assertThat(gh.fileErrors()).as("errors %s; /app answers %s", gh.gatehouse.errors(), gh.get("/app").statusCode())
                    .anySatisfy(e -> assertThat(e.toString()).contains("cycle"));
            assertThat(gh.fileErrors().toString()).doesNotContain("StackOverflow", "Exception");
            assertThat(gh.get("/ok").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aTenThousandLongCycleIsRefusedOnceWithEveryName() throws Exception {
        // deeper than a recursive build's stack allows: the build walks composites with an explicit stack
        int length = 10_000;
        StringBuilder services = new StringBuilder("""
                    w:
                      weighted:
                        services:
                          - name: n0
                """);
        for (int i = 0; i < length; i++) {
            services.append("""
                        n%d:
                          failover:
                            service: n%d
                            fallback: b
                    """.formatted(i, (i + 1) % length));
        }
        try (AdversarialGatehouse gh = new AdversarialGatehouse(appToW(services.toString()))) {
            List<ConfigError> cycles = gh.fileErrors().stream().filter(e -> e.toString().contains("cycle")).toList();
            assertThat(cycles).hasSize(1);
            assertThat(cycles.get(0).toString()).contains("n0@file -> n1@file", "n9999@file -> n0@file");
            assertThat(gh.fileErrors().toString()).doesNotContain("StackOverflow", "Exception", "too deep");
            assertThat(gh.get("/ok").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void weightsNearIntMaxDoNotOverflowAndBothChildrenServe() throws Exception {
        // 2147483647 and 2147483646 have gcd 1 and sum past Integer.MAX_VALUE: scaled down, both keep turns
        try (AdversarialGatehouse gh = new AdversarialGatehouse(appToW("""
                    w:
                      weighted:
                        services:
                          - name: a
                            weight: 2147483647
                          - name: b
                            weight: 2147483646
                """))) {
            assertThat(gh.gatehouse.errors()).isEmpty();
            java.util.Map<String, Integer> counts = new java.util.HashMap<>();
            for (int i = 0; i < 20; i++) {
                HttpResponse<String> response = gh.get("/app");
                assertThat(response.statusCode()).isEqualTo(200);
                counts.merge(server(response), 1, Integer::sum);
            }
            // about even: smooth weighted round robin over ~equal weights interleaves
            assertThat(counts.get("a")).isBetween(9, 11);
            assertThat(counts.get("b")).isBetween(9, 11);
        }
    }

    @Test
    void weightZeroEverywhereIsNeverPickedAndAnswersAnError() throws Exception {
        // Traefik: a weighted service whose children all have weight 0 has nothing to pick and answers 503
        try (AdversarialGatehouse gh = new AdversarialGatehouse(appToW("""
                    w:
                      weighted:
                        services:
                          - name: a
                            weight: 0
                          - name: b
                            weight: 0
                """))) {
            if (gh.fileErrors().isEmpty()) {
                for (int i = 0; i < 5; i++) {
                    assertThat(gh.get("/app").statusCode()).isEqualTo(503);
                }
            } else {
                assertRejected(gh, "http.services.w.weighted.services", null);
            }
            assertThat(gh.get("/ok").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void duplicateChildrenInTheListAreAcceptedAsTraefik() throws Exception {
        // docs silent; Traefik accepts a child listed twice (it gets both turns)
        try (AdversarialGatehouse gh = new AdversarialGatehouse(appToW("""
                    w:
                      weighted:
                        services:
                          - name: a
                          - name: a
                          - name: b
                """))) {
            assertThat(gh.fileErrors()).isEmpty();
            java.util.Map<String, Integer> counts = new java.util.HashMap<>();
            for (int i = 0; i < 30; i++) {
                counts.merge(server(gh.get("/app")), 1, Integer::sum);
            }
            assertThat(counts).containsEntry("a", 20).containsEntry("b", 10);
        }
    }

    @Test
    void aChildOfAnotherProviderThatIsMissingLeavesOnlyItsRoutersOut() throws Exception {
        // docs: "when it names another provider, e.g. v3@docker, only the routers that use the composite are left out"
        try (AdversarialGatehouse gh = new AdversarialGatehouse("""
                http:
                  routers:
                    r:
                      rule: "PathPrefix(`/app`)"
                      service: w
                    direct:
                      rule: "PathPrefix(`/direct`)"
                      service: a
                  services:
                    a:
                      loadBalancer:
                        servers:
                          - url: "${A}"
                    w:
                      weighted:
                        services:
                          - name: a
                          - name: v3@docker
                """)) {
            assertThat(gh.fileErrors()).isEmpty();
            assertThat(gh.gatehouse.errors()).anySatisfy(e -> assertThat(e.toString()).contains("v3@docker"));
            assertThat(gh.gatehouse.errors().toString()).doesNotContain("Exception");
            assertThat(gh.get("/app").statusCode()).isEqualTo(404);
            assertThat(server(gh.get("/direct"))).isEqualTo("a");
            assertThat(server(gh.get("/ok"))).isEqualTo("ok");
        }
    }

    @Test
    void aChildOfTheCodeProviderIsUsedByItsQualifiedName() throws Exception {
        try (AdversarialGatehouse gh = new AdversarialGatehouse("""
                http:
                  routers:
                    r:
                      rule: "PathPrefix(`/app`)"
                      service: w
                  services:
                    w:
                      failover:
                        service: ok@code
                        fallback: ok@code
                """)) {
            assertThat(gh.gatehouse.errors()).isEmpty();
            assertThat(server(gh.get("/app"))).isEqualTo("ok");
        }
    }

    @Test
    void aReloadThatRemovesAChildStillNamedIsRefusedAndTheLastGoodServes() throws Exception {
        String good = appToW("""
                    w:
                      weighted:
                        services:
                          - name: a
                          - name: b
                """);
        try (AdversarialGatehouse gh = new AdversarialGatehouse(good)) {
            assertThat(gh.fileErrors()).isEmpty();
            String withoutB = """
                    http:
                      routers:
                        r:
                          rule: "PathPrefix(`/app`)"
                          service: w
                      services:
                        a:
                          loadBalancer:
                            servers:
                              - url: "${A}"
                        w:
                          weighted:
                            services:
                              - name: a
                              - name: b
                    """;
            gh.reload(withoutB, () -> !gh.fileErrors().isEmpty());
            assertRejected(gh, "http.services.w.weighted.services[1].name", "'b");
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (int i = 0; i < 6; i++) {
                HttpResponse<String> response = gh.get("/app");
                assertThat(response.statusCode()).isEqualTo(200);
                seen.add(server(response));
            }
            assertThat(seen).containsExactlyInAnyOrder("a", "b");
        }
    }

    @Test
    void aReloadWithABadMirrorPercentKeepsTheLastGoodMirroring() throws Exception {
        String good = appToW("""
                    w:
                      mirroring:
                        service: a
                        mirrors:
                          - name: b
                            percent: 50
                """);
        try (AdversarialGatehouse gh = new AdversarialGatehouse(good)) {
            assertThat(gh.fileErrors()).isEmpty();
            gh.reload(good.replace("percent: 50", "percent: 150"), () -> !gh.fileErrors().isEmpty());
            assertRejected(gh, "http.services.w.mirroring.mirrors[0].percent", null);
            assertThat(server(gh.get("/app"))).isEqualTo("a");
            // a good reload clears the error
            gh.reload(good.replace("percent: 50", "percent: 100"), () -> gh.fileErrors().isEmpty());
            assertThat(server(gh.get("/app"))).isEqualTo("a");
        }
    }

    @Test
    void oneMegabyteServiceNameIsRefusedClearly() throws Exception {
        String huge = "x".repeat(1024 * 1024);
        try (AdversarialGatehouse gh = new AdversarialGatehouse(appToW("""
                    w:
                      weighted:
                        services:
                          - name: %s
                """.formatted(huge)))) {
            List<ConfigError> errors = gh.fileErrors();
            assertThat(errors).anySatisfy(e ->
                    assertThat(unqualified(e.path())).isEqualTo("http.services.w.weighted.services[0].name"));
            assertThat(errors.toString()).doesNotContain("Exception");
            assertThat(gh.get("/ok").statusCode()).isEqualTo(200);
        }
    }
}
