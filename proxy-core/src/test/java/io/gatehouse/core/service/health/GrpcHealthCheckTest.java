package io.gatehouse.core.service.health;

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
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * healthCheck.mode grpc against real grpc-java servers (their standard health service), through a real proxy:
 * a server whose health says NOT_SERVING leaves the load balancer, and comes back when it says SERVING again.
 */
@Timeout(60)
class GrpcHealthCheckTest extends LiveHealthChecks {

    /** mode grpc, every 50 ms, with a generous timeout (a JVM's first TLS handshake is slow on a busy machine). */
    static HealthCheckConfig grpc(String scheme, int port, String hostname, Map<String, String> headers) {
        return new HealthCheckConfig(scheme, "grpc", null, null, 0, port, INTERVAL, null, Duration.ofSeconds(20),
                hostname, true, headers);
    }

    /** A gRPC call of demo.Echo/Say through the proxy (HTTP/1.1 to the proxy, HTTP/2 to the server); its name. */
    static String call(TestProxy proxy) throws Exception {
        HttpResponse<byte[]> response = CLIENT.send(HttpRequest.newBuilder(URI.create(proxy.url("/demo.Echo/Say")))
                .header("content-type", "application/grpc").header("te", "trailers")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[5])).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        byte[] body = response.body();
        assertThat(body.length).isGreaterThan(5);
        return new String(body, 5, body.length - 5, StandardCharsets.UTF_8);
    }

    @Test
    void aNotServingServerLeavesTheLoadBalancerAndComesBackWhenServing() throws Exception {
        GrpcBackend a = open(GrpcBackend.h2c("a"));
        GrpcBackend b = open(GrpcBackend.h2c("b"));
        TestProxy proxy = proxy(lb(grpc(null, 0, null, Map.of()), a.url("h2c"), b.url("h2c")),
                ServersTransportConfig.DEFAULT);
        Await.until(() -> a.checks.size() >= 2 && b.checks.size() >= 2);
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            seen.add(call(proxy));
        }
        assertThat(seen).contains("a", "b");

        b.serving(false);
        Await.until(() -> !server(proxy, 1).health().isUp());
        awaitLog(m -> m.equals("service test server " + b.url("h2c") + " is down: health check grpc h2c://127.0.0.1:"
                + b.port() + "/grpc.health.v1.Health/Check answered NOT_SERVING, expected SERVING"));
        int before = b.traffic.get();
        seen.clear();
        for (int i = 0; i < 20; i++) {
            seen.add(call(proxy));
        }
        assertThat(seen).containsOnly("a");
        assertThat(b.traffic.get()).isEqualTo(before);

        b.serving(true);
        Await.until(() -> server(proxy, 1).health().isUp());
        seen.clear();
        for (int i = 0; i < 10; i++) {
            seen.add(call(proxy));
        }
        assertThat(seen).contains("a", "b");
        assertThat(b.traffic.get()).isGreaterThan(before);
        // the whole server's health is asked for, as Traefik does: the service name is empty
        assertThat(b.checks).isNotEmpty();
    }

    @Test
    void anHttpServerUrlIsCheckedOverH2c() throws Exception {
        GrpcBackend a = open(GrpcBackend.h2c("a"));
        TestProxy proxy = proxy(lb(grpc(null, 0, null, Map.of()), a.url("http")), ServersTransportConfig.DEFAULT);
        Await.until(() -> a.checks.size() >= 2);
        assertThat(server(proxy, 0).health().isUp()).isTrue();
        a.serving(false);
        Await.until(() -> !server(proxy, 0).health().isUp());
        assertThat(proxy.service().isUp()).isFalse();
    }

    @Test
    void hostnameIsTheAuthorityAndHeadersAreSentAsMetadata() throws Exception {
        GrpcBackend a = open(GrpcBackend.h2c("a"));
        proxy(lb(grpc(null, 0, "health.internal", Map.of("X-Health-Token", "s3cret")), a.url("h2c")),
                ServersTransportConfig.DEFAULT);
        Await.until(() -> a.checks.size() >= 2);
        assertThat(a.checks.get(0)).isEqualTo(new GrpcBackend.Check("health.internal", "s3cret"));
    }

    @Test
    void withoutHostnameTheAuthorityIsTheServers() throws Exception {
        GrpcBackend a = open(GrpcBackend.h2c("a"));
        proxy(lb(grpc(null, 0, null, Map.of()), a.url("h2c")), ServersTransportConfig.DEFAULT);
        Await.until(() -> !a.checks.isEmpty());
        assertThat(a.checks.get(0)).isEqualTo(new GrpcBackend.Check("127.0.0.1:" + a.port(), null));
    }

    @Test
    void portSendsTheCheckToAnotherPort() throws Exception {
        GrpcBackend app = open(GrpcBackend.h2c("app"));
        GrpcBackend health = open(GrpcBackend.h2c("health"));
        TestProxy proxy = proxy(lb(grpc(null, health.port(), null, Map.of()), app.url("h2c")),
                ServersTransportConfig.DEFAULT);
        Await.until(() -> health.checks.size() >= 2);
        assertThat(app.checks).isEmpty();
        health.serving(false);
        Await.until(() -> !server(proxy, 0).health().isUp());
    }

    @Test
    void anHttpsServerIsCheckedOverTlsWithTheTransportsRootCAs(@TempDir Path dir) throws Exception {
        TestCertificates.Ca ca = TestCertificates.ca("gRPC CA");
        Path caFile = ca.writePem(dir, "ca");
        Path[] pem = ca.issue("grpc", List.of(), List.of("127.0.0.1"), TestCertificates.KeyType.EC)
                .writePem(dir, "grpc", false);
        GrpcBackend secure = open(GrpcBackend.tls("secure", pem[0], pem[1]));
        ServersTransportConfig trusting = new ServersTransportConfig(null, false, List.of(caFile.toString()),
                List.of(), 200, ForwardingTimeouts.DEFAULTS, false);
        TestProxy trusted = proxy(lb(grpc(null, 0, null, Map.of()), secure.url("https")), trusting);
        Await.until(() -> secure.checks.size() >= 2);
        assertThat(server(trusted, 0).health().isUp()).isTrue();
        secure.serving(false);
        Await.until(() -> !server(trusted, 0).health().isUp());
        secure.serving(true);
        Await.until(() -> server(trusted, 0).health().isUp());

        // disableHTTP2 is about traffic: a gRPC check still offers h2
        ServersTransportConfig noHttp2 = new ServersTransportConfig(null, false, List.of(caFile.toString()),
                List.of(), 200, ForwardingTimeouts.DEFAULTS, true);
        int checks = secure.checks.size();
        TestProxy h1 = proxy(lb(grpc(null, 0, null, Map.of()), secure.url("https")), noHttp2);
        Await.until(() -> secure.checks.size() >= checks + 2);
        assertThat(server(h1, 0).health().isUp()).isTrue();

        // a transport that does not trust the CA fails the handshake (Undertow's client reports the connection
        // closed): down
        TestProxy untrusted = proxy(lb(grpc(null, 0, null, Map.of()), secure.url("https")),
                ServersTransportConfig.DEFAULT);
        Await.until(() -> !server(untrusted, 0).health().isUp());
        awaitLog(m -> m.contains("is down: health check grpc https://127.0.0.1:" + secure.port()
                + "/grpc.health.v1.Health/Check "));
    }

    @Test
    void schemeH2cChecksAnHttpsServerUrlInPlaintext() throws Exception {
        GrpcBackend plain = open(GrpcBackend.h2c("plain"));
        TestProxy proxy = proxy(lb(grpc("h2c", 0, null, Map.of()), "https://127.0.0.1:" + plain.port()),
                ServersTransportConfig.DEFAULT);
        Await.until(() -> plain.checks.size() >= 2);
        assertThat(server(proxy, 0).health().isUp()).isTrue();
    }
}
