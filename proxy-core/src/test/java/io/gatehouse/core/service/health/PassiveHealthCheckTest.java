package io.gatehouse.core.service.health;

import io.gatehouse.core.config.ForwardedHeadersConfig;
import io.gatehouse.core.config.ForwardingTimeouts;
import io.gatehouse.core.config.LoadBalancerConfig;
import io.gatehouse.core.config.PassiveHealthCheckConfig;
import io.gatehouse.core.config.ServerConfig;
import io.gatehouse.core.config.ServersTransportConfig;
import io.gatehouse.core.testing.TestProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** Passive checks and outlier ejection with a half-open trial, against real backends. */
@Timeout(60)
class PassiveHealthCheckTest {

    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    <T extends AutoCloseable> T open(T closeable) {
        open.add(closeable);
        return closeable;
    }

    TestProxy proxy(Duration window, int maxFailedAttempts, String... urls) throws Exception {
        List<ServerConfig> servers = new ArrayList<>();
        for (String url : urls) {
            servers.add(ServerConfig.of(url));
        }
        LoadBalancerConfig lb = new LoadBalancerConfig(servers, true, null, null, null, null, null,
                new PassiveHealthCheckConfig(window, maxFailedAttempts));
        return open(new TestProxy(lb, ServersTransportConfig.DEFAULT, ForwardedHeadersConfig.NONE_TRUSTED));
    }

    static HttpRequest request(TestProxy proxy) {
        return HttpRequest.newBuilder(URI.create(proxy.url("/app"))).timeout(Duration.ofSeconds(20)).build();
    }

    static HttpResponse<String> get(TestProxy proxy) throws Exception {
        return CLIENT.send(request(proxy), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void maxFailedAttemptsFailuresWithinTheWindowEjectTheServer() throws Exception {
        HealthBackend a = open(HealthBackend.http("a"));
        HealthBackend b = open(HealthBackend.http("b"));
        b.trafficStatus.set(500);
        TestProxy proxy = proxy(Duration.ofHours(1), 3, a.url(), b.url());
        for (int i = 0; i < 40; i++) {
            get(proxy);
        }
        assertThat(b.traffic.get()).isEqualTo(3); // the third 500 ejected it; the window is an hour
        awaitDown(proxy, 1);
        assertThat(proxy.service().isUp()).isTrue();
    }

    @Test
    void aSuccessForgetsEarlierFailuresAsTraefikDoes() throws Exception {
        HealthBackend a = open(HealthBackend.http("a"));
        HealthBackend b = open(HealthBackend.http("b"));
        TestProxy proxy = proxy(Duration.ofHours(1), 2, a.url(), b.url());
        for (int i = 0; i < 20; i++) {
            b.trafficStatus.set(b.traffic.get() % 2 == 0 ? 500 : 200); // b alternates failure, success
            get(proxy);
        }
        assertThat(b.traffic.get()).isEqualTo(10);
        assertThat(proxy.service().servers().get(1).health().isUp()).isTrue();
    }

    @Test
    void statusesBelow500AreNotFailures() throws Exception {
        HealthBackend a = open(HealthBackend.http("a"));
        a.trafficStatus.set(404);
        TestProxy proxy = proxy(Duration.ofHours(1), 1, a.url());
        for (int i = 0; i < 5; i++) {
            assertThat(get(proxy).statusCode()).isEqualTo(404);
        }
        assertThat(a.traffic.get()).isEqualTo(5);
    }

    @Test
    void aRefusedConnectionIsAFailure() throws Exception {
        HealthBackend a = open(HealthBackend.http("a"));
        HealthBackend gone = HealthBackend.http("gone");
        String goneUrl = gone.url();
        gone.close();
        TestProxy proxy = proxy(Duration.ofHours(1), 1, a.url(), goneUrl);
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            statuses.add(get(proxy).statusCode());
        }
        assertThat(statuses.stream().filter(s -> s == 502).count()).isLessThanOrEqualTo(1);
        assertThat(statuses.subList(2, 20)).containsOnly(200);
        awaitDown(proxy, 1);
    }

    @Test
    void aResponseHeaderTimeoutIsAFailure() throws Exception {
        HealthBackend a = open(HealthBackend.http("a"));
        HealthBackend b = open(HealthBackend.http("b"));
        b.holdTraffic = true; // accepts, never answers
        ForwardingTimeouts timeouts = new ForwardingTimeouts(Duration.ofSeconds(5), Duration.ofMillis(300), null);
        LoadBalancerConfig lb = new LoadBalancerConfig(List.of(ServerConfig.of(a.url()), ServerConfig.of(b.url())), true,
                null, null, null, null, null, new PassiveHealthCheckConfig(Duration.ofHours(1), 1));
        TestProxy proxy = open(new TestProxy(lb,
                new ServersTransportConfig(null, false, List.of(), List.of(), 200, timeouts, false),
                ForwardedHeadersConfig.NONE_TRUSTED));
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            statuses.add(get(proxy).statusCode());
        }
        assertThat(b.traffic.get()).isEqualTo(1);
        // the GET that timed out on b may have been retried on a (ProxyHandler retries idempotent requests): the
        // client then got 200, yet b's failure was counted
        assertThat(statuses).isSubsetOf(200, 504);
        awaitDown(proxy, 1);
    }

