package io.gatehouse.core.config.decode;

import static io.gatehouse.core.config.decode.AdversarialDecoding.VALID_YAML;
import static io.gatehouse.core.config.decode.AdversarialDecoding.assertErrorMentioning;
import static io.gatehouse.core.config.decode.AdversarialDecoding.assertErrorWithLine;
import static io.gatehouse.core.config.decode.AdversarialDecoding.assertOk;
import static io.gatehouse.core.config.decode.AdversarialDecoding.rendered;
import static io.gatehouse.core.config.decode.AdversarialDecoding.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.gatehouse.core.config.RouterConfig;
import java.nio.charset.StandardCharsets;
import io.gatehouse.core.middleware.Middleware;
import io.gatehouse.core.middleware.MiddlewareContext;
import io.gatehouse.core.middleware.MiddlewareType;
import io.gatehouse.core.middleware.MiddlewareTypes;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Hostile YAML: every case must end in a DecodeResult (never a throw), bad input in a located error. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class YamlAdversarialTest {

    @Test
    void truncatedInsideAQuotedStringIsALocatedError() {
        DecodeResult r = yaml("""
                http:
                  routers:
                    web:
                      rule: "Host(`example.com`)
                """);
        assertErrorWithLine(r, "dynamic.yml");
    }

    @Test
    void truncatedInsideAFlowMappingIsALocatedError() {
        DecodeResult r = yaml("http:\n  routers:\n    web: {rule: \"Host(`a`)\", service: ");
        assertErrorWithLine(r, "dynamic.yml");
    }

    @Test
    void truncatedHalfwayThroughAKeyLeavesAnErrorNotAConfig() {
        // The file stops in the middle of "service:" -> "serv" is a plain scalar with no value;
        // a key without a colon is a syntax error.
        DecodeResult r = yaml(VALID_YAML.substring(0, VALID_YAML.indexOf("service:") + 4));
        assertThat(r.ok()).as(rendered(r.errors())).isFalse();
    }

    @Test
    void tabIndentationIsAnErrorWithTheLine() {
        DecodeResult r = yaml("http:\n\trouters:\n\t\tweb:\n\t\t\trule: x\n");
        assertErrorWithLine(r, "dynamic.yml");
        assertThat(r.errors()).anySatisfy(e -> assertThat(e.location().line()).isEqualTo(2));
    }

    @Test
    void byteOrderMarkAtTheStartIsAccepted() {
        // YAML 1.2 (5.2) allows a BOM at the start of a stream; editors on Windows write one.
        DecodeResult r = yaml("\uFEFF" + VALID_YAML);
        assertOk(r);
        assertThat(r.config().http().routers()).containsOnlyKeys("web");
    }

    @Test
    void duplicateRouterKeyIsAnErrorAtTheSecondOccurrence() {
        DecodeResult r = yaml("""
                http:
                  routers:
                    web:
                      rule: "Host(`a`)"
                      service: api
                    web:
                      rule: "Host(`b`)"
                      service: api
                """);
        assertErrorMentioning(r, "duplicate", "web");
        assertThat(r.errors()).anySatisfy(e -> assertThat(e.location().line()).isEqualTo(6));
    }

    @Test
    void duplicateKeyInDifferentCaseIsAnError() {
        DecodeResult r = yaml("""
                http:
                  routers:
                    web:
                      rule: "Host(`a`)"
                      Rule: "Host(`b`)"
                      service: api
                """);
        // Wording is free ("duplicate" or "given twice"); the error must sit on the second key.
        assertThat(r.ok()).isFalse();
        assertThat(r.errors()).anySatisfy(e -> {
            assertThat(e.toString()).containsAnyOf("duplicate", "twice");
            assertThat(e.location().line()).isEqualTo(5);
        });
    }

    @Test
    void duplicateTopLevelSectionIsAnError() {
        DecodeResult r = yaml(VALID_YAML + "http:\n  routers: {}\n");
        assertErrorMentioning(r, "duplicate", "http");
    }

    /** Free-form options (Object) are the one place where the binder walks whatever the YAML holds. */
    record Freeform(Object settings) {}

    private static final MiddlewareType<Freeform> FREEFORM = new MiddlewareType<>() {
        @Override public String name() { return "freeform"; }
        @Override public Class<Freeform> configType() { return Freeform.class; }
        @Override public Middleware create(Freeform config, MiddlewareContext ctx) { return next -> next; }
    };

    private static DecodeResult yamlWithFreeform(String text) {
        try {
            return ConfigDecoder.create(MiddlewareTypes.of(List.of(FREEFORM))).decode(text, Format.YAML, "dynamic.yml");
        } catch (Throwable t) {
            return fail("decode must not throw, but threw " + t.getClass().getName() + ": " + AdversarialDecoding.cap(t.getMessage()));
        }
    }

    private static String listBomb(String target) {
        StringBuilder y = new StringBuilder("x:\n  a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (int i = 1; i <= 9; i++) {
            y.append("  a").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 9; j++) {
                y.append(j == 0 ? "" : ",").append("*a").append(i - 1);
            }
            y.append("]\n");
        }
        return y + target;
    }

    @Test
    void billionLaughsInFreeFormOptionsIsConfigurationTooLarge() {
        DecodeResult r = yamlWithFreeform(listBomb("http:\n  middlewares:\n    m:\n      freeform:\n        settings: *a9\n"));
        assertErrorMentioning(r, "too large");
    }

    @Test
    void billionLaughsWhereStringsAreExpectedIsAnErrorWithoutExpansion() {
        DecodeResult r = yaml(listBomb("http:\n  routers:\n    web:\n      rule: \"Host(`a`)\"\n      service: api\n      entryPoints: *a9\n"));
        assertThat(r.ok()).isFalse();
        assertThat(r.errors().size()).isLessThan(1000);
    }

    @Test
    void mapAliasBombInFreeFormOptionsIsConfigurationTooLarge() {
        StringBuilder y = new StringBuilder("x:\n  b0: &b0 {k0: v, k1: v, k2: v, k3: v, k4: v, k5: v, k6: v, k7: v, k8: v, k9: v}\n");
        for (int i = 1; i <= 8; i++) {
            y.append("  b").append(i).append(": &b").append(i).append(" {");
            for (int j = 0; j < 10; j++) {
                y.append(j == 0 ? "" : ", ").append("k").append(j).append(": *b").append(i - 1);
            }
            y.append("}\n");
        }
        y.append("http:\n  middlewares:\n    m:\n      freeform:\n        settings:\n          <<: *b8\n");
        DecodeResult r = yamlWithFreeform(y.toString());
        assertErrorMentioning(r, "too large");
    }

    @Test
    void aliasBombInsideAMergeKeyIsConfigurationTooLarge() {
        StringBuilder y = new StringBuilder("x:\n  b0: &b0 {k0: v, k1: v, k2: v, k3: v, k4: v, k5: v, k6: v, k7: v, k8: v, k9: v}\n");
        for (int i = 1; i <= 8; i++) {
            y.append("  b").append(i).append(": &b").append(i).append(" {");
            for (int j = 0; j < 10; j++) {
                y.append(j == 0 ? "" : ", ").append("k").append(j).append(": *b").append(i - 1);
            }
            y.append("}\n");
        }
        y.append("http:\n  middlewares:\n    m:\n      <<: *b8\n");
        DecodeResult r = yaml(y.toString());
        assertThat(r.ok()).isFalse();
        assertThat(rendered(r.errors())).doesNotContain("OutOfMemory");
    }

    @Test
    void mergeKeyExplicitKeysWinOverMergedOnes() {
        DecodeResult r = yaml("""
                defaults: &defaults
                  rule: "Host(`merged`)"
                  service: api
                  priority: 5
                http:
                  routers:
                    web:
                      <<: *defaults
                      priority: 10
                  services:
                    api:
                      loadBalancer:
                        servers:
                          - url: "http://10.0.0.1"
                """);
        // 'defaults' at the top level is an unknown key: accept a warning or an error about it,
        // but the merged router must carry the explicit priority.
        if (r.config() != null) {
            RouterConfig web = r.config().http().routers().get("web");
            assertThat(web.priority()).isEqualTo(10);
            assertThat(web.rule()).isEqualTo("Host(`merged`)");
        }
    }

    @Test
    void mergeKeyWithAScalarIsAnError() {
        DecodeResult r = yaml("""
                http:
                  routers:
                    web:
                      <<: 42
                      rule: "Host(`a`)"
                      service: api
                """);
        assertErrorWithLine(r, "dynamic.yml");
    }

    @Test
    void mergeKeyWithAListOfMapsMergesEachInOrder() {
        DecodeResult r = yaml("""
                x:
                  - &r {rule: "Host(`r`)"}
                  - &s {service: api, rule: "Host(`ignored`)"}
                http:
                  routers:
                    web:
                      <<: [*r, *s]
                  services:
                    api:
                      loadBalancer:
                        servers:
                          - url: "http://10.0.0.1"
                """);
        // YAML merge spec: earlier maps in the sequence take precedence.
        if (r.config() != null && r.config().http().routers().containsKey("web")) {
            assertThat(r.config().http().routers().get("web").rule()).isEqualTo("Host(`r`)");
            assertThat(r.config().http().routers().get("web").service()).isEqualTo("api");
        }
    }

    @Test
    void undefinedAliasIsALocatedError() {
        DecodeResult r = yaml("http:\n  routers:\n    web: *nowhere\n");
        assertErrorWithLine(r, "dynamic.yml");
    }

    @Test
    void selfReferencingAliasIsAnErrorNotARecursion() {
        DecodeResult r = yaml("http: &h\n  routers:\n    web: *h\n");
        assertThat(r.ok()).isFalse();
    }

    @Test
    void tenMegabyteFileWithOneRouterDecodes() {
        StringBuilder y = new StringBuilder(11 * 1024 * 1024);
        String comment = "# " + "x".repeat(1000) + "\n";
        while (y.length() < 10 * 1024 * 1024) {
            y.append(comment);
        }
        y.append(VALID_YAML);
        DecodeResult r = yaml(y.toString());
        assertOk(r);
        assertThat(r.config().http().routers()).containsOnlyKeys("web");
    }

    @Test
    void tenMegabyteRuleStringIsBelowTheStringLimitAndDecodes() {
        String rule = "Host(`" + "a".repeat(10 * 1024 * 1024) + "`)";
        DecodeResult r = yaml(VALID_YAML.replace("\"Host(`example.com`)\"", "\"" + rule + "\""));
        assertOk(r);
        assertThat(r.config().http().routers().get("web").rule().length()).isEqualTo(rule.length());
    }

    @Test
    void tenThousandRoutersDecodeAndKeepFileOrder() {
        StringBuilder y = new StringBuilder("http:\n  routers:\n");
        for (int i = 0; i < 10_000; i++) {
            y.append("    r").append(i).append(": {rule: \"Path(`/").append(i).append("`)\", service: api}\n");
        }
        y.append("  services:\n    api:\n      loadBalancer:\n        servers:\n          - url: \"http://10.0.0.1\"\n");
        DecodeResult r = yaml(y.toString());
        assertOk(r);
        assertThat(r.config().http().routers()).hasSize(10_000);
        assertThat(r.config().http().routers().keySet().iterator().next()).isEqualTo("r0");
    }

    @Test
    void hundredThousandDeepFlowSequencesAreAnErrorNotAStackOverflow() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        DecodeResult r = yaml("http:\n  routers:\n    web:\n      entryPoints: " + deep + "\n");
        assertThat(r.ok()).isFalse();
    }

    @Test
    void hundredThousandDeepFlowMappingsAreAnErrorNotAStackOverflow() {
        String deep = "{a: ".repeat(100_000) + "b" + "}".repeat(100_000);
        DecodeResult r = yaml("http:\n  middlewares:\n    m: " + deep + "\n");
        assertThat(r.ok()).isFalse();
    }

    @Test
    void fiveThousandDeepBlockMappingsAreAnErrorNotAStackOverflow() {
        // Block indentation grows quadratically; 5,000 levels (12 MB) is well past the 1000 limit.
        StringBuilder y = new StringBuilder("http:\n");
        for (int i = 0; i < 5_000; i++) {
            y.append(" ".repeat(i + 1)).append("k:\n");
        }
        DecodeResult r = yaml(y.toString());
        assertThat(r.ok()).isFalse();
    }

    @Test
    void binaryGarbageIsAnError() {
        byte[] bytes = new byte[64 * 1024];
        new Random(42).nextBytes(bytes);
        DecodeResult r = yaml(new String(bytes, StandardCharsets.ISO_8859_1));
        assertThat(r.ok()).isFalse();
        assertThat(r.errors()).allSatisfy(e -> assertThat(e.location()).isNotNull());
    }

    @Test
    void nulByteInAValueIsALocatedError() {
        DecodeResult r = yaml(VALID_YAML.replace("Host(`example.com`)", "Host(`exa\u0000mple.com`)"));
        assertErrorWithLine(r, "dynamic.yml");
    }

    @Test
    void nulByteInAPlainKeyIsALocatedError() {
        DecodeResult r = yaml(VALID_YAML.replace("    web:", "    we\u0000b:"));
        assertErrorWithLine(r, "dynamic.yml");
    }

    @Test
    void nonUtf8BytesDecodedAsReplacementCharactersDoNotThrow() {
        byte[] bad = "http:\n  routers:\n    w\u00ff\u00feb:\n      rule: x\n".getBytes(StandardCharsets.ISO_8859_1);
        String asUtf8 = new String(bad, StandardCharsets.UTF_8); // U+FFFD where bytes were invalid
        DecodeResult r = yaml(asUtf8);
        // Router has no service: must be an error regardless of the odd name.
        assertThat(r.ok()).isFalse();
    }

    @Test
    void loneSurrogateInAValueDoesNotThrow() {
        DecodeResult r = yaml(VALID_YAML.replace("example.com", "ex\uD800ample.com"));
        assertThat(r).isNotNull();
    }

    @Test
    void javaObjectTagIsNotInstantiatedAndIsAnError() {
        DecodeResult r = yaml("""
                http:
                  routers:
                    web:
                      rule: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL ["http://127.0.0.1:1/"]]]]
                      service: api
                """);
        assertErrorWithLine(r, "dynamic.yml");
    }

    @Test
    void javaObjectTagOnAMapIsAnError() {
        DecodeResult r = yaml("""
                http: !!java/object:java.util.HashMap
                  routers: {}
                """);
        assertErrorWithLine(r, "dynamic.yml");
    }

    @Test
    void pythonTagIsAnError() {
        DecodeResult r = yaml("""
                http:
                  routers:
                    web:
                      rule: !!python/object/apply:os.system ["touch /tmp/pwned"]
                      service: api
                """);
        assertErrorWithLine(r, "dynamic.yml");
    }

    @Test
    void severalDocumentsInOneFileAreAnErrorWithALine() {
        DecodeResult r = yaml(VALID_YAML + "---\n" + VALID_YAML);
        assertErrorWithLine(r, "dynamic.yml");
    }

    @Test
    void emptyAndCommentOnlyFilesAreEmptyConfigurations() {
        assertOk(yaml(""));
        assertOk(yaml("# nothing\n   \n# here\n"));
    }

    @Test
    void aDocumentMarkerAloneIsAnEmptyConfiguration() {
        // "---" starts one empty document: as empty as an empty file, and no "got a string".
        assertOk(yaml("---\n"));
        assertOk(yaml("---\n# only a comment\n"));
    }

    @Test
    void topLevelScalarOrListIsAnError() {
        assertThat(yaml("just a string").ok()).isFalse();
        assertThat(yaml("- http\n- tls\n").ok()).isFalse();
    }

    @Test
    void complexKeyIsAnError() {
        DecodeResult r = yaml("http:\n  routers:\n    ? [a, b]\n    : {rule: x, service: y}\n");
        assertErrorWithLine(r, "dynamic.yml");
    }

    @Test
    void nullKeyDoesNotThrow() {
        DecodeResult r = yaml("http:\n  routers:\n    ~: {rule: \"Host(`a`)\", service: api}\n");
        assertThat(r).isNotNull();
    }
}
