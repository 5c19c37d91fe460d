package io.gatehouse.core.service;

import io.gatehouse.core.config.ConfigError;
import io.gatehouse.core.config.ConfigException;
import io.gatehouse.core.config.ServersTransportConfig;
import io.gatehouse.core.config.ServiceConfig;
import io.gatehouse.core.config.decode.ConfigDecoder;
import io.gatehouse.core.config.decode.DecodeResult;
import io.gatehouse.core.config.decode.Format;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile load balancer options (strategy, weights, sticky cookie, healthCheck, passiveHealthCheck): each must be
 * a checked configuration error naming its path, or accepted without any unchecked exception. Written from
 * docs/services.md and Traefik's documentation only.
 */
@Timeout(60)
class LoadBalancerConfigAdversarialTest {

    /** Decodes a service "api" whose loadBalancer has the given extra YAML lines, then builds it. */
    static List<ConfigError> errors(String loadBalancerLines) {
        String yaml = "http:\n  services:\n    api:\n      loadBalancer:\n"
                + "        servers:\n          - url: http://127.0.0.1:9\n          - url: http://127.0.0.1:10\n"
                + indent(loadBalancerLines);
        return errorsOf(yaml);
    }

    static List<ConfigError> errorsOf(String yaml) {
        DecodeResult result = ConfigDecoder.create().decode(yaml, Format.YAML, "test.yml");
        if (!result.errors().isEmpty()) {
            return result.errors();
        }
        List<ConfigError> errors = new ArrayList<>();
        for (Map.Entry<String, ServiceConfig> e : result.config().http().services().entrySet()) {
            if (e.getValue().loadBalancer() == null) {
                continue;
            }
            try {
                LoadBalancedService.create(e.getKey() + "@file", e.getValue().loadBalancer(),
                        ServersTransportConfig.DEFAULT).closeNow();
            } catch (ConfigException ex) {
                errors.addAll(ex.errors());
            }
        }
        return errors;
    }

    private static String indent(String lines) {
        StringBuilder out = new StringBuilder();
        for (String line : lines.split("\n", -1)) {
            if (!line.isEmpty()) {
                out.append("        ").append(line).append('\n');
            }
        }
        return out.toString();
    }

    private static void assertErrorAt(List<ConfigError> errors, String pathSuffix) {
        assertThat(errors).as("errors").isNotEmpty();
        assertThat(errors).anySatisfy(e -> {
            assertThat(e.path()).startsWith("http.services.api").endsWith(pathSuffix);
            assertThat(e.message()).isNotBlank();
        });
    }

    // ---- strategy

    @ParameterizedTest
    @ValueSource(strings = {"\"roundrobin\"", "\" wrr\"", "\"wrr \"", "\"w rr\"", "\"wrг\"", "\"p2c\\r\\n\"", "\"\\u0000wrr\"",
            "\"leasttime,wrr\"", "\"hrw\\u200b\""})
    void unknownStrategiesAreErrorsAtTheStrategyPath(String strategy) {
        List<ConfigError> errors = errors("strategy: " + strategy);
        assertErrorAt(errors, "loadBalancer.strategy");
        assertThat(errors).anySatisfy(e -> assertThat(e.message()).contains("wrr", "p2c", "hrw", "leasttime"));
    }

    @Test
    void aHugeStrategyNameIsAnErrorNotACrash() {
        assertErrorAt(errors("strategy: \"" + "x".repeat(1_000_000) + "\""), "loadBalancer.strategy");
    }

    @Test
    void aListAsStrategyIsAnError() {
        assertErrorAt(errors("strategy: [wrr, p2c]"), "loadBalancer.strategy");
    }

    @ParameterizedTest
    @ValueSource(strings = {"wrr", "p2c", "hrw", "leasttime"})
    void everyDocumentedStrategyBuilds(String strategy) {
        assertThat(errors("strategy: " + strategy)).isEmpty();
    }

    // ---- weights

    @ParameterizedTest
    @ValueSource(strings = {"-1", "-2147483648", "2147483648", "99999999999999999999", "1.5", "\"1 \"", "abc", "[1]"})
    void badServerWeightsAreErrorsAtTheWeight(String weight) {
        String yaml = "http:\n  services:\n    api:\n      loadBalancer:\n        servers:\n"
                + "          - url: http://127.0.0.1:9\n            weight: " + weight + "\n";
        List<ConfigError> errors = errorsOf(yaml);
        assertThat(errors).anySatisfy(e -> assertThat(e.path()).startsWith("http.services.api")
                .endsWith("loadBalancer.servers[0].weight"));
    }

