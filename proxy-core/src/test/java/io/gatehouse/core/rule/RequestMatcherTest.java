package io.gatehouse.core.rule;

import static io.gatehouse.core.rule.Rules.rejects;
import static io.gatehouse.core.rule.Rules.v3;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Method, Header, HeaderRegexp, Query and QueryRegexp. */
class RequestMatcherTest {

    private static final TestRequest REQUEST = TestRequest.to("example.com", "/search");

    @Test
    void methodValueIsUpperCasedAndRequestMethodComparedAsSent() throws Exception {
        assertThat(v3("Method(`OPTIONS`)", REQUEST.method("OPTIONS"))).isTrue();
        assertThat(v3("Method(`get`)", REQUEST.method("GET"))).isTrue();
        assertThat(v3("Method(`GET`)", REQUEST.method("POST"))).isFalse();
        // Traefik compares the request method case-sensitively: a lower-case "get" is another method.
        assertThat(v3("Method(`GET`)", REQUEST.method("get"))).isFalse();
    }

    @Test
    void headerMatchesWhenAnyValueIsEqual() throws Exception {
        String rule = "Header(`Content-Type`, `application/yaml`)";
        assertThat(v3(rule, REQUEST.header("Content-Type", "application/yaml"))).isTrue();
        assertThat(v3(rule, REQUEST.header("content-type", "text/plain", "application/yaml"))).isTrue();
        assertThat(v3(rule, REQUEST.header("Content-Type", "application/yaml; charset=utf-8"))).isFalse();
        assertThat(v3(rule, REQUEST.header("Content-Type", "APPLICATION/YAML"))).isFalse();
        assertThat(v3(rule, REQUEST)).isFalse();
    }

    @Test
    void headerNameIsCaseInsensitive() throws Exception {
        assertThat(v3("Header(`x-api-key`, `k`)", REQUEST.header("X-Api-Key", "k"))).isTrue();
    }

    @Test
    void headerRegexpMatchesWhenAnyValueMatches() throws Exception {
        String rule = "HeaderRegexp(`Content-Type`, `^application/(json|yaml)$`)";
        assertThat(v3(rule, REQUEST.header("Content-Type", "application/json"))).isTrue();
        assertThat(v3(rule, REQUEST.header("Content-Type", "text/html", "application/yaml"))).isTrue();
        assertThat(v3(rule, REQUEST.header("Content-Type", "application/xml"))).isFalse();
        assertThat(v3(rule, REQUEST)).isFalse();
        assertThat(v3("HeaderRegexp(`Content-Type`, `(?i)^application/(json|yaml)$`)",
                REQUEST.header("Content-Type", "Application/JSON"))).isTrue();
        assertThat(v3("HeaderRegexp(`User-Agent`, `curl`)", REQUEST.header("User-Agent", "curl/8.0"))).isTrue();
    }

    @Test
    void queryMatchesWhenSomeValueIsEqual() throws Exception {
        String rule = "Query(`mobile`, `true`)";
        assertThat(v3(rule, REQUEST.query("mobile", "true"))).isTrue();
        assertThat(v3(rule, REQUEST.query("mobile", "false", "true"))).isTrue();
        assertThat(v3(rule, REQUEST.query("mobile", "TRUE"))).isFalse();
        assertThat(v3(rule, REQUEST.query("other", "true"))).isFalse();
        assertThat(v3(rule, REQUEST)).isFalse();
    }

    @Test
    void queryWithOnlyAKeyMatchesTheParameterWithoutValueAsTraefikDoes() throws Exception {
        // Traefik: Query(`mobile`) matches /search?mobile (the parameter with an empty value).
        String rule = "Query(`mobile`)";
        assertThat(v3(rule, REQUEST.query("mobile", ""))).isTrue();
        assertThat(v3(rule, REQUEST.query("mobile"))).isTrue();
        assertThat(v3(rule, REQUEST.query("mobile", "true", ""))).isTrue();
        assertThat(v3(rule, REQUEST.query("mobile", "true"))).isFalse();
        assertThat(v3(rule, REQUEST)).isFalse();
    }

    @Test
    void queryRegexpMatchesWhenSomeValueMatches() throws Exception {
        String rule = "QueryRegexp(`mobile`, `^(true|yes)$`)";
        assertThat(v3(rule, REQUEST.query("mobile", "yes"))).isTrue();
        assertThat(v3(rule, REQUEST.query("mobile", "no", "true"))).isTrue();
        assertThat(v3(rule, REQUEST.query("mobile", "yess"))).isFalse();
        assertThat(v3(rule, REQUEST)).isFalse();
        assertThat(v3("QueryRegexp(`mobile`, `(?i)^(true|yes)$`)", REQUEST.query("mobile", "YES"))).isTrue();
    }

    @Test
    void queryRegexpAnyValueIncludingEmpty() throws Exception {
        String rule = "QueryRegexp(`mobile`, `^.*$`)";
        assertThat(v3(rule, REQUEST.query("mobile", "whatever"))).isTrue();
        assertThat(v3(rule, REQUEST.query("mobile", ""))).isTrue();
        assertThat(v3(rule, REQUEST.query("mobile"))).isTrue();
        assertThat(v3(rule, REQUEST)).isFalse();
    }

    @Test
    void queryRegexpWithOnlyAKeyIsQueryWithOnlyAKey() throws Exception {
        assertThat(v3("QueryRegexp(`mobile`)", REQUEST.query("mobile", ""))).isTrue();
        assertThat(v3("QueryRegexp(`mobile`)", REQUEST.query("mobile", "1"))).isFalse();
    }

    @Test
    void argumentCountsAreChecked() {
        rejects("Header(`X-A`)", 0, "Header").hasMessageContaining("takes 2 arguments, got 1");
        rejects("HeaderRegexp(`X`, `a`, `b`)", 0, "HeaderRegexp").hasMessageContaining("takes 2 arguments, got 3");
        rejects("Query(`a`, `b`, `c`)", 0, "Query").hasMessageContaining("takes 1 or 2 arguments, got 3");
        rejects("QueryRegexp(`a`, `b`, `c`)", 0, "QueryRegexp").hasMessageContaining("takes 1 or 2 arguments");
        rejects("Method(`GET`, `POST`)", 0, "Method").hasMessageContaining("takes 1 argument, got 2");
        rejects("Path(`/a`) && Host(`a`, `b`)", 14, "Host").hasMessageContaining("takes 1 argument, got 2");
        rejects("PathPrefix()", 0, "PathPrefix").hasMessageContaining("has no value");
        rejects("ClientIP(`1.2.3.4`, `::1`)", 0, "ClientIP").hasMessageContaining("takes 1 argument");
    }

    @Test
    void emptyValuesAreRefusedAsTraefikDoes() {
        rejects("Header(`X-A`, ``)", 14, "``").hasMessageContaining("empty value for matcher 'Header'");
        rejects("Query(`k`, \"\")", 11, "\"\"").hasMessageContaining("empty value");
        rejects("Method(``)", 7, "``").hasMessageContaining("empty value");
    }
}
