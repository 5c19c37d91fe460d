package io.gatehouse.core.service.health;

import io.gatehouse.core.config.ConfigError;
import io.gatehouse.core.config.ConfigException;
import io.gatehouse.core.config.DynamicConfig;
import io.gatehouse.core.config.HealthCheckConfig;
import io.gatehouse.core.config.LoadBalancerConfig;
import io.gatehouse.core.config.PassiveHealthCheckConfig;
import io.gatehouse.core.config.ServerConfig;
import io.gatehouse.core.config.ServersTransportConfig;
import io.gatehouse.core.config.decode.ConfigDecoder;
import io.gatehouse.core.config.decode.Format;
import io.gatehouse.core.service.LoadBalancedService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad health check options: each a ConfigException naming the option's path; never an unchecked exception. */
class HealthConfigTest {

    static final String BASE = "http.services.api.loadBalancer.healthCheck";

    /** The errors of a service whose healthCheck is {@code options} (YAML, indented under healthCheck). */
    static List<ConfigError> yamlErrors(String options) {
        String yaml = """
                http:
                  services:
                    api:
                      loadBalancer:
                        servers:
                          - url: http://127.0.0.1:1
                        healthCheck:
                """ + options.indent(10);
        return errors(yaml);
    }

    static List<ConfigError> errors(String yaml) {
        DynamicConfig config;
        try {
            config = ConfigDecoder.create().decode(yaml, Format.YAML, "test.yml").orThrow();
        } catch (ConfigException e) {
            return e.errors();
        }
        try {
            LoadBalancedService.create("api", config.http().services().get("api").loadBalancer(),
                    ServersTransportConfig.DEFAULT).close();
            return List.of();
        } catch (ConfigException e) {
            return e.errors();
        }
    }

    static List<ConfigError> recordErrors(HealthCheckConfig check) {
        LoadBalancerConfig lb = new LoadBalancerConfig(List.of(ServerConfig.of("http://127.0.0.1:1")), true, null, null,
                null, null, check, null);
        try {
            LoadBalancedService.create("api", lb, ServersTransportConfig.DEFAULT).close();
            return List.of();
        } catch (ConfigException e) {
            return e.errors();
        }
    }

    static HealthCheckConfig check(String scheme, String mode, String path, String method, int status, int port,
                                   Duration interval, Duration unhealthy, Duration timeout, String hostname,
                                   Map<String, String> headers) {
        return new HealthCheckConfig(scheme, mode, path, method, status, port, interval, unhealthy, timeout, hostname,
                true, headers);
    }

    static void onlyError(List<ConfigError> errors, String path, String message) {
        assertThat(errors).as(errors.toString()).hasSize(1);
        assertThat(errors.get(0).path()).isEqualTo(path);
        assertThat(errors.get(0).message()).contains(message);
    }

    @Test
    void aValidCheckBuilds() {
        assertThat(yamlErrors("""
                path: /health
                interval: 10s
                timeout: 3s
                method: HEAD
                status: 204
                port: 8081
                scheme: https
                hostname: health.example
                followRedirects: false
                headers:
                  X-Check: deep
                """)).isEmpty();
    }

    @Test
    void aTimeoutLongerThanTheIntervalIsAcceptedAsInTraefik() {
        assertThat(yamlErrors("path: /health\ninterval: 1s\ntimeout: 5s\n")).isEmpty();
    }

    @Test
    void noPath() {
        onlyError(yamlErrors("interval: 10s\n"), BASE + ".path", "a health check needs a path, like /health");
        onlyError(yamlErrors("path: ''\n"), BASE + ".path", "a health check needs a path");
    }

