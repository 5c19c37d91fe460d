package io.gatehouse.core.service.composite;

import io.gatehouse.core.config.ConfigError;
import io.gatehouse.core.config.ConfigException;
import io.gatehouse.core.config.FailoverConfig;
import io.gatehouse.core.config.HighestRandomWeightConfig;
import io.gatehouse.core.config.MirroringConfig;
import io.gatehouse.core.config.ServiceConfig;
import io.gatehouse.core.config.ServiceRef;
import io.gatehouse.core.config.WeightedConfig;
import io.gatehouse.core.config.decode.ConfigDecoder;
import io.gatehouse.core.config.decode.DecodeResult;
import io.gatehouse.core.config.decode.Format;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Bad composite configurations: each a clear error with its path, from code, from YAML, and from references. */
@Timeout(60)
class CompositeConfigTest {

    private final CompositeHarness h = new CompositeHarness();

    @AfterEach
    void close() throws Exception {
        h.close();
    }

    private static List<ConfigError> errorsOf(String name, ServiceConfig config) {
        return catchThrowableOfType(() -> CompositeServices.references(name, config), ConfigException.class).errors();
    }

    private static List<ConfigError> decodeErrors(String yaml) {
        DecodeResult result = ConfigDecoder.create().decode(yaml, Format.YAML, "bad.yml");
        assertThat(result.ok()).isFalse();
        return result.errors();
    }

    private static String all(List<ConfigError> errors) {
        return errors.toString();
    }

    // ---- built in code (no decoder in between)

    @Test
    void negativeWeightsAndNamelessReferencesNameTheirPlace() {
        List<ConfigError> errors = errorsOf("w", ServiceConfig.of(new WeightedConfig(
                List.of(new ServiceRef("a", -1), new ServiceRef(" ", 1)), null, false)));
        assertThat(errors).extracting(ConfigError::path)
                .containsExactly("http.services.w.weighted.services[0].weight", "http.services.w.weighted.services[1].name");
        assertThat(errors.get(0).message()).isEqualTo("must be 0 or more");
        assertThat(errors.get(0).value()).isEqualTo("-1");
        List<ConfigError> hrw = errorsOf("h", ServiceConfig.of(new HighestRandomWeightConfig(
                List.of(new ServiceRef("a", Integer.MIN_VALUE)), false)));
        assertThat(hrw).extracting(ConfigError::path).containsExactly("http.services.h.highestRandomWeight.services[0].weight");
    }