    @Test
    void maximalWeightsWhoseSumOverflowsAnIntBuild() {
        String yaml = "http:\n  services:\n    api:\n      loadBalancer:\n        servers:\n"
                + "          - url: http://127.0.0.1:9\n            weight: 2147483647\n"
                + "          - url: http://127.0.0.1:10\n            weight: 2147483647\n"
                + "          - url: http://127.0.0.1:11\n            weight: 2147483646\n";
        assertThat(errorsOf(yaml)).isEmpty();
    }

    @Test
    void allWeightsZeroIsValid() {
        String yaml = "http:\n  services:\n    api:\n      loadBalancer:\n        servers:\n"
                + "          - url: http://127.0.0.1:9\n            weight: 0\n"
                + "          - url: http://127.0.0.1:10\n            weight: 0\n";
        assertThat(errorsOf(yaml)).isEmpty();
    }

    // ---- sticky cookie

    @ParameterizedTest
    @ValueSource(strings = {"sideways", "\"\"", "\"lax \"", "\"none;\"", "\"strict\\r\\nX: y\"", "\"läx\""})
    void bogusSameSiteIsAnError(String sameSite) {
        assertErrorAt(errors("sticky:\n  cookie:\n    sameSite: " + sameSite), "sticky.cookie.sameSite");
    }

    @Test
    void sameSiteErrorSaysWhatIsExpected() {
        List<ConfigError> errors = errors("sticky:\n  cookie:\n    sameSite: sideways");
        assertThat(errors).anySatisfy(e -> assertThat(e.message()).contains("none", "lax", "strict"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"/a;b\"", "\"/a\\r\\nSet-Cookie: x=1\"", "\"/\\u0000\"", "\"/\\u007f\"", "\"/a\\tb\""})
    void hostileCookiePathsAreErrors(String path) {
        assertErrorAt(errors("sticky:\n  cookie:\n    path: " + path), "sticky.cookie.path");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"evil.com; Secure\"", "\"a b.com\"", "\"a\\r\\nb.com\"", "\"exa_mple..com\"",
            "\"http://example.com\"", "\"example.com/x\"", "\"-\""})
    void hostileCookieDomainsAreErrors(String domain) {
        assertErrorAt(errors("sticky:\n  cookie:\n    domain: " + domain), "sticky.cookie.domain");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2147483648", "-2147483649", "99999999999999999999", "1.5", "soon"})
    void maxAgeOutOfRangeIsAnErrorAtMaxAge(String maxAge) {
        assertErrorAt(errors("sticky:\n  cookie:\n    maxAge: " + maxAge), "sticky.cookie.maxAge");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "-2147483648", "2147483647", "0"})
    void maxAgeExtremesWithinAnIntAreAccepted(String maxAge) {
        assertThat(errors("sticky:\n  cookie:\n    maxAge: " + maxAge)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"a;b\"", "\"a=b\"", "\"a b\"", "\"a\\r\\nSet-Cookie: evil=1\"", "\"kéks\"", "\"\\u0000\""})
    void hostileCookieNamesAreSanitisedNotRejected(String name) {
        // docs: "a configured name has every character that is not an HTTP token character replaced with _"
        assertThat(errors("sticky:\n  cookie:\n    name: " + name)).isEmpty();
    }

    @Test
    void aTenKilobyteCookieNameNeverThrows() {
        List<ConfigError> errors = errors("sticky:\n  cookie:\n    name: \"" + "n".repeat(10_240) + "\"");
        errors.forEach(e -> assertThat(e.path()).contains("sticky.cookie.name"));
    }

    @Test
    void unknownCookieOptionIsAnError() {
        assertErrorAt(errors("sticky:\n  cookie:\n    expires: tomorrow"), "expires");
    }

