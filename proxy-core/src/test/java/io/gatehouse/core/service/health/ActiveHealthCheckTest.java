package io.gatehouse.core.service.health;

import io.gatehouse.core.config.ForwardedHeadersConfig;
import io.gatehouse.core.config.ForwardingTimeouts;
import io.gatehouse.core.config.HealthCheckConfig;
import io.gatehouse.core.config.LoadBalancerConfig;
import io.gatehouse.core.config.ServersTransportConfig;
import io.gatehouse.core.testing.TestCertificates;
import io.gatehouse.core.testing.TestProxy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Active checks against real backends: each option's effect, and what a failing server gets. */
@Timeout(60)
class ActiveHealthCheckTest extends LiveHealthChecks {

    /** A check with the given options, every 50 ms, 2 s timeout. */
    static HealthCheckConfig check(String scheme, String path, String method, int status, int port, String hostname,
                                   boolean followRedirects, Map<String, String> headers) {
        return new HealthCheckConfig(scheme, null, path, method, status, port, INTERVAL, null, Duration.ofSeconds(2),
                hostname, followRedirects, headers);
    }

    static HealthCheckConfig check(String path) {
        return check(null, path, null, 0, 0, null, true, Map.of());
    }

    TestProxy proxy(LoadBalancerConfig lb) throws Exception {
        return proxy(lb, ServersTransportConfig.DEFAULT);
    }

