package io.gatehouse.docker;

import io.gatehouse.core.config.ConfigError;
import io.gatehouse.core.server.Gatehouse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The provider against a real dockerd that listens on {@code tcp://127.0.0.1:<port>} with
 * {@code --tlsverify}: with the CA and a client certificate the engine trusts it lists containers and
 * follows their events; a client without a certificate, with one from another CA, or that does not
 * trust the engine's CA is refused, reported with a clear error, and the proxy keeps serving. One
 * engine (and one set of certificates from {@code scripts/make-tls-certs.sh}) for the whole class.
 */
@Timeout(180)
class DockerTlsEngineTest {

    private static Path certs;
    private static DockerEngine engine;
    private static String endpoint;

    private final String tag = UUID.randomUUID().toString().substring(0, 8);
    private final List<String> containers = new ArrayList<>();
    private Gatehouse proxy;

    @BeforeAll
    static void startEngine() throws IOException {
        certs = Files.createTempDirectory("gh-tls");
        DockerEngine.run(List.of("bash", "scripts/make-tls-certs.sh", certs.toString()), 60);
        int port = DockerEngine.freePort();
        endpoint = "tcp://127.0.0.1:" + port;
        engine = DockerEngine.startPrivate(List.of("-H", endpoint, "--tlsverify",
                "--tlscacert", cert("ca.pem"), "--tlscert", cert("server-cert.pem"), "--tlskey", cert("server-key.pem")));
    }

    @AfterAll
    static void stopEngine() throws IOException {
        try {
            if (engine != null) {
                engine.close();
            }
        } finally {
            DockerEngine.run(List.of("rm", "-rf", certs.toString()), 30);
        }
    }

    @AfterEach
    void cleanUp() {
        if (proxy != null) {
            proxy.close();
        }
        for (String c : containers) {
            try {
                engine.docker("rm", "-f", c);
            } catch (IOException ignored) {
                // already gone
            }
        }
    }

    private static String cert(String file) {
        return certs.resolve(file).toString();
    }

    private DockerProvider provider(String name, DockerProviderConfig.Tls tls) throws Exception {
        return DockerProvider.create(name, DockerProviderConfig.DEFAULTS
                .withEndpoint(endpoint)
                .withTls(tls)
                .withExposedByDefault(false)
                .withConstraints("Label(`gatehouse.test`, `" + tag + "`)"));
    }

    private static DockerProviderConfig.Tls trusted() {
        return new DockerProviderConfig.Tls(cert("ca.pem"), cert("client-cert.pem"), cert("client-key.pem"), false);
    }

    private String run(String name, String host) throws IOException {
        String fullName = name + "-" + tag;
        int port = DockerEngine.freePort();
        engine.runHttpd(fullName, port, name, List.of(
                "gatehouse.test=" + tag,
                "traefik.enable=true",
                "traefik.http.routers." + name + ".rule=Host(`" + host + "`)",
                "traefik.http.services." + name + ".loadbalancer.server.port=" + port));
        containers.add(fullName);
        return fullName;
    }

    @Test
    void withTheEnginesCaAndAClientCertificateItListsContainersAndFollowsEvents() throws Exception {
        String beforeHost = "before-" + tag + ".test";
        String afterHost = "after-" + tag + ".test";
        run("before", beforeHost); // running before the provider starts: found by the list
        DockerProvider docker = provider("docker", trusted());
        proxy = Gatehouse.builder().entryPoint("web", 0).providersThrottleDuration(Duration.ZERO).provider(docker).start();
        int port = proxy.port("web");

        ProxyRequests.awaitResponse(port, beforeHost, "200 before");
        assertThat(docker.connected()).isTrue();

        String after = run("after", afterHost); // started later: found through the event stream
        ProxyRequests.awaitResponse(port, afterHost, "200 after");
        engine.docker("stop", "-t", "1", after);
        ProxyRequests.awaitResponse(port, afterHost, "404*");
        assertThat(ProxyRequests.get(port, beforeHost)).isEqualTo("200 before");
        assertThat(proxy.providerErrors()).isEmpty();
    }

    @Test
    void insecureSkipVerifyAcceptsAnEngineCertificateFromAnUnknownCa() throws Exception {
        String host = "insecure-" + tag + ".test";
        run("insecure", host);
        DockerProvider docker = provider("docker", new DockerProviderConfig.Tls(cert("other-ca.pem"),
                cert("client-cert.pem"), cert("client-key.pem"), true));
        proxy = Gatehouse.builder().entryPoint("web", 0).providersThrottleDuration(Duration.ZERO).provider(docker).start();
        ProxyRequests.awaitResponse(proxy.port("web"), host, "200 insecure");
        assertThat(proxy.providerErrors()).isEmpty();
    }

    @Test
    void clientsTheEngineDoesNotTrustOrThatDoNotTrustItAreRefusedWithAClearErrorWhileTheProxyServes() throws Exception {
        String host = "served-" + tag + ".test";
        run("served", host);
        DockerProvider good = provider("docker", trusted());
        DockerProvider noCertificate = provider("docker-nocert",
                new DockerProviderConfig.Tls(cert("ca.pem"), null, null, false));
        DockerProvider otherCa = provider("docker-stranger",
                new DockerProviderConfig.Tls(cert("ca.pem"), cert("other-cert.pem"), cert("other-key.pem"), false));
        DockerProvider untrusting = provider("docker-untrusting",
                new DockerProviderConfig.Tls(cert("other-ca.pem"), cert("client-cert.pem"), cert("client-key.pem"), false));
        proxy = Gatehouse.builder().entryPoint("web", 0).providersThrottleDuration(Duration.ZERO)
                .provider(good).provider(noCertificate).provider(otherCa).provider(untrusting).start();
        int port = proxy.port("web");

        ProxyRequests.awaitResponse(port, host, "200 served");
        RecordingSink.awaitTrue("the three refused providers reported", () -> proxy.providerErrors().keySet()
                .containsAll(List.of("docker-nocert", "docker-stranger", "docker-untrusting")));
        assertThat(proxy.providerErrors()).doesNotContainKey("docker");
        // The engine refuses a client without a certificate, or with one of a CA it does not trust.
        for (String refused : List.of("docker-nocert", "docker-stranger")) {
            assertThat(proxy.providerErrors().get(refused)).singleElement().satisfies(error -> {
                assertThat(error.path()).isEqualTo("providers.docker.endpoint");
                assertThat(error.value()).isEqualTo(endpoint);
                assertThat(error.message()).isEqualTo("cannot reach the engine: the engine refused the TLS connection: "
                        + "it asks for a client certificate signed by the CA it trusts (dockerd --tlscacert); "
                        + "check providers.docker.tls.cert and providers.docker.tls.key");
            });
        }
        // The client refuses an engine whose certificate its CA did not sign.
        assertThat(proxy.providerErrors().get("docker-untrusting")).singleElement().satisfies(error -> {
            assertThat(error.value()).isEqualTo(endpoint);
            assertThat(error.message()).startsWith("cannot reach the engine: the TLS handshake failed (PKIX path building failed")
                    .contains("providers.docker.tls.ca must be the CA that signed the engine's certificate");
        });
        assertThat(List.of(noCertificate.connected(), otherCa.connected(), untrusting.connected())).containsOnly(false);
        assertThat(List.of(noCertificate.syncs(), otherCa.syncs(), untrusting.syncs())).containsOnly(0L);
        // The proxy keeps serving what the trusted provider found.
        for (int i = 0; i < 5; i++) {
            assertThat(ProxyRequests.get(port, host)).isEqualTo("200 served");
        }
        assertThat(proxy.errors()).extracting(ConfigError::path).containsOnly("providers.docker.endpoint");
    }
}
