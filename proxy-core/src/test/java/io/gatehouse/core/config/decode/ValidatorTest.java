package io.gatehouse.core.config.decode;

import io.gatehouse.core.config.ConfigError;
import io.gatehouse.core.config.DynamicConfig;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ValidatorTest {

    private DynamicConfig decode(String yaml) {
        DecodeResult r = ConfigDecoder.create().decode(yaml, Format.YAML, "v.yml");
        assertThat(r.errors()).isEmpty();
        return r.config();
    }

    @Test
    void theFixtureHasNoDanglingReferences() {
        DecodeResult r = ConfigDecoder.create().decode(Fixtures.text("full.yml"), Format.YAML, "full.yml");
        assertThat(Validator.references(r.config())).isEmpty();
    }

    @Test
    void reportsEveryDanglingReferenceWithASuggestion() {
        DynamicConfig c = decode("""
                http:
                  routers:
                    r:
                      rule: Path(`/`)
                      service: apii
                      middlewares: [strip, auth@docker]
                      tls: {options: strict}
                    other:
                      rule: Path(`/o`)
                      service: api@kubernetes
                      tls: {options: default}
                  services:
                    api:
                      loadBalancer: {servers: [{url: "http://a"}], serversTransport: tr}
                    w:
                      weighted: {services: [{name: api}, {name: gone}]}
                    m:
                      mirroring: {service: api, mirrors: [{name: nope, percent: 5}]}
                    f:
                      failover: {service: missing, fallback: api}
                    h:
                      highestRandomWeight: {services: [{name: x}]}
                """);
        List<ConfigError> errors = Validator.references(c);
        assertThat(errors).extracting(ConfigError::path).containsExactlyInAnyOrder(
                "http.routers.r.service",
                "http.routers.r.middlewares[0]",
                "http.routers.r.tls.options",
                "http.services.api.loadBalancer.serversTransport",
                "http.services.w.weighted.services[1].name",
                "http.services.m.mirroring.mirrors[0].name",
                "http.services.f.failover.service",
                "http.services.h.highestRandomWeight.services[0].name");
        assertThat(errors.get(0).message()).contains("no service named 'apii'").contains("did you mean 'api'?");
    }
}