    static HttpResponse<String> get(TestProxy proxy) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(proxy.url("/app"))).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Waits until the backend got {@code more} further checks. */
    static void awaitChecks(HealthBackend backend, int more) throws InterruptedException {
        int target = backend.checkCount() + more;
        Await.until(() -> backend.checkCount() >= target);
    }

    @Test
    void aFailingServerGetsNoTrafficUntilItsCheckPassesAgain() throws Exception {
        HealthBackend a = open(HealthBackend.http("a"));
        HealthBackend b = open(HealthBackend.http("b"));
        HealthBackend c = open(HealthBackend.http("c"));
        TestProxy proxy = proxy(lb(check("/health"), a.url(), b.url(), c.url()));
        b.healthStatus.set(503);
        Await.until(() -> !server(proxy, 1).health().isUp());
        assertThat(proxy.service().isUp()).isTrue();

        int before = b.traffic.get();
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            HttpResponse<String> response = get(proxy);
            assertThat(response.statusCode()).isEqualTo(200);
            seen.add(response.body());
        }
        assertThat(b.traffic.get()).isEqualTo(before);
        assertThat(seen).containsOnly("a", "c").contains("a", "c");
        awaitLog(m -> m.startsWith("service test server " + b.url() + " is down: health check GET "
                + b.url() + "/health answered 503, expected 2xx or 3xx"));

        b.healthStatus.set(200);
        Await.until(() -> server(proxy, 1).health().isUp());
        seen.clear();
        for (int i = 0; i < 30; i++) {
            seen.add(get(proxy).body());
        }
        assertThat(seen).contains("a", "b", "c");
        awaitLog(m -> m.equals("service test server " + b.url() + " is up"));
    }

    @Test
    void whenEveryServerIsDownTheServiceIsDownAndAnswers503() throws Exception {
        HealthBackend a = open(HealthBackend.http("a"));
        TestProxy proxy = proxy(lb(check("/health"), a.url()));
        assertThat(proxy.service().isUp()).isTrue();
        a.healthStatus.set(500);
        Await.until(() -> !proxy.service().isUp());
        int before = a.traffic.get();
        assertThat(get(proxy).statusCode()).isEqualTo(503);
        assertThat(a.traffic.get()).isEqualTo(before);
        a.healthStatus.set(200);
        Await.until(() -> proxy.service().isUp());
        assertThat(get(proxy).body()).isEqualTo("a");
    }

    @Test
    void aHungServerLosesItsShareAndComesBack() throws Exception {
        HealthBackend a = open(HealthBackend.http("a"));
        HealthBackend b = open(HealthBackend.http("b"));
        HealthBackend c = open(HealthBackend.http("c"));
        ForwardingTimeouts timeouts = new ForwardingTimeouts(Duration.ofSeconds(5), Duration.ofMillis(500), null);
        ServersTransportConfig transport = new ServersTransportConfig(null, false, List.of(), List.of(), 200, timeouts, false);
        HealthCheckConfig hc = new HealthCheckConfig(null, null, "/health", null, 0, 0, Duration.ofMillis(100), null,
                Duration.ofMillis(300), null, true, Map.of());
        TestProxy proxy = proxy(lb(hc, a.url(), b.url(), c.url()), transport);
        b.hang = true; // accepts, never answers: traffic and checks alike

        // Until its check times out, b's share of requests waits responseHeaderTimeout and gets 504; never longer.
        Map<Integer, Integer> statuses = new HashMap<>();
        while (server(proxy, 1).health().isUp()) {
            statuses.merge(get(proxy).statusCode(), 1, Integer::sum);
        }
        assertThat(statuses.keySet()).isSubsetOf(200, 504);
        awaitLog(m -> m.contains("server " + b.url() + " is down: health check GET " + b.url()
                + "/health timed out after PT0.3S"));

        for (int i = 0; i < 30; i++) {
            HttpResponse<String> response = get(proxy);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isIn("a", "c");
        }

        b.hang = false;
        b.release(503);
        Await.until(() -> server(proxy, 1).health().isUp());
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            seen.add(get(proxy).body());
        }
        assertThat(seen).contains("a", "b", "c");
    }

    @Test
    void methodIsSent() throws Exception {
        HealthBackend a = open(HealthBackend.http("a"));
        proxy(lb(check(null, "/health", "HEAD", 0, 0, null, true, Map.of()), a.url()));
        awaitChecks(a, 1);
        assertThat(a.lastCheck().method()).isEqualTo("HEAD");
    }

    @Test
    void defaultMethodIsGetAndPathKeepsItsQuery() throws Exception {
        HealthBackend a = open(HealthBackend.http("a"));
        proxy(lb(check("/health?deep=1"), a.url()));
        awaitChecks(a, 1);
        assertThat(a.lastCheck().method()).isEqualTo("GET");
        assertThat(a.lastCheck().uri()).isEqualTo("/health?deep=1");
        assertThat(a.lastCheck().host()).isEqualTo("127.0.0.1:" + a.port());
    }

    @Test
    void aRelativePathIsResolvedAgainstTheServerUrlAsTraefikDoes() throws Exception {
        HealthBackend a = open(HealthBackend.http("a"));
        proxy(lb(check("health"), a.url() + "/base/"));
        awaitChecks(a, 1);
        assertThat(a.lastCheck().uri()).isEqualTo("/base/health");
    }

    @Test
    void headersAreSent() throws Exception {
        HealthBackend a = open(HealthBackend.http("a"));
        proxy(lb(check(null, "/health", null, 0, 0, null, true, Map.of("X-Check", "deep", "Authorization", "Bearer t")), a.url()));
        awaitChecks(a, 1);
        assertThat(a.lastCheck().headers()).containsEntry("x-check", "deep").containsEntry("authorization", "Bearer t");
    }

    @Test
    void hostnameIsTheHostHeader() throws Exception {
        HealthBackend a = open(HealthBackend.http("a"));
        proxy(lb(check(null, "/health", null, 0, 0, "health.example", true, Map.of()), a.url()));
        awaitChecks(a, 1);
        assertThat(a.lastCheck().host()).isEqualTo("health.example");
    }

    @Test
    void portSendsTheCheckToAnotherPort() throws Exception {
        HealthBackend app = open(HealthBackend.http("app"));
        HealthBackend admin = open(HealthBackend.http("admin"));
        app.healthStatus.set(500); // would fail the check if it were asked
        TestProxy proxy = proxy(lb(check(null, "/health", null, 0, admin.port(), null, true, Map.of()), app.url()));
        awaitChecks(admin, 3);
        assertThat(app.checkCount()).isZero();
        assertThat(server(proxy, 0).health().isUp()).isTrue();
        assertThat(admin.lastCheck().host()).isEqualTo("127.0.0.1:" + admin.port());
        assertThat(get(proxy).body()).isEqualTo("app");
    }

    @Test
    void statusMustMatchWhenSet() throws Exception {
        HealthBackend a = open(HealthBackend.http("a"));
        a.healthStatus.set(200);
        TestProxy proxy = proxy(lb(check(null, "/health", null, 204, 0, null, true, Map.of()), a.url()));
        Await.until(() -> !server(proxy, 0).health().isUp());
        awaitLog(m -> m.endsWith("answered 200, expected 204"));
        a.healthStatus.set(204);
        Await.until(() -> server(proxy, 0).health().isUp());
    }

    @Test
    void withoutStatusAny2xxOr3xxPasses() throws Exception {
        HealthBackend a = open(HealthBackend.http("a"));
        a.healthStatus.set(399);
        TestProxy proxy = proxy(lb(check("/health"), a.url()));
        awaitChecks(a, 2);
        assertThat(server(proxy, 0).health().isUp()).isTrue();
        a.healthStatus.set(404);
        Await.until(() -> !server(proxy, 0).health().isUp());
    }

    @Test
    void followRedirectsFollowsToTheFinalStatus() throws Exception {
        HealthBackend a = open(HealthBackend.http("a"));
        a.healthStatus.set(200);
        TestProxy following = proxy(lb(check(null, "/redirect", null, 200, 0, null, true, Map.of()), a.url()));
        awaitChecks(a, 3); // /redirect -> /health: the backend sees the followed request
        assertThat(server(following, 0).health().isUp()).isTrue();
        assertThat(a.lastCheck().uri()).isEqualTo("/health");
    }

    @Test
    void followRedirectsFalseJudgesTheRedirectItself() throws Exception {
        HealthBackend a = open(HealthBackend.http("a"));
        TestProxy notFollowing = proxy(lb(check(null, "/redirect", null, 200, 0, null, false, Map.of()), a.url()));
        Await.until(() -> !server(notFollowing, 0).health().isUp());
        assertThat(a.checkCount()).isZero();
        awaitLog(m -> m.endsWith("/redirect answered 302, expected 200"));
    }

    @Test
    void aRedirectToAFailingEndpointFailsOnlyWhenFollowed(@TempDir Path dir) throws Exception {
        HealthBackend a = open(HealthBackend.http("a"));
        a.healthStatus.set(500);
        TestProxy following = proxy(lb(check(null, "/redirect", null, 0, 0, null, true, Map.of()), a.url()));
        TestProxy notFollowing = proxy(lb(check(null, "/redirect", null, 0, 0, null, false, Map.of()), a.url()));
        Await.until(() -> !server(following, 0).health().isUp());
        assertThat(server(notFollowing, 0).health().isUp()).isTrue(); // 302 is a 3xx
    }

    @Test
    void schemeHttpsReachesTheCheckWithTheTransportsTls(@TempDir Path dir) throws Exception {
        TestCertificates.Ca ca = TestCertificates.ca("Health CA");
        Path caFile = ca.writePem(dir, "ca");
        TestCertificates.Issued cert = ca.issue("health", List.of(), List.of("127.0.0.1"), TestCertificates.KeyType.EC);
        HealthBackend app = open(HealthBackend.http("app"));
        HealthBackend secure = open(HealthBackend.https("secure", cert.sslContext(null)));
        // a generous timeout: the first TLS handshake of a JVM is slow on a busy machine
        HealthCheckConfig hc = new HealthCheckConfig("https", null, "/health", null, 0, secure.port(), INTERVAL, null,
                Duration.ofSeconds(20), null, true, Map.of());

        ServersTransportConfig trusting = new ServersTransportConfig(null, false, List.of(caFile.toString()), List.of(),
                200, ForwardingTimeouts.DEFAULTS, false);
        TestProxy trusted = proxy(lb(hc, app.url()), trusting);
        awaitChecks(secure, 2);
        Await.until(() -> server(trusted, 0).health().isUp());
        assertThat(app.checkCount()).isZero();

        // The default transport does not trust this CA: the check's handshake fails, the server is down.
        TestProxy untrusted = proxy(lb(hc, app.url()), ServersTransportConfig.DEFAULT);
        Await.until(() -> !server(untrusted, 0).health().isUp());
        awaitLog(m -> m.contains("is down: health check GET https://127.0.0.1:" + secure.port() + "/health "));
    }

    @Test
    void schemeHttpChecksAnHttpsServerOverPlainHttp() throws Exception {
        HealthBackend plain = open(HealthBackend.http("plain"));
        // the server URL says https (port of a plain backend): the check's scheme http is what reaches it
        TestProxy proxy = proxy(lb(check("http", "/health", null, 0, 0, null, true, Map.of()),
                "https://127.0.0.1:" + plain.port()));
        awaitChecks(plain, 2);
        assertThat(server(proxy, 0).health().isUp()).isTrue();
    }

    @Test
    void unhealthyIntervalPacesChecksOfADownServer() throws Exception {
        HealthBackend a = open(HealthBackend.http("a"));
        a.healthStatus.set(500);
        HealthCheckConfig hc = new HealthCheckConfig(null, null, "/health", null, 0, 0, INTERVAL, Duration.ofHours(1),
                Duration.ofSeconds(2), null, true, Map.of());
        TestProxy proxy = proxy(lb(hc, a.url()));
        Await.until(() -> !server(proxy, 0).health().isUp());
        int checks = a.checkCount();
        Thread.sleep(20 * INTERVAL.toMillis()); // twenty healthy intervals: no further check of the down server
        assertThat(a.checkCount()).isEqualTo(checks);
    }

    @Test
    void closingTheServiceStopsItsChecks() throws Exception {
        HealthBackend a = open(HealthBackend.http("a"));
        TestProxy proxy = new TestProxy(lb(check("/health"), a.url()), ServersTransportConfig.DEFAULT,
                ForwardedHeadersConfig.NONE_TRUSTED);
        awaitChecks(a, 2);
        proxy.close();
        Thread.sleep(5 * INTERVAL.toMillis()); // a check under way when closing may still land
        int checks = a.checkCount();
        Thread.sleep(20 * INTERVAL.toMillis());
        assertThat(a.checkCount()).isEqualTo(checks);
    }

    @Test
    void aServerThatRefusesConnectionsIsDown() throws Exception {
        HealthBackend gone = HealthBackend.http("gone");
        String url = gone.url();
        gone.close();
        TestProxy proxy = proxy(lb(check("/health"), url));
        Await.until(() -> !server(proxy, 0).health().isUp());
        awaitLog(m -> m.startsWith("service test server " + url + " is down: health check GET "
                + url + "/health cannot connect"));
        assertThat(get(proxy).statusCode()).isEqualTo(503);
    }
}
