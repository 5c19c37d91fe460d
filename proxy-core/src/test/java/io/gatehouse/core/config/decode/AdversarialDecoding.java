package io.gatehouse.core.config.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.gatehouse.core.config.ConfigError;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Shared helpers for the adversarial decoder tests: decode without letting anything escape. */
final class AdversarialDecoding {

    private AdversarialDecoding() {}

    /** Decodes and turns any escaping Throwable (incl. StackOverflowError, OOM) into a test failure. */
    static DecodeResult decode(String text, Format format, String source) {
        try {
            DecodeResult result = ConfigDecoder.create().decode(text, format, source);
            assertThat(result).as("decode result").isNotNull();
            return result;
        } catch (Throwable t) {
            return fail("decode must not throw, but threw " + t.getClass().getName() + ": " + cap(t.getMessage()));
        }
    }

    static DecodeResult yaml(String text) {
        return decode(text, Format.YAML, "dynamic.yml");
    }

    static DecodeResult toml(String text) {
        return decode(text, Format.TOML, "dynamic.toml");
    }

    static DecodeResult json(String text) {
        return decode(text, Format.JSON, "dynamic.json");
    }

    static DecodeResult labels(Map<String, String> labels) {
        try {
            return FlatKeyDecoder.labels().decode(labels, "container whoami");
        } catch (Throwable t) {
            return fail("label decode must not throw, but threw " + t.getClass().getName() + ": " + cap(t.getMessage()));
        }
    }

    static DecodeResult kv(Map<String, String> pairs) {
        try {
            return FlatKeyDecoder.kv().decode(pairs, "etcd");
        } catch (Throwable t) {
            return fail("kv decode must not throw, but threw " + t.getClass().getName() + ": " + cap(t.getMessage()));
        }
    }

    /** All errors rendered the way a user sees them (location: path: message). */
    static String rendered(List<ConfigError> errors) {
        return cap(errors.stream().map(ConfigError::toString).collect(Collectors.joining("\n")));
    }

    /** The result failed, and at least one error is located in the source at a real line. */
    static void assertErrorWithLine(DecodeResult result, String source) {
        assertThat(result.ok()).as("expected errors, got config %s", cap(result.config())).isFalse();
        assertThat(result.errors()).as(rendered(result.errors()))
                .anySatisfy(e -> {
                    assertThat(e.location()).isNotNull();
                    assertThat(e.location().source()).isEqualTo(source);
                    assertThat(e.location().line()).isPositive();
                    assertThat(e.toString()).contains(source + ":" + e.location().line());
                });
    }

    /** The result failed and some error mentions every fragment (case-insensitive). */
    static void assertErrorMentioning(DecodeResult result, String... fragments) {
        assertThat(result.ok()).as("expected errors, got config %s, warnings %s", cap(result.config()),
                rendered(result.warnings())).isFalse();
        assertThat(result.errors()).as(rendered(result.errors()))
                .anySatisfy(e -> {
                    for (String f : fragments) {
                        assertThat(e.toString()).containsIgnoringCase(f);
                    }
                });
    }

    /** Keeps failure messages small: hostile inputs are megabytes long. */
    static String cap(Object o) {
        String s = String.valueOf(o);
        return s.length() <= 4000 ? s : s.substring(0, 4000) + "...(" + s.length() + " chars)";
    }

    static void assertOk(DecodeResult result) {
        assertThat(result.errors()).as(rendered(result.errors())).isEmpty();
        assertThat(result.ok()).isTrue();
    }

    /** A valid router + service, to embed hostile parts next to. */
    static final String VALID_YAML = """
            http:
              routers:
                web:
                  rule: "Host(`example.com`)"
                  service: api
              services:
                api:
                  loadBalancer:
                    servers:
                      - url: "http://10.0.0.1:8080"
            """;
}