    @Test
    void afterTheWindowOneTrialRequestGoesToTheServerAndItsFailureEjectsItAgain() throws Exception {
        HealthBackend a = open(HealthBackend.http("a"));
        HealthBackend b = open(HealthBackend.http("b"));
        b.trafficStatus.set(500);
        TestProxy proxy = proxy(Duration.ofMillis(300), 1, a.url(), b.url());
        while (b.traffic.get() == 0) {
            get(proxy);
        }
        awaitDown(proxy, 1);

        // b holds the trial's response: while it is under way, nothing else goes to b
        b.holdTraffic = true;
        CompletableFuture<HttpResponse<String>> trial = awaitTrial(proxy, b);
        List<CompletableFuture<HttpResponse<String>>> others = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            others.add(CLIENT.sendAsync(request(proxy), HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> other : others) {
            assertThat(other.get().body()).isEqualTo("a");
        }
        assertThat(b.traffic.get()).isEqualTo(2);

        // the trial fails: ejected for another window
        b.holdTraffic = false;
        b.release(500);
        assertThat(trial.get().statusCode()).isEqualTo(500);
        awaitDown(proxy, 1);
        for (int i = 0; i < 10; i++) {
            assertThat(get(proxy).body()).isEqualTo("a");
        }
        assertThat(proxy.service().servers().get(1).health().isUp()).isFalse();
    }

    @Test
    void aSuccessfulTrialRestoresFullTraffic() throws Exception {
        HealthBackend a = open(HealthBackend.http("a"));
        HealthBackend b = open(HealthBackend.http("b"));
        b.trafficStatus.set(503);
        TestProxy proxy = proxy(Duration.ofMillis(300), 1, a.url(), b.url());
        while (b.traffic.get() == 0) {
            get(proxy);
        }
        b.trafficStatus.set(200);
        b.holdTraffic = true;
        CompletableFuture<HttpResponse<String>> trial = awaitTrial(proxy, b);
        b.holdTraffic = false;
        b.release(200);
        assertThat(trial.get().statusCode()).isEqualTo(200);
        Await.until(() -> proxy.service().servers().get(1).health().isUp());
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            seen.add(get(proxy).body());
        }
        assertThat(seen.stream().filter("b"::equals).count()).isEqualTo(5); // round robin: its full share
        for (int i = 1; i < seen.size(); i++) {
            assertThat(seen.get(i)).isNotEqualTo(seen.get(i - 1));
        }
    }

    @Test
    void aServiceWhoseOnlyServerIsEjectedIsDownUntilItsTrialIsDue() throws Exception {
        HealthBackend a = open(HealthBackend.http("a"));
        a.trafficStatus.set(500);
        TestProxy proxy = proxy(Duration.ofSeconds(2), 1, a.url());
        assertThat(get(proxy).statusCode()).isEqualTo(500);
        Await.until(() -> !proxy.service().isUp());
        assertThat(get(proxy).statusCode()).isEqualTo(503); // ejected: no server
        assertThat(a.traffic.get()).isEqualTo(1);
        Await.until(() -> proxy.service().isUp()); // the window ended: a trial may come
        a.trafficStatus.set(200);
        assertThat(get(proxy).statusCode()).isEqualTo(200);
        Await.until(() -> proxy.service().servers().get(0).health().isUp());
    }

    /** Outcomes are recorded when the proxy's exchange completes, just after the client got its response. */
    private static void awaitDown(TestProxy proxy, int server) throws InterruptedException {
        Await.until(() -> !proxy.service().servers().get(server).health().isUp());
    }

    /** Sends requests until one reaches {@code b} (held there): that is the trial. */
    private static CompletableFuture<HttpResponse<String>> awaitTrial(TestProxy proxy, HealthBackend b) throws Exception {
        int before = b.traffic.get();
        while (true) {
            CompletableFuture<HttpResponse<String>> response = CLIENT.sendAsync(request(proxy), HttpResponse.BodyHandlers.ofString());
            while (!response.isDone() && b.traffic.get() == before) {
                Thread.sleep(5);
            }
            if (b.traffic.get() > before) {
                Await.until(() -> b.parkedCount() == 1);
                return response;
            }
        }
    }
}