    @Test
    void anEmptyServicesListIsAnError() {
        assertThat(errorsOf("w", ServiceConfig.of(new WeightedConfig(List.of(), null, false))))
                .extracting(ConfigError::path, ConfigError::message)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("http.services.w.weighted.services", "needs at least one service"));
        assertThat(errorsOf("h", ServiceConfig.of(new HighestRandomWeightConfig(null, true))))
                .extracting(ConfigError::path).containsExactly("http.services.h.highestRandomWeight.services");
    }

    @Test
    void mirrorPercentsOutside0To100AndBadBodySizesAreErrorsButTotalsOver100AreNot() throws Exception {
        List<ConfigError> errors = errorsOf("m", ServiceConfig.of(new MirroringConfig("main", true, -2,
                List.of(new MirroringConfig.Mirror("a", 101), new MirroringConfig.Mirror("b", -1),
                        new MirroringConfig.Mirror("", 5)), false)));
        assertThat(errors).extracting(ConfigError::path).containsExactly("http.services.m.mirroring.maxBodySize",
                "http.services.m.mirroring.mirrors[0].percent", "http.services.m.mirroring.mirrors[1].percent",
                "http.services.m.mirroring.mirrors[2].name");
        assertThat(errors.get(1).message()).isEqualTo("expected a percentage between 0 and 100");
        // As Traefik: each mirror's share is its own; 80 + 80 is fine (a request may go to both).
        assertThat(CompositeServices.references("m", ServiceConfig.of(new MirroringConfig("main", true, -1,
                List.of(new MirroringConfig.Mirror("a", 80), new MirroringConfig.Mirror("b", 80)), false))))
                .extracting(CompositeServices.Reference::name).containsExactly("main", "a", "b");
        assertThat(errorsOf("m", ServiceConfig.of(new MirroringConfig(null, true, -1, List.of(), false))))
                .extracting(ConfigError::path, ConfigError::message)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("http.services.m.mirroring.service", "mirroring needs the main service"));
    }

    @Test
    void failoverNeedsBothServices() {
        assertThat(errorsOf("f", ServiceConfig.of(new FailoverConfig("main", null, false, null))))
                .extracting(ConfigError::path, ConfigError::message)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("http.services.f.failover.fallback", "failover needs a fallback service"));
        assertThat(errorsOf("f", ServiceConfig.of(new FailoverConfig("", "spare", false, null))))
                .extracting(ConfigError::path).containsExactly("http.services.f.failover.service");
    }

    @Test
    void failoverErrorsAreCheckedEachAtItsPath() throws ConfigException {
        List<ConfigError> errors = errorsOf("f", ServiceConfig.of(new FailoverConfig("main", "spare", false,
                new FailoverConfig.Errors(Arrays.asList("500-599", "abc", "600", "599-500", "5-", "", "  ", "1-2-3", "0500"), -2))));
        assertThat(errors).extracting(ConfigError::path).containsExactly(
                "http.services.f.failover.errors.status[1]", "http.services.f.failover.errors.status[2]",
                "http.services.f.failover.errors.status[3]", "http.services.f.failover.errors.status[4]",
                "http.services.f.failover.errors.status[5]", "http.services.f.failover.errors.status[6]",
                "http.services.f.failover.errors.status[7]", "http.services.f.failover.errors.status[8]",
                "http.services.f.failover.errors.maxRequestBodyBytes");
        assertThat(errors.get(0).message()).isEqualTo(
                "expected a status code or a range such as 500-599 (got 'abc'; codes are numbers)");
        assertThat(errors.get(0).value()).isEqualTo("abc");
        assertThat(errors.get(1).message()).isEqualTo(
                "expected a status code or a range such as 500-599 (got '600'; codes are 100 to 599)");
        assertThat(errors.get(2).message()).isEqualTo(
                "expected a status code or a range such as 500-599 (got '599-500'; the range ends before it starts)");
        assertThat(errors.get(8).message()).isEqualTo("expected a size in bytes, or -1 for no limit");
        assertThat(errors.get(8).value()).isEqualTo("-2");
        // Valid statuses and limits: accepted.
        assertThat(CompositeServices.references("f", ServiceConfig.of(new FailoverConfig("main", "spare", false,
                new FailoverConfig.Errors(List.of("500-599", "429"), 1024))))).extracting(CompositeServices.Reference::name)
                .containsExactly("main", "spare");
        assertThat(CompositeServices.references("f", ServiceConfig.of(new FailoverConfig("main", "spare", false,
                new FailoverConfig.Errors(List.of("502"), -1))))).hasSize(2);
    }

    // ---- from YAML: the decoder's checks

    @Test
    void yamlWithBadValuesIsRejectedByTheDecoderWithPaths() {
        assertThat(all(decodeErrors("""
                http:
                  services:
                    w: {weighted: {services: [{name: a, weight: -3}]}}
                """))).contains("http.services.w.weighted.services[0].weight");
        assertThat(all(decodeErrors("""
                http:
                  services:
                    m: {mirroring: {service: main, mirrors: [{name: a, percent: 150}]}}
                """))).contains("http.services.m.mirroring.mirrors[0].percent");
        assertThat(all(decodeErrors("""
                http:
                  services:
                    f: {failover: {service: main}}
                """))).contains("http.services.f.failover.fallback");
    }

    // ---- references, resolved by the snapshot builder

    private static final String TWO_BACKENDS = """
                a: {loadBalancer: {servers: [{url: "http://127.0.0.1:1"}]}}
                b: {loadBalancer: {servers: [{url: "http://127.0.0.1:2"}]}}
            """;

    @Test
    void aWeightOnAnUnknownServiceRejectsTheProvidersConfiguration() throws Exception {
        h.apply("""
                http:
                  routers:
                    web: {rule: "PathPrefix(`/`)", service: w}
                  services:
                    w:
                      weighted:
                        services: [{name: a, weight: 3}, {name: ghost, weight: 1}]
                """ + TWO_BACKENDS);
        assertThat(all(h.errors())).contains("http.services.w@file.weighted.services[1].name")
                .contains("no such service 'ghost@file'");
        assertThat(h.get("/").statusCode()).isEqualTo(404); // nothing of it applied
    }

    @Test
    void aReferenceToAnotherProvidersMissingServiceOnlyLeavesItsRouterOut() throws Exception {
        h.apply("""
                http:
                  routers:
                    web: {rule: "PathPrefix(`/`)", service: w}
                    direct: {rule: "PathPrefix(`/direct`)", service: d}
                  services:
                    w:
                      weighted:
                        services: [{name: "ghost@docker"}]
                    d: {loadBalancer: {servers: [{url: "%s"}]}}
                """.formatted(h.backend("d")));
        assertThat(all(h.errors())).contains("no such service 'ghost@docker'");
        assertThat(h.get("/direct").body()).isEqualTo("d"); // the rest of the provider applies
        assertThat(h.get("/").statusCode()).isEqualTo(404);
    }

    @Test
    void cyclesAreReportedWhereverTheyAre() throws Exception {
        h.apply("""
                http:
                  routers:
                    web: {rule: "PathPrefix(`/`)", service: a}
                  services:
                    x:
                      weighted:
                        services: [{name: a}, {name: y}]
                    y:
                      failover: {service: x, fallback: b}
                    self:
                      weighted:
                        services: [{name: self}]
                """ + TWO_BACKENDS);
        String errors = all(h.errors());
        assertThat(errors).contains("services form a cycle: x@file -> y@file -> x@file")
                .contains("services form a cycle: self@file -> self@file");
    }

    @Test
    void aMirrorMustBeALoadBalancerService() throws Exception {
        h.apply("""
                http:
                  routers:
                    web: {rule: "PathPrefix(`/`)", service: m}
                  services:
                    m:
                      mirroring:
                        service: a
                        mirrors: [{name: w, percent: 10}]
                    w:
                      weighted:
                        services: [{name: b}]
                """ + TWO_BACKENDS);
        assertThat(all(h.errors())).contains("http.services.m@file.mirroring.mirrors[0].name")
                .contains("a mirror must be a loadBalancer service; 'w@file' is not");
    }

    @Test
    void failoverErrorsStatusIsAcceptedThroughThePipeline() throws Exception {
        h.apply("""
                http:
                  routers:
                    web: {rule: "PathPrefix(`/`)", service: f}
                  services:
                    f:
                      failover:
                        service: a
                        fallback: b
                        errors: {status: ["500-599"]}
                """ + TWO_BACKENDS);
        assertThat(h.errors()).isEmpty();
        assertThat(h.get("/").statusCode()).isEqualTo(502); // both unreachable: the fallback's 502 is relayed
    }

    @Test
    void unknownKindInCodeIsAClearError() {
        assertThatThrownBy(() -> CompositeServices.references("x", new ServiceConfig(null)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("http.services.x");
    }
}
