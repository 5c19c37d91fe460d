package io.gatehouse.core.config.decode;

import io.gatehouse.core.config.ServerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/** Anchors, aliases and merge keys, which Traefik's YAML reader (go-yaml) supports. */
class YamlAliasesTest {

    private final ConfigDecoder decoder = ConfigDecoder.create();

    @Test
    void aliasesAndMergeKeysWorkAsInGoYaml() {
        String yaml = """
                x-defaults: &defaults
                  entryPoints: [websecure]
                  service: api
                  tls: {}
                http:
                  routers:
                    a:
                      <<: *defaults
                      rule: Path(`/a`)
                    b:
                      <<: *defaults
                      rule: Path(`/b`)
                      service: other
                  services:
                    api: &lb
                      loadBalancer:
                        servers: [{url: "http://a"}]
                    other: *lb
                """;
        // The x-defaults key itself is not configuration: an unknown key, reported like any other.
        DecodeResult r = decoder.decode(yaml, Format.YAML, "a.yml");
        assertThat(r.errors()).extracting(e -> e.path()).containsExactly("x-defaults");
        var routers = r.config().http().routers();
        assertThat(routers.get("a").entryPoints()).containsExactly("websecure");
        assertThat(routers.get("a").service()).isEqualTo("api");
        assertThat(routers.get("a").tls()).isNotNull();
        assertThat(routers.get("b").service()).isEqualTo("other"); // explicit keys win over merged ones
        assertThat(r.config().http().services().get("other").loadBalancer().servers())
                .containsExactly(ServerConfig.of("http://a"));
    }

    @Test
    void unknownAndSelfReferencingAliasesAreErrors() {
        assertThat(decoder.decode("http: *nothing\n", Format.YAML, "a.yml").errors().get(0).message())
                .contains("unknown YAML alias '*nothing'");
        assertThat(decoder.decode("http: &a {routers: *a}\n", Format.YAML, "a.yml").errors().get(0).message())
                .contains("unknown YAML alias '*a'");
        assertThat(decoder.decode("http: {<<: 5}\n", Format.YAML, "a.yml").errors().get(0).message())
                .contains("merge key needs a map");
    }

    @Test
    @Timeout(60)
    void billionLaughsIsStoppedNotExpanded() {
        StringBuilder sb = new StringBuilder("a0: &a0 {url: \"http://x\"}\n");
        for (int i = 1; i <= 30; i++) {
            sb.append("a").append(i).append(": &a").append(i).append(" [*a").append(i - 1).append(", *a")
                    .append(i - 1).append("]\n");
        }
        sb.append("http:\n  middlewares:\n    m:\n      testPlugin:\n        settings: {bomb: *a30}\n");
        sb.append("  services:\n    s:\n      loadBalancer:\n        servers: *a30\n");
        DecodeResult r = decoder.decode(sb.toString(), Format.YAML, "bomb.yml");
        assertThat(r.ok()).isFalse();
        assertThat(r.errors()).anyMatch(e -> e.message().contains("too large"));
    }

    @Test
    @Timeout(60)
    void mergeKeyBombIsStopped() {
        StringBuilder sb = new StringBuilder("m0: &m0 {");
        for (int k = 0; k < 2000; k++) {
            sb.append(k == 0 ? "" : ", ").append("k").append(k).append(": v");
        }
        sb.append("}\n");
        for (int i = 1; i <= 2000; i++) {
            sb.append("m").append(i).append(": &m").append(i).append(" {<<: *m").append(i - 1).append(", x")
                    .append(i).append(": y}\n");
        }
        DecodeResult r = decoder.decode(sb.toString(), Format.YAML, "merge.yml");
        assertThat(r.ok()).isFalse();
        assertThat(r.errors().get(0).message()).contains("merge keys");
    }
}
