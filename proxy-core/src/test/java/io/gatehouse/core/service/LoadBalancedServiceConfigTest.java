package io.gatehouse.core.service;

import io.gatehouse.core.config.CertificateFiles;
import io.gatehouse.core.config.ConfigError;
import io.gatehouse.core.config.ConfigException;
import io.gatehouse.core.config.ForwardingTimeouts;
import io.gatehouse.core.config.LoadBalancerConfig;
import io.gatehouse.core.config.ServerConfig;
import io.gatehouse.core.config.ServersTransportConfig;
import io.gatehouse.core.testing.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LoadBalancedServiceConfigTest {

    @TempDir
    Path dir;

    static LoadBalancedService create(List<ServerConfig> servers, ServersTransportConfig transport) throws ConfigException {
        return LoadBalancedService.create("api", LoadBalancerConfig.of(servers), transport);
    }

    static List<ConfigError> errors(List<ServerConfig> servers, ServersTransportConfig transport) {
        try {
            create(servers, transport).close();
        } catch (ConfigException e) {
            return e.errors();
        }
        throw new AssertionError("expected a ConfigException");
    }

    static ConfigError onlyError(String url) {
        List<ConfigError> errors = errors(List.of(ServerConfig.of(url)), ServersTransportConfig.DEFAULT);
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).path()).isEqualTo("http.services.api.loadBalancer.servers[0].url");
        assertThat(errors.get(0).value()).isEqualTo(url);
        return errors.get(0);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''                              | must not be empty",
            "'   '                           | must not be empty",
            "/relative/path                  | absolute URL",
            "10.0.0.5:8080                   | absolute URL",
            "localhost                       | absolute URL",
            "ftp://10.0.0.5                  | unsupported scheme 'ftp'",
            "ws://10.0.0.5                   | unsupported scheme",
            "http://                         | not a valid URL",
            "http:///path                    | has no host",
            "http://host:abc                 | invalid host or port",
            "http://host:0                   | expected 1 to 65535",
            "http://host:65536               | expected 1 to 65535",
            "http://user:secret@host:8080    | user info",
            "http://host:8080/a b            | spaces",
            "http://host:8080?q=1            | query or a fragment",
            "http://host:8080/#frag          | query or a fragment",
            "http://ho st:8080               | spaces",
            "'http://[::1:8080'              | not a valid URL",
            "mailto:someone@example.com      | absolute URL with a scheme and a host",
    })
    void badServerUrls(String url, String message) {
        assertThat(onlyError(url).message()).contains(message);
    }

    @Test
    void validUrlsAreAccepted() throws Exception {
        create(List.of(ServerConfig.of("http://10.0.0.5"), ServerConfig.of("HTTPS://Example.COM:8443/base/"),
                ServerConfig.of("h2c://[::1]:9000"), ServerConfig.of("http://host:8080/")), ServersTransportConfig.DEFAULT).close();
    }

    @Test
    void noServersIsAllowed() throws Exception {
        create(List.of(), ServersTransportConfig.DEFAULT).close();
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        ServersTransportConfig transport = new ServersTransportConfig(" bad name", false, List.of(), List.of(), -1,
                new ForwardingTimeouts(Duration.ofSeconds(-1), Duration.ofMillis(-5), Duration.ofSeconds(-90)), false);
        List<ConfigError> errors = errors(List.of(ServerConfig.of("nope"), ServerConfig.of(null),
                new ServerConfig("http://ok", -2, false)), transport);
        assertThat(errors).extracting(ConfigError::path).containsExactly(
                "http.services.api.loadBalancer.servers[0].url",
                "http.services.api.loadBalancer.servers[1].url",
                "http.services.api.loadBalancer.servers[2].weight",
                "http.serversTransports.default.forwardingTimeouts.dialTimeout",
                "http.serversTransports.default.forwardingTimeouts.responseHeaderTimeout",
                "http.serversTransports.default.forwardingTimeouts.idleConnTimeout",
                "http.serversTransports.default.maxIdleConnsPerHost",
                "http.serversTransports.default.serverName");
        assertThat(errors.get(3).message()).contains("must not be negative");
    }

    @Test
    void transportPathUsesTheTransportName() {
        ServersTransportConfig transport = new ServersTransportConfig(null, false, List.of(), List.of(), -1, null, false);
        assertThatThrownBy(() -> LoadBalancedService.create("api",
                new LoadBalancerConfig(List.of(ServerConfig.of("http://a")), true, "mytransport@file", null), transport))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.errors()).extracting(ConfigError::path)
                        .containsExactly("http.serversTransports.mytransport@file.maxIdleConnsPerHost"));
    }

    @Test
    void negativeFlushIntervalIsAnError() {
        assertThatThrownBy(() -> LoadBalancedService.create("api",
                new LoadBalancerConfig(List.of(), true, null, Duration.ofMillis(-1)), null))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("http.services.api.loadBalancer.responseForwarding.flushInterval");
    }

    static ServersTransportConfig tls(List<String> rootCAs, List<CertificateFiles> certificates) {
        return new ServersTransportConfig(null, false, rootCAs, certificates, 200, null, false);
    }

    static final List<ServerConfig> HTTPS = List.of(ServerConfig.of("https://127.0.0.1:8443"));

    @Test
    void unreadableAndGarbageRootCAs() throws Exception {
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "not a certificate");
        Path badBase64 = Files.writeString(dir.resolve("bad.pem"), "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        List<ConfigError> errors = errors(HTTPS, tls(List.of(dir.resolve("missing.pem").toString(), garbage.toString(),
                badBase64.toString(), dir.toString()), List.of()));
        assertThat(errors).extracting(ConfigError::path).containsExactly(
                "http.serversTransports.default.rootCAs[0]", "http.serversTransports.default.rootCAs[1]",
                "http.serversTransports.default.rootCAs[2]", "http.serversTransports.default.rootCAs[3]");
        assertThat(errors.get(0).message()).contains("cannot be read");
        assertThat(errors.get(1).message()).contains("no PEM certificate");
        assertThat(errors.get(2).message()).contains("not a valid PEM certificate");
    }

    @Test
    void tlsFilesAreOnlyLoadedForHttpsServers() throws Exception {
        create(List.of(ServerConfig.of("http://a")), tls(List.of("missing.pem"), List.of())).close();
    }

    @Test
    void badClientCertificateFiles() throws Exception {
        TestCertificates.Ca ca = TestCertificates.ca("ca");
        Path[] rsa = ca.issue("rsa", List.of(), List.of(), TestCertificates.KeyType.RSA).writePem(dir, "rsa", false);
        Path[] ec = ca.issue("ec", List.of(), List.of(), TestCertificates.KeyType.EC).writePem(dir, "ec", false);
        Path encrypted = Files.writeString(dir.resolve("enc.pem"), "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n");
        Path garbageKey = Files.writeString(dir.resolve("gk.pem"), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        Path sec1NoCurve = Files.writeString(dir.resolve("sec1.pem"),
                "-----BEGIN EC PRIVATE KEY-----\nMCUCAQEEIDXGTuFs43gdiIQEFU7FzCsTEzm9pNZtH86dPScIGq3E\n-----END EC PRIVATE KEY-----\n");
        List<CertificateFiles> certificates = new ArrayList<>(List.of(
                new CertificateFiles(rsa[0].toString(), dir.resolve("nokey.pem").toString()),
                new CertificateFiles(rsa[0].toString(), rsa[0].toString()),
                new CertificateFiles(rsa[0].toString(), encrypted.toString()),
                new CertificateFiles(rsa[0].toString(), garbageKey.toString()),
                new CertificateFiles(ec[0].toString(), rsa[1].toString()),
                new CertificateFiles(rsa[1].toString(), rsa[1].toString()),
                new CertificateFiles(null, ""),
                new CertificateFiles(ec[0].toString(), sec1NoCurve.toString())));
        List<ConfigError> errors = errors(HTTPS, tls(List.of(), certificates));
        String p = "http.serversTransports.default.certificates";
        assertThat(errors).extracting(e -> e.path() + ": " + e.message()).containsExactly(
                p + "[0].keyFile: cannot be read (no such file)",
                p + "[1].keyFile: contains no PEM private key (PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY block)",
                p + "[2].keyFile: holds an encrypted private key; an unencrypted PEM key is expected",
                p + "[3].keyFile: holds a private key that is not a readable RSA, EC or Ed25519 key",
                p + "[4].keyFile: holds a RSA key but the certificate's key is EC",
                p + "[5].certFile: contains no PEM certificate (-----BEGIN CERTIFICATE-----)",
                p + "[6].certFile: must name a PEM file",
                p + "[6].keyFile: must name a PEM file",
                p + "[7].keyFile: holds an EC PRIVATE KEY without its curve; convert it to PKCS#8 (openssl pkcs8 -topk8 -nocrypt)");
    }
}