    @Test
    void modeGrpcNeedsNoPathAndTakesEveryOption() {
        assertThat(yamlErrors("mode: grpc\n")).isEmpty();
        assertThat(yamlErrors("""
                mode: grpc
                scheme: https
                port: 9090
                interval: 10s
                unhealthyInterval: 2s
                timeout: 3s
                hostname: health.internal
                headers:
                  X-Health-Token: s3cret
                """)).isEmpty();
        for (String scheme : List.of("http", "h2c", "HTTPS")) {
            assertThat(yamlErrors("mode: grpc\nscheme: " + scheme + "\n")).as(scheme).isEmpty();
        }
    }

    @Test
    void modeGrpcIgnoresThePathMethodStatusAndFollowRedirectsOfHttpMode() {
        // as Traefik: a config written for http mode keeps working when switched to grpc
        assertThat(yamlErrors("mode: grpc\npath: /health\nmethod: HEAD\nstatus: 204\nfollowRedirects: false\n"))
                .isEmpty();
        HealthCheckSpec spec = HealthCheckSpec.of(check(null, "grpc", "/health", "HEAD", 204, 0, null, null, null,
                null, Map.of()), BASE, new java.util.ArrayList<>());
        assertThat(spec.grpc()).isTrue();
        assertThat(CheckTarget.of("http://10.0.0.5:8080/base", spec).connect().toString())
                .isEqualTo("h2c-prior://10.0.0.5:8080");
        assertThat(CheckTarget.of("http://10.0.0.5:8080/base", spec).pathAndQuery())
                .isEqualTo("/grpc.health.v1.Health/Check");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "grpc|http://a:1|h2c-prior://a:1",
            "grpc|h2c://a:1|h2c-prior://a:1",
            "grpc|https://a:1|https://a:1",
            "grpc|https://a|https://a:443",
            "grpc|http://a|h2c-prior://a:80",
            "GRPC|http://a:1|h2c-prior://a:1",
    })
    void grpcConnectsWithHttp2(String mode, String url, String connect) {
        HealthCheckSpec spec = HealthCheckSpec.of(check(null, mode, null, null, 0, 0, null, null, null, null,
                Map.of()), BASE, new java.util.ArrayList<>());
        assertThat(CheckTarget.of(url, spec).connect().toString()).isEqualTo(connect);
    }

    @Test
    void grpcSchemeAndPortReplaceTheServers() {
        HealthCheckSpec spec = HealthCheckSpec.of(check("https", "grpc", null, null, 0, 9090, null, null, null, null,
                Map.of()), BASE, new java.util.ArrayList<>());
        assertThat(CheckTarget.of("http://10.0.0.5:8080", spec).connect().toString()).isEqualTo("https://10.0.0.5:9090");
        HealthCheckSpec h2c = HealthCheckSpec.of(check("h2c", "grpc", null, null, 0, 0, null, null, null, null,
                Map.of()), BASE, new java.util.ArrayList<>());
        assertThat(CheckTarget.of("https://10.0.0.5:8443", h2c).connect().toString())
                .isEqualTo("h2c-prior://10.0.0.5:8443");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "scheme: grpc|.scheme|expected http, https or h2c",
            "port: 70000|.port|expected a port between 1 and 65535",
            "port: -1|.port|expected a port between 1 and 65535",
            "timeout: 0s|.timeout|greater than zero",
            "interval: -1s|.interval|must not be negative",
            "unhealthyInterval: 0s|.unhealthyInterval|greater than zero",
            "hostname: 'a b'|.hostname|must be a host name",
            "headers: {X-A: \"v\\r\\nX-B: 1\"}|.headers.X-A|must not contain CR, LF or NUL",
            "headers: {'X A': v}|.headers.X A|is not a valid header name",
    })
    void badGrpcOptionsAreErrorsAtTheirPath(String option, String at, String message) {
        onlyError(yamlErrors("mode: grpc\n" + option + "\n"), BASE + at, message);
    }

    @Test
    void anEmptyModeIsTheDefaultHttp() {
        assertThat(yamlErrors("mode: \"\"\npath: /health\n")).isEmpty();
        onlyError(yamlErrors("mode: \"\"\n"), BASE + ".path", "a health check needs a path");
    }

    @ParameterizedTest
    @CsvSource({"grpc2", "'\"grpc \"'", "tcp", "'\"g rpc\"'"})
    void unknownModesAreErrors(String mode) {
        onlyError(yamlErrors("mode: " + mode + "\npath: /health\n"), BASE + ".mode", "expected http or grpc");
    }

    @ParameterizedTest
    @CsvSource({"0s", "0"})
    void zeroInterval(String interval) {
        onlyError(yamlErrors("path: /health\ninterval: " + interval + "\n"), BASE + ".interval", "greater than zero");
    }

    @Test
    void negativeDurations() {
        onlyError(yamlErrors("path: /health\ninterval: -5s\n"), BASE + ".interval", "negative");
        onlyError(yamlErrors("path: /health\ntimeout: -1s\n"), BASE + ".timeout", "negative");
        onlyError(recordErrors(check(null, null, "/h", null, 0, 0, Duration.ofSeconds(-1), null, null, null, Map.of())),
                BASE + ".interval", "must be greater than zero");
        onlyError(recordErrors(check(null, null, "/h", null, 0, 0, null, Duration.ofSeconds(-1), null, null, Map.of())),
                BASE + ".unhealthyInterval", "must be greater than zero");
        onlyError(recordErrors(check(null, null, "/h", null, 0, 0, null, null, Duration.ZERO, null, Map.of())),
                BASE + ".timeout", "must be greater than zero");
    }

    @Test
    void zeroTimeout() {
        onlyError(yamlErrors("path: /health\ntimeout: 0s\n"), BASE + ".timeout", "greater than zero");
    }

    @ParameterizedTest
    @CsvSource({"99", "600", "-1", "1000"})
    void statusOutOfRange(int status) {
        onlyError(yamlErrors("path: /health\nstatus: " + status + "\n"), BASE + ".status", "between 100 and 599");
        onlyError(recordErrors(check(null, null, "/h", null, status, 0, null, null, null, null, Map.of())),
                BASE + ".status", "between 100 and 599");
    }

    @ParameterizedTest
    @CsvSource({"'GE T'", "'GET\r\nX: y'", "'G(T'", "'GET/'"})
    void badMethod(String method) {
        onlyError(recordErrors(check(null, null, "/h", method, 0, 0, null, null, null, null, Map.of())),
                BASE + ".method", "must be an HTTP method token");
    }

    @Test
    void badMethodInYaml() {
        onlyError(yamlErrors("path: /health\nmethod: 'GE T'\n"), BASE + ".method", "HTTP method token");
    }

    @ParameterizedTest
    @CsvSource({"70000", "-1", "65536"})
    void portOutOfRange(int port) {
        onlyError(yamlErrors("path: /health\nport: " + port + "\n"), BASE + ".port", "between 1 and 65535");
        onlyError(recordErrors(check(null, null, "/h", null, 0, port, null, null, null, null, Map.of())),
                BASE + ".port", "between 1 and 65535");
    }

    @ParameterizedTest
    @CsvSource({"ftp", "ws", "'http '", "unix"})
    void badScheme(String scheme) {
        onlyError(recordErrors(check(scheme, null, "/h", null, 0, 0, null, null, null, null, Map.of())),
                BASE + ".scheme", "expected http, https or h2c");
    }

    @Test
    void headerNamesAndValuesWithCrOrLf() {
        onlyError(recordErrors(check(null, null, "/h", null, 0, 0, null, null, null, null, Map.of("X-A\r\nX-B", "v"))),
                BASE + ".headers.X-A\r\nX-B", "must not contain CR, LF or NUL");
        onlyError(recordErrors(check(null, null, "/h", null, 0, 0, null, null, null, null, Map.of("X-A", "v\r\nX-B: w"))),
                BASE + ".headers.X-A", "must not contain CR, LF or NUL");
        onlyError(recordErrors(check(null, null, "/h", null, 0, 0, null, null, null, null, Map.of("X-A", "v\nw"))),
                BASE + ".headers.X-A", "must not contain CR, LF or NUL");
        onlyError(recordErrors(check(null, null, "/h", null, 0, 0, null, null, null, null, Map.of("", "v"))),
                BASE + ".headers.", "is not a valid header name");
        onlyError(yamlErrors("path: /health\nheaders:\n  X-A: \"v\\r\\nInjected: 1\"\n"), BASE + ".headers.X-A",
                "must not contain CR, LF or NUL");
    }

    @Test
    void hostnameWithCrLfOrSpaces() {
        onlyError(recordErrors(check(null, null, "/h", null, 0, 0, null, null, null, "a.example\r\nX: y", Map.of())),
                BASE + ".hostname", "without spaces or control characters");
        onlyError(recordErrors(check(null, null, "/h", null, 0, 0, null, null, null, "a b", Map.of())),
                BASE + ".hostname", "without spaces or control characters");
    }

    @ParameterizedTest
    @CsvSource({"'/he alth'", "'http://other.example/health'", "'//other.example/health'", "'/health#x'", "'/\u0000'"})
    void badPath(String path) {
        List<ConfigError> errors = recordErrors(check(null, null, path, null, 0, 0, null, null, null, null, Map.of()));
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).path()).isEqualTo(BASE + ".path");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        List<ConfigError> errors = recordErrors(check("ftp", null, null, "G T", 42, 99999, Duration.ZERO,
                Duration.ofSeconds(-1), Duration.ZERO, null, Map.of()));
        assertThat(errors).extracting(ConfigError::path).containsExactlyInAnyOrder(BASE + ".scheme", BASE + ".path",
                BASE + ".method", BASE + ".status", BASE + ".port", BASE + ".interval", BASE + ".unhealthyInterval",
                BASE + ".timeout");
    }

    @Test
    void passiveOptions() {
        String at = "http.services.api.loadBalancer.passiveHealthCheck";
        onlyError(errors("""
                http:
                  services:
                    api:
                      loadBalancer:
                        servers:
                          - url: http://127.0.0.1:1
                        passiveHealthCheck:
                          maxFailedAttempts: 0
                """), at + ".maxFailedAttempts", "");
        onlyError(errors("""
                http:
                  services:
                    api:
                      loadBalancer:
                        servers:
                          - url: http://127.0.0.1:1
                        passiveHealthCheck:
                          failureWindow: -3s
                """), at + ".failureWindow", "negative");
        LoadBalancerConfig zeroWindow = new LoadBalancerConfig(List.of(ServerConfig.of("http://127.0.0.1:1")), true, null,
                null, null, null, null, new PassiveHealthCheckConfig(Duration.ZERO, 1));
        LoadBalancerConfig noAttempts = new LoadBalancerConfig(List.of(ServerConfig.of("http://127.0.0.1:1")), true, null,
                null, null, null, null, new PassiveHealthCheckConfig(null, 0));
        LoadBalancerConfig tooMany = new LoadBalancerConfig(List.of(ServerConfig.of("http://127.0.0.1:1")), true, null,
                null, null, null, null, new PassiveHealthCheckConfig(null, 10_001));
        onlyError(createErrors(zeroWindow), at + ".failureWindow", "must be greater than zero");
        onlyError(createErrors(noAttempts), at + ".maxFailedAttempts", "must be 1 or more");
        onlyError(createErrors(tooMany), at + ".maxFailedAttempts", "at most 10000");
    }

    static List<ConfigError> createErrors(LoadBalancerConfig lb) {
        try {
            LoadBalancedService.create("api", lb, ServersTransportConfig.DEFAULT).close();
            return List.of();
        } catch (ConfigException e) {
            return e.errors();
        }
    }
}
