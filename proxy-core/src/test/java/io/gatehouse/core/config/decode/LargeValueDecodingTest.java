package io.gatehouse.core.config.decode;

import static io.gatehouse.core.config.decode.AdversarialDecoding.assertOk;
import static io.gatehouse.core.config.decode.AdversarialDecoding.labels;
import static io.gatehouse.core.config.decode.AdversarialDecoding.toml;
import static io.gatehouse.core.config.decode.AdversarialDecoding.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One 10 MB value in every text form the decoders read. SnakeYAML's reader copied its whole window
 * every 1,024 characters of a scalar (quadratic: minutes for 10 MB); these must finish well inside the
 * generous timeout, which only guards against that regression coming back, not a speed target.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LargeValueDecodingTest {

    private static final int TEN_MB = 10 * 1024 * 1024;
    private static final String HOST = "a".repeat(TEN_MB);
    private static final String RULE = "Host(`" + HOST + "`)";

    private static String yamlWithRule(String ruleLine) {
        return "http:\n  routers:\n    web:\n" + ruleLine + "      service: api\n"
                + "  services:\n    api:\n      loadBalancer:\n        servers:\n          - url: \"http://10.0.0.1\"\n";
    }

    private static void assertRule(DecodeResult r, String expected) {
        assertOk(r);
        String rule = r.config().http().routers().get("web").rule();
        assertThat(rule.length()).isEqualTo(expected.length());
        assertThat(rule).isEqualTo(expected);
    }

    @Test
    void tenMegabytePlainScalarDecodes() {
        assertRule(yaml(yamlWithRule("      rule: " + RULE + "\n")), RULE);
    }

    @Test
    void tenMegabyteSingleQuotedScalarDecodes() {
        assertRule(yaml(yamlWithRule("      rule: '" + RULE + "'\n")), RULE);
    }

    @Test
    void tenMegabyteDoubleQuotedScalarWithEscapesDecodes() {
        // Escapes split the scalar into chunks; the long runs between them must still be read linearly.
        String escaped = "Host(`" + HOST + "\\u0062" + HOST.substring(1) + "`)";
        String expected = "Host(`" + HOST + "b" + HOST.substring(1) + "`)";
        assertRule(yaml(yamlWithRule("      rule: \"" + escaped + "\"\n")), expected);
    }

    @Test
    void tenMegabyteLiteralBlockScalarDecodes() {
        assertRule(yaml(yamlWithRule("      rule: |-\n        " + RULE + "\n")), RULE);
    }

    @Test
    void tenMegabyteValueAfterNonAsciiTextKeepsEveryCodePoint() {
        // Supplementary characters (surrogate pairs) land on chunk boundaries somewhere in 10 MB.
        String rule = "Host(`" + "\uD83D\uDE00".repeat(TEN_MB / 4) + "é".repeat(1000) + "`)";
        assertRule(yaml(yamlWithRule("      rule: \"" + rule + "\"\n")), rule);
    }

    @Test
    void nonPrintableCharacterAfterTenMegabytesIsStillACheckedError() {
        // The reader validates each chunk as it reads it; the check must not be lost after the window has grown.
        DecodeResult r = yaml(yamlWithRule("      rule: \"" + RULE + "\"\n") + "# \u0007\n");
        assertThat(r.ok()).isFalse();
        assertThat(r.errors()).anySatisfy(e -> assertThat(e.toString())
                .contains("malformed YAML").contains("special characters are not allowed"));
    }

    @Test
    void tenMegabyteTomlStringDecodes() {
        String toml = "[http.routers.web]\nrule = \"" + RULE + "\"\nservice = \"api\"\n"
                + "[[http.services.api.loadBalancer.servers]]\nurl = \"http://10.0.0.1\"\n";
        assertRule(toml(toml), RULE);
    }

    @Test
    void tenMegabyteLabelValueDecodes() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("traefik.http.routers.web.rule", RULE);
        labels.put("traefik.http.routers.web.service", "api");
        labels.put("traefik.http.services.api.loadbalancer.server.url", "http://10.0.0.1");
        assertRule(labels(labels), RULE);
    }
}
