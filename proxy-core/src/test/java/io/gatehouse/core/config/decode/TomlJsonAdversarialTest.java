package io.gatehouse.core.config.decode;

import static io.gatehouse.core.config.decode.AdversarialDecoding.assertErrorMentioning;
import static io.gatehouse.core.config.decode.AdversarialDecoding.assertErrorWithLine;
import static io.gatehouse.core.config.decode.AdversarialDecoding.assertOk;
import static io.gatehouse.core.config.decode.AdversarialDecoding.json;
import static io.gatehouse.core.config.decode.AdversarialDecoding.rendered;
import static io.gatehouse.core.config.decode.AdversarialDecoding.toml;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Hostile TOML and JSON: errors with a location, never a throw. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TomlJsonAdversarialTest {

    static final String VALID_TOML = """
            [http.routers.web]
            rule = "Host(`example.com`)"
            service = "api"

            [[http.services.api.loadBalancer.servers]]
            url = "http://10.0.0.1:8080"
            """;

    static final String VALID_JSON = """
            {
              "http": {
                "routers": {"web": {"rule": "Host(`example.com`)", "service": "api"}},
                "services": {"api": {"loadBalancer": {"servers": [{"url": "http://10.0.0.1:8080"}]}}}
              }
            }
            """;

    // ---- TOML ----

    @Test
    void tomlValidBaselineDecodes() {
        assertOk(toml(VALID_TOML));
    }

    @Test
    void tomlTruncatedTableHeaderIsALocatedError() {
        DecodeResult r = toml("[http.routers.web\nrule = \"x\"\n");
        assertErrorWithLine(r, "dynamic.toml");
    }

    @Test
    void tomlTruncatedStringIsALocatedError() {
        DecodeResult r = toml("[http.routers.web]\nrule = \"Host(`a`)\nservice = \"api\"\n");
        assertErrorWithLine(r, "dynamic.toml");
    }

    @Test
    void tomlDuplicateKeyIsAnErrorWithALine() {
        DecodeResult r = toml("[http.routers.web]\nrule = \"a\"\nrule = \"b\"\nservice = \"api\"\n");
        assertErrorWithLine(r, "dynamic.toml");
    }

    @Test
    void tomlKeysDifferingOnlyInCaseAreADuplicateError() {
        DecodeResult r = toml("[http.routers.web]\nrule = \"Host(`a`)\"\nRULE = \"Host(`b`)\"\nservice = \"api\"\n");
        assertThat(r.ok()).isFalse();
        assertThat(r.errors()).anySatisfy(e -> assertThat(e.toString()).containsAnyOf("duplicate", "given twice"));
    }

    @Test
    void tomlTableRedefinedIsAnError() {
        DecodeResult r = toml(VALID_TOML + "\n[http.routers.web]\npriority = 3\n");
        assertErrorWithLine(r, "dynamic.toml");
    }

    @Test
    void tomlHundredThousandDeepArraysAreAnErrorNotAStackOverflow() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        DecodeResult r = toml("[http.routers.web]\nentryPoints = " + deep + "\n");
        assertThat(r.ok()).isFalse();
    }

    @Test
    void tomlHundredThousandDeepInlineTablesAreAnErrorNotAStackOverflow() {
        String deep = "{a = ".repeat(100_000) + "1" + "}".repeat(100_000);
        DecodeResult r = toml("[http.middlewares]\nm = " + deep + "\n");
        assertThat(r.ok()).isFalse();
    }

    @Test
    void tomlHugeIntegerPriorityIsAnErrorAtThePath() {
        DecodeResult r = toml("[http.routers.web]\nrule = \"Host(`a`)\"\nservice = \"api\"\npriority = 99999999999999999999999999\n");
        assertErrorMentioning(r, "priority");
    }

    @Test
    void tomlInfAndNanWeightsAreErrors() {
        assertErrorMentioning(toml(VALID_TOML + "weight = inf\n"), "weight");
        assertErrorMentioning(toml(VALID_TOML + "weight = nan\n"), "weight");
    }

    @Test
    void tomlBinaryGarbageIsAnError() {
        byte[] bytes = new byte[64 * 1024];
        new Random(7).nextBytes(bytes);
        DecodeResult r = toml(new String(bytes, StandardCharsets.ISO_8859_1));
        assertThat(r.ok()).isFalse();
    }

    @Test
    void tomlNulByteIsAnError() {
        DecodeResult r = toml(VALID_TOML.replace("example.com", "exa\u0000mple.com"));
        assertThat(r.ok()).as(rendered(r.errors())).isFalse();
    }

    @Test
    void tomlErrorsOfTheBinderCarryALine() {
        DecodeResult r = toml("[http.routers.web]\nrule = \"Host(`a`)\"\nservice = \"api\"\npriority = \"high\"\n");
        assertErrorMentioning(r, "http.routers.web.priority");
        assertErrorWithLine(r, "dynamic.toml");
        assertThat(r.errors()).anySatisfy(e -> assertThat(e.location().line()).isEqualTo(4));
    }

    @Test
    void tomlDatetimeWhereAStringIsExpectedIsATypeErrorOrText() {
        DecodeResult r = toml("[http.routers.web]\nrule = 1979-05-27T07:32:00Z\nservice = \"api\"\n");
        assertThat(r).isNotNull();
    }

    // ---- JSON ----

    @Test
    void jsonValidBaselineDecodes() {
        assertOk(json(VALID_JSON));
    }

    @Test
    void jsonTruncatedIsALocatedError() {
        DecodeResult r = json(VALID_JSON.substring(0, VALID_JSON.length() / 2));
        assertErrorWithLine(r, "dynamic.json");
    }

    @Test
    void jsonTrailingCommaIsALocatedError() {
        DecodeResult r = json("{\"http\": {\"routers\": {\"web\": {\"rule\": \"Host(`a`)\", \"service\": \"api\",}}}}");
        assertErrorWithLine(r, "dynamic.json");
    }

    @Test
    void jsonTrailingCommaInAnArrayIsALocatedError() {
        DecodeResult r = json("{\"http\": {\"routers\": {\"web\": {\"rule\": \"Host(`a`)\", \"service\": \"api\", \"entryPoints\": [\"web\",]}}}}");
        assertErrorWithLine(r, "dynamic.json");
    }

    @Test
    void jsonCommentsAreAnError() {
        DecodeResult r = json("// routers\n" + VALID_JSON);
        assertErrorWithLine(r, "dynamic.json");
        DecodeResult block = json("/* routers */" + VALID_JSON);
        assertErrorWithLine(block, "dynamic.json");
    }

    @Test
    void jsonDuplicateKeyIsAnErrorWithLineAndColumn() {
        DecodeResult r = json("{\"http\": {\"routers\": {\n\"web\": {\"rule\": \"a\", \"service\": \"api\"},\n\"web\": {\"rule\": \"b\", \"service\": \"api\"}}}}");
        assertErrorMentioning(r, "duplicate", "web");
        assertThat(r.errors()).anySatisfy(e -> {
            assertThat(e.location().line()).isEqualTo(3);
            assertThat(e.location().column()).isPositive();
        });
    }

    @Test
    void jsonHundredThousandDeepArraysAreAnErrorNotAStackOverflow() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        DecodeResult r = json("{\"http\": {\"routers\": {\"web\": {\"entryPoints\": " + deep + "}}}}");
        assertThat(r.ok()).isFalse();
    }

    @Test
    void jsonHundredThousandDeepObjectsAreAnErrorNotAStackOverflow() {
        String deep = "{\"a\":".repeat(100_000) + "1" + "}".repeat(100_000);
        DecodeResult r = json("{\"http\": {\"middlewares\": {\"m\": " + deep + "}}}");
        assertThat(r.ok()).isFalse();
    }

    @Test
    void jsonNumberBeyondDoubleIsAnError() {
        DecodeResult r = json(VALID_JSON.replace("\"url\": \"http://10.0.0.1:8080\"", "\"url\": \"http://10.0.0.1:8080\", \"weight\": 1e309"));
        assertErrorMentioning(r, "weight");
    }

    @Test
    void jsonHugeIntegerPriorityIsAnError() {
        DecodeResult r = json(VALID_JSON.replace("\"service\": \"api\"}", "\"service\": \"api\", \"priority\": 123456789012345678901234567890}"));
        assertErrorMentioning(r, "priority");
    }

    @Test
    void jsonNanLiteralIsAnError() {
        DecodeResult r = json(VALID_JSON.replace("\"service\": \"api\"}", "\"service\": \"api\", \"priority\": NaN}"));
        assertThat(r.ok()).isFalse();
    }

    @Test
    void jsonThousandDigitNumberDoesNotHang() {
        DecodeResult r = json(VALID_JSON.replace("\"service\": \"api\"}", "\"service\": \"api\", \"priority\": " + "9".repeat(100_000) + "}"));
        assertThat(r.ok()).isFalse();
    }

    @Test
    void jsonTopLevelArrayOrScalarIsAnError() {
        assertThat(json("[]").ok()).isFalse();
        assertThat(json("42").ok()).isFalse();
        assertThat(json("\"http\"").ok()).isFalse();
    }

    @Test
    void jsonTrailingGarbageAfterTheDocumentIsAnError() {
        DecodeResult r = json(VALID_JSON + "{}");
        assertErrorWithLine(r, "dynamic.json");
    }

    @Test
    void jsonSingleQuotesAndUnquotedKeysAreErrors() {
        assertThat(json("{'http': {}}").ok()).isFalse();
        assertThat(json("{http: {}}").ok()).isFalse();
    }

    @Test
    void jsonNulInsideAStringIsAnError() {
        // RFC 8259: control characters must be escaped in strings.
        DecodeResult r = json(VALID_JSON.replace("example.com", "exa\u0000mple.com"));
        assertErrorWithLine(r, "dynamic.json");
    }

    @Test
    void jsonBinaryGarbageIsAnError() {
        byte[] bytes = new byte[64 * 1024];
        new Random(9).nextBytes(bytes);
        assertThat(json(new String(bytes, StandardCharsets.ISO_8859_1)).ok()).isFalse();
    }

    @Test
    void jsonEmptyDocumentIsEmptyConfiguration() {
        assertOk(json(""));
        assertOk(json("{}"));
    }
    @Test
    void tomlErrorInTheSecondArrayTableItemPointsAtItsLine() {
        DecodeResult r = toml(VALID_TOML + "\n[[http.services.api.loadBalancer.servers]]\nurl = \"not a url\"\n");
        assertErrorMentioning(r, "servers[1].url");
        assertThat(r.errors()).anySatisfy(e -> assertThat(e.location().line()).isEqualTo(9));
    }

    @Test
    void jsonBinderErrorsCarryLineAndColumn() {
        DecodeResult r = json("{\"http\": {\"routers\": {\"web\": {\n  \"rule\": \"Host(`a`)\", \"service\": \"api\",\n  \"priority\": \"high\"}}}}");
        assertThat(r.errors()).anySatisfy(e -> {
            assertThat(e.path()).isEqualTo("http.routers.web.priority");
            assertThat(e.location().line()).isEqualTo(3);
            assertThat(e.location().column()).isPositive();
        });
    }
}