    // ---- active health check

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "interval: 0s|healthCheck.interval",
            "interval: 0|healthCheck.interval",
            "interval: -1s|healthCheck.interval",
            "interval: -1ns|healthCheck.interval",
            "interval: 2562048h|healthCheck.interval",
            "interval: 99999999999999999999|healthCheck.interval",
            "interval: \"\"|healthCheck.interval",
            "interval: \"10 s\"|healthCheck.interval",
            "unhealthyInterval: 0s|healthCheck.unhealthyInterval",
            "unhealthyInterval: -5m|healthCheck.unhealthyInterval",
            "timeout: 0s|healthCheck.timeout",
            "timeout: -1s|healthCheck.timeout",
            "timeout: 1x|healthCheck.timeout",
            "port: 65536|healthCheck.port",
            "port: -1|healthCheck.port",
            "port: 2147483648|healthCheck.port",
            "scheme: ftp|healthCheck.scheme",
            "scheme: \"http \"|healthCheck.scheme",
            "method: \"GET X\"|healthCheck.method",
            "method: \"GET\\r\\nX: y\"|healthCheck.method",
            "method: \"GÉT\"|healthCheck.method",
            "status: 99|healthCheck.status",
            "status: 600|healthCheck.status",
            "status: -200|healthCheck.status",
            "path: \"/health\\r\\nX-Evil: 1\"|healthCheck.path",
            "path: \"/he alth\"|healthCheck.path",
            "path: \"/\\u0000\"|healthCheck.path",
            "path: \"\"|healthCheck.path",
            "hostname: \"a b\"|healthCheck.hostname",
            "hostname: \"a\\r\\nX-Evil: 1\"|healthCheck.hostname",
            "hostname: \"a\\u0000b\"|healthCheck.hostname",
            "mode: \"grpc \"|healthCheck.mode",
            "mode: bogus|healthCheck.mode",
            "followRedirects: maybe|healthCheck.followRedirects",
            "bogusOption: 1|bogusOption",
    })
    void badHealthCheckOptionsAreErrorsAtTheirPath(String option, String pathSuffix) {
        String extra = option.startsWith("path:") ? option : "path: /health\n  " + option;
        assertErrorAt(errors("healthCheck:\n  " + extra), pathSuffix);
    }

    @Test
    void healthHeaderNamesAndValuesWithCrLfAreErrors() {
        assertErrorAt(errors("healthCheck:\n  path: /health\n  headers:\n    X-A: \"v\\r\\nX-Injected: 1\""),
                "healthCheck.headers.X-A");
        assertThat(errors("healthCheck:\n  path: /health\n  headers:\n    \"X-B\\r\\nX-Injected\": v"))
                .anySatisfy(e -> assertThat(e.path()).contains("healthCheck.headers"));
        assertThat(errors("healthCheck:\n  path: /health\n  headers:\n    \"X B\": v"))
                .anySatisfy(e -> assertThat(e.path()).contains("healthCheck.headers"));
        assertThat(errors("healthCheck:\n  path: /health\n  headers:\n    \"\": v"))
                .anySatisfy(e -> assertThat(e.path()).contains("healthCheck.headers"));
    }

    @Test
    void aMissingPathIsAnErrorSayingSo() {
        List<ConfigError> errors = errors("healthCheck:\n  interval: 10s");
        assertErrorAt(errors, "healthCheck.path");
    }

    @ParameterizedTest
    @ValueSource(strings = {"interval: 1ns", "timeout: 1ns", "unhealthyInterval: 1ns", "interval: 2562047h",
            "timeout: 2562047h47m16s", "port: 0", "port: 65535", "status: 100", "status: 599",
            "method: PROPFIND", "hostname: health.internal", "followRedirects: false"})
    void edgeButValidHealthOptionsBuild(String option) {
        assertThat(errors("healthCheck:\n  path: /health\n  " + option)).isEmpty();
    }

    @Test
    void aRelativeHealthPathWithoutSlashBuilds() {
        // docs: "health is relative to it"
        assertThat(errors("healthCheck:\n  path: health")).isEmpty();
    }

    @Test
    void aOneMegabyteHealthPathNeverThrows() {
        List<ConfigError> errors = errors("healthCheck:\n  path: \"/" + "p".repeat(1 << 20) + "\"");
        errors.forEach(e -> assertThat(e.path()).contains("healthCheck.path"));
    }

    @Test
    void everyBadHealthOptionIsReportedAtOnce() {
        List<ConfigError> errors = errors("healthCheck:\n  path: /h\n  interval: 0s\n  timeout: -1s\n  status: 600\n"
                + "  port: 70000\n  scheme: ftp\n  method: \"G T\"");
        assertThat(errors).extracting(ConfigError::path).anySatisfy(p -> assertThat(p).endsWith("healthCheck.interval"))
                .anySatisfy(p -> assertThat(p).endsWith("healthCheck.timeout"))
                .anySatisfy(p -> assertThat(p).endsWith("healthCheck.status"))
                .anySatisfy(p -> assertThat(p).endsWith("healthCheck.port"))
                .anySatisfy(p -> assertThat(p).endsWith("healthCheck.scheme"))
                .anySatisfy(p -> assertThat(p).endsWith("healthCheck.method"));
    }

    // ---- passive health check

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "failureWindow: 0s|passiveHealthCheck.failureWindow",
            "failureWindow: 0|passiveHealthCheck.failureWindow",
            "failureWindow: -10s|passiveHealthCheck.failureWindow",
            "failureWindow: 9999999h|passiveHealthCheck.failureWindow",
            "maxFailedAttempts: 0|passiveHealthCheck.maxFailedAttempts",
            "maxFailedAttempts: -1|passiveHealthCheck.maxFailedAttempts",
            "maxFailedAttempts: 10001|passiveHealthCheck.maxFailedAttempts",
            "maxFailedAttempts: 2147483648|passiveHealthCheck.maxFailedAttempts",
            "maxFailedAttempts: many|passiveHealthCheck.maxFailedAttempts",
    })
    void badPassiveOptionsAreErrorsAtTheirPath(String option, String pathSuffix) {
        assertErrorAt(errors("passiveHealthCheck:\n  " + option), pathSuffix);
    }

    @ParameterizedTest
    @ValueSource(strings = {"maxFailedAttempts: 1", "maxFailedAttempts: 10000", "failureWindow: 1ns", "failureWindow: 2562047h"})
    void passiveEdgesBuild(String option) {
        assertThat(errors("passiveHealthCheck:\n  " + option)).isEmpty();
    }

    @Test
    void aBadServiceDoesNotHideTheErrorsOfAnother() {
        String yaml = "http:\n  services:\n    api:\n      loadBalancer:\n        strategy: nope\n"
                + "        servers:\n          - url: http://127.0.0.1:9\n"
                + "    other:\n      loadBalancer:\n        passiveHealthCheck:\n          maxFailedAttempts: 0\n"
                + "        servers:\n          - url: http://127.0.0.1:9\n";
        List<ConfigError> errors = errorsOf(yaml);
        assertThat(errors).anySatisfy(e -> assertThat(e.path()).endsWith("loadBalancer.strategy"));
        assertThat(errors).anySatisfy(e -> assertThat(e.path()).endsWith("passiveHealthCheck.maxFailedAttempts"));
    }

    @Test
    void anEmptyHealthCheckNeedsAPath() {
        assertErrorAt(errors("healthCheck: {}"), "healthCheck.path");
    }

    @Test
    void theSameOptionTwiceInDifferentCasesIsAnError() {
        List<ConfigError> errors = errors("healthCheck:\n  path: /a\n  Path: /b");
        assertThat(errors).anySatisfy(e -> assertThat(e.path()).containsIgnoringCase("healthCheck"));
        assertThat(errors("strategy: wrr\nStrategy: p2c")).isNotEmpty();
    }

    @Test
    void numbersAsStringsAreAcceptedAsInTraefik() {
        assertThat(errors("passiveHealthCheck:\n  maxFailedAttempts: \"3\"\nsticky:\n  cookie:\n    maxAge: \"60\"")).isEmpty();
        assertThat(errors("healthCheck:\n  path: /h\n  port: \"8081\"\n  status: \"204\"")).isEmpty();
    }

    @Test
    void nullOptionsAreReportedAsNullNotCrashes() {
        for (String option : List.of("strategy: ~", "healthCheck:\n  path: ~", "healthCheck:\n  path: /h\n  interval: ~",
                "passiveHealthCheck:\n  maxFailedAttempts: ~", "sticky:\n  cookie:\n    sameSite: ~",
                "healthCheck:\n  path: /h\n  headers: ~", "healthCheck:\n  path: /h\n  headers:\n    X-A: ~")) {
            // a checked error or a default, never an unchecked exception
            errors(option).forEach(e -> assertThat(e.path()).as(option).startsWith("http.services.api"));
        }
    }

    @Test
    void oddHealthPathsAreEitherAcceptedOrAnErrorAtThePath() {
        for (String path : List.of("\"?x=1\"", "\"http://evil.example/h\"", "\"//evil.example/h\"", "\"/h#frag\"")) {
            // Traefik resolves the path against the server URL (docs silent on these): never an unchecked exception
            errors("healthCheck:\n  path: " + path).forEach(e -> assertThat(e.path()).endsWith("healthCheck.path"));
        }
    }
}
