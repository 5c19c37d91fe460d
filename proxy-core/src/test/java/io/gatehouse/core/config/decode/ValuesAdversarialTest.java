package io.gatehouse.core.config.decode;

import static io.gatehouse.core.config.decode.AdversarialDecoding.VALID_YAML;
import static io.gatehouse.core.config.decode.AdversarialDecoding.assertErrorMentioning;
import static io.gatehouse.core.config.decode.AdversarialDecoding.assertOk;
import static io.gatehouse.core.config.decode.AdversarialDecoding.rendered;
import static io.gatehouse.core.config.decode.AdversarialDecoding.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.core.config.LoadBalancerConfig;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Wrong types, odd numbers and hostile durations at their places in the model. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ValuesAdversarialTest {

    private static String service(String loadBalancerBody) {
        return """
                http:
                  services:
                    api:
                      loadBalancer:
                """ + loadBalancerBody.indent(8);
    }

    private static String server(String extra) {
        return service("servers:\n  - url: \"http://10.0.0.1\"\n    " + extra + "\n");
    }

    private static String router(String extra) {
        return "http:\n  routers:\n    web:\n      rule: \"Host(`a`)\"\n      service: api\n      " + extra + "\n";
    }

    private static LoadBalancerConfig lb(DecodeResult r) {
        return r.config().http().services().get("api").loadBalancer();
    }

    // ---- numbers ----

    @ParameterizedTest
    @ValueSource(strings = {
            "weight: abc", "weight: [1]", "weight: {a: 1}", "weight: 1.5", "weight: -1", "weight: 1e309",
            "weight: .nan", "weight: .inf", "weight: -.inf", "weight: 99999999999", "weight: 2147483648",
            "weight: 0x10", "weight: true", "weight: \"\"", "weight: \" \"", "weight: \"1 \""
    })
    void badServerWeightsAreErrorsAtThePath(String line) {
        DecodeResult r = yaml(server(line));
        assertErrorMentioning(r, "http.services.api.loadBalancer.servers[0].weight");
    }

    @Test
    void negativeZeroWeightIsZero() {
        DecodeResult r = yaml(server("weight: -0"));
        assertOk(r);
        assertThat(lb(r).servers().get(0).weight()).isZero();
    }

    @Test
    void weightAsAQuotedNumberIsAccepted() {
        DecodeResult r = yaml(server("weight: \"2\""));
        assertOk(r);
        assertThat(lb(r).servers().get(0).weight()).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "priority: high", "priority: 1e309", "priority: 9223372036854775808", "priority: 99999999999999999999",
            "priority: 2147483648", "priority: -2147483649", "priority: 1.5", "priority: [1]", "priority: .nan"
    })
    void badRouterPrioritiesAreErrorsAtThePath(String line) {
        DecodeResult r = yaml(router(line));
        assertErrorMentioning(r, "http.routers.web.priority");
    }

    @Test
    void negativeRouterPriorityIsAllowed() {
        DecodeResult r = yaml(router("priority: -5"));
        assertOk(r);
        assertThat(r.config().http().routers().get("web").priority()).isEqualTo(-5);
    }

    @ParameterizedTest
    @ValueSource(strings = {"port: 70000", "port: 65536", "port: -1", "port: http", "port: 1e309", "port: 99999999999"})
    void badHealthCheckPortsAreErrors(String line) {
        DecodeResult r = yaml(service("servers:\n  - url: \"http://10.0.0.1\"\nhealthCheck:\n  path: /health\n  " + line + "\n"));
        assertErrorMentioning(r, "healthCheck.port");
    }

    @ParameterizedTest
    @ValueSource(strings = {"status: 99", "status: 600", "status: -200", "status: ok", "status: 2147483648"})
    void badHealthCheckStatusesAreErrors(String line) {
        DecodeResult r = yaml(service("servers:\n  - url: \"http://10.0.0.1\"\nhealthCheck:\n  path: /health\n  " + line + "\n"));
        assertErrorMentioning(r, "healthCheck.status");
    }

    @ParameterizedTest
    @ValueSource(strings = {"101", "-1", "1e309", "50.5", "many"})
    void badMirrorPercentsAreErrors(String percent) {
        DecodeResult r = yaml("""
                http:
                  services:
                    m:
                      mirroring:
                        service: a
                        mirrors:
                          - name: b
                            percent: %s
                """.formatted(percent));
        assertErrorMentioning(r, "percent");
    }

    @Test
    void maxBodySizeBeyondLongIsAnError() {
        DecodeResult r = yaml("""
                http:
                  services:
                    m:
                      mirroring:
                        service: a
                        maxBodySize: 99999999999999999999
                """);
        assertErrorMentioning(r, "maxBodySize");
    }

    // ---- booleans ----

    @ParameterizedTest
    @ValueSource(strings = {"yes", "no", "on", "off", "y", "2", "-1", "truee", "\"\"", "[true]", "{a: b}", "1.0"})
    void nonGoBooleansAreErrors(String value) {
        DecodeResult r = yaml(service("servers:\n  - url: \"http://10.0.0.1\"\npassHostHeader: " + value + "\n"));
        assertErrorMentioning(r, "passHostHeader");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"false\"", "FALSE", "False", "f", "0", "\"0\"", "F"})
    void goFalseSpellingsAreFalse(String value) {
        DecodeResult r = yaml(service("servers:\n  - url: \"http://10.0.0.1\"\npassHostHeader: " + value + "\n"));
        assertOk(r);
        assertThat(lb(r).passHostHeader()).isFalse();
    }

    // ---- strings, lists and maps in the wrong places ----

    @Test
    void listWhereAStringIsExpectedIsAnError() {
        assertErrorMentioning(yaml(VALID_YAML.replace("rule: \"Host(`example.com`)\"", "rule: [a, b]")), "http.routers.web.rule");
    }

    @Test
    void mapWhereAStringIsExpectedIsAnError() {
        assertErrorMentioning(yaml(VALID_YAML.replace("service: api", "service: {name: api}")), "http.routers.web.service");
    }

    @Test
    void mapWhereAListOfStringsIsExpectedIsAnError() {
        assertErrorMentioning(yaml(router("entryPoints: {web: true}")), "http.routers.web.entryPoints");
    }

    @Test
    void listOfMapsWhereAListOfStringsIsExpectedIsAnError() {
        assertErrorMentioning(yaml(router("entryPoints: [{name: web}]")), "http.routers.web.entryPoints");
    }

    @Test
    void stringWhereAListOfServersIsExpectedIsAnError() {
        assertErrorMentioning(yaml(service("servers: \"http://10.0.0.1\"\n")), "servers");
    }

    @Test
    void stringWhereAMapIsExpectedIsAnError() {
        assertErrorMentioning(yaml("http:\n  services:\n    api:\n      loadBalancer: \"http://10.0.0.1\"\n"), "http.services.api.loadBalancer");
        assertErrorMentioning(yaml("http:\n  routers: \"web\"\n"), "http.routers");
        assertErrorMentioning(yaml("http: 42\n"), "http");
    }

    @Test
    void listWhereAMapIsExpectedIsAnError() {
        assertErrorMentioning(yaml("http:\n  routers:\n    - web\n"), "http.routers");
        assertErrorMentioning(yaml("http:\n  services:\n    api: [loadBalancer]\n"), "http.services.api");
    }

    @Test
    void commaListWithEmptyItemsHasNoEmptyEntryPoints() {
        DecodeResult r = yaml(router("entryPoints: \"web,,websecure,\""));
        if (r.ok()) {
            assertThat(r.config().http().routers().get("web").entryPoints()).doesNotContain("").doesNotContain(" ");
        } else {
            assertErrorMentioning(r, "entryPoints");
        }
    }

    @Test
    void nullListItemIsAnErrorNotANullInTheRecord() {
        DecodeResult r = yaml(router("entryPoints: [web, ~]"));
        assertErrorMentioning(r, "entryPoints");
        DecodeResult servers = yaml(service("servers:\n  - ~\n"));
        assertErrorMentioning(servers, "servers[0]");
    }

    @Test
    void invalidServerUrlsAreErrors() {
        for (String url : new String[] {"not a url", "ftp://x", "http://", "//10.0.0.1", "http://a\nb", "javascript:alert(1)", ""}) {
            DecodeResult r = yaml(service("servers:\n  - url: \"" + url.replace("\n", "\\n") + "\"\n"));
            assertThat(r.ok()).as("url '%s' must be refused", url).isFalse();
            assertThat(rendered(r.errors())).contains("servers[0].url");
        }
    }

    // ---- durations in the model ----

    @ParameterizedTest
    @ValueSource(strings = {"-1s", "0", "0s", "1.5.3s", "1h-1m", "9999999999h", "\"\"", "\" \"", "s", "1 s", "1e3s", "0x10s", "[1s]", "{a: 1}", "1.5"})
    void badHealthCheckIntervalsAreErrors(String value) {
        DecodeResult r = yaml(service("servers:\n  - url: \"http://10.0.0.1\"\nhealthCheck:\n  path: /health\n  interval: " + value + "\n"));
        assertErrorMentioning(r, "healthCheck.interval");
    }

    @Test
    void bareIntegerIntervalIsSeconds() {
        DecodeResult r = yaml(service("servers:\n  - url: \"http://10.0.0.1\"\nhealthCheck:\n  path: /health\n  interval: 10\n"));
        assertOk(r);
        assertThat(lb(r).healthCheck().interval()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void plusSignedIntervalIsAccepted() {
        DecodeResult r = yaml(service("servers:\n  - url: \"http://10.0.0.1\"\nhealthCheck:\n  path: /health\n  interval: +1s\n"));
        assertOk(r);
        assertThat(lb(r).healthCheck().interval()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void negativeFlushIntervalIsAllowed() {
        DecodeResult r = yaml(service("servers:\n  - url: \"http://10.0.0.1\"\nresponseForwarding:\n  flushInterval: -1s\n"));
        assertOk(r);
        assertThat(lb(r).flushInterval()).isNegative();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dialTimeout: -1s", "idleConnTimeout: -5m", "pingTimeout: 9999999999h", "responseHeaderTimeout: 1h-1m"})
    void badForwardingTimeoutsAreErrors(String line) {
        DecodeResult r = yaml("http:\n  serversTransports:\n    t:\n      forwardingTimeouts:\n        " + line + "\n");
        assertErrorMentioning(r, "forwardingTimeouts");
    }

    @Test
    void negativePassiveFailureWindowIsAnError() {
        DecodeResult r = yaml(service("servers:\n  - url: \"http://10.0.0.1\"\npassiveHealthCheck:\n  failureWindow: -10s\n"));
        assertErrorMentioning(r, "failureWindow");
    }

    @Test
    void enumerationsRefuseUnknownValuesWithASuggestion() {
        assertErrorMentioning(yaml(service("servers:\n  - url: \"http://10.0.0.1\"\nstrategy: wrrr\n")), "strategy", "wrr");
        assertErrorMentioning(yaml(router("ruleSyntax: v4")), "ruleSyntax");
    }
    @Test
    void routerTlsPresenceValues() {
        assertThat(yaml(router("tls: {}")).config().http().routers().get("web").tls()).isNotNull();
        assertThat(yaml(router("tls:")).config().http().routers().get("web").tls()).isNotNull();
        assertThat(yaml(router("tls: true")).config().http().routers().get("web").tls()).isNotNull();
        assertThat(yaml(router("tls: false")).config().http().routers().get("web").tls()).isNull();
        assertErrorMentioning(yaml(router("tls: yes")), "http.routers.web.tls");
        assertErrorMentioning(yaml(router("tls: [a]")), "http.routers.web.tls");
    }
}
