package io.gatehouse.core.rule;

import static io.gatehouse.core.rule.Rules.rejects;
import static io.gatehouse.core.rule.Rules.v2;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Traefik's v2 rule syntax, still accepted by Traefik 3 with {@code ruleSyntax: v2}. */
class V2SyntaxTest {

    private static final RuleSyntax V2 = RuleSyntax.V2;

    @Test
    void hostTakesSeveralValues() throws Exception {
        String rule = "Host(`example.com`, `Example.org.`)";
        assertThat(v2(rule, TestRequest.host("example.com"))).isTrue();
        assertThat(v2(rule, TestRequest.host("example.org"))).isTrue();
        assertThat(v2(rule, TestRequest.host("example.net"))).isFalse();
    }

    @Test
    void hostHeaderIsHost() throws Exception {
        assertThat(v2("HostHeader(`example.com`)", TestRequest.host("example.com"))).isTrue();
        assertThat(v2("HostHeader(`example.com`)", TestRequest.host("a.example.com"))).isFalse();
    }

    @Test
    void hostHasNoWildcardsInV2() throws Exception {
        assertThat(v2("Host(`*.example.com`)", TestRequest.host("a.example.com"))).isFalse();
    }

    @Test
    void hostRegexpIsAMuxTemplateAnchoredAtBothEnds() throws Exception {
        // Traefik documentation: HostRegexp(`{subdomain:[a-z]+}.traefik.com`)
        String rule = "HostRegexp(`{subdomain:[a-z]+}.traefik.com`)";
        assertThat(v2(rule, TestRequest.host("foo.traefik.com"))).isTrue();
        assertThat(v2(rule, TestRequest.host("foo1.traefik.com"))).isFalse();
        assertThat(v2(rule, TestRequest.host("a.foo.traefik.com"))).isFalse();
        assertThat(v2(rule, TestRequest.host("fooxtraefik.com"))).isFalse(); // the '.' is literal
        assertThat(v2(rule, TestRequest.host("foo.traefik.com.evil"))).isFalse();
    }

    @Test
    void hostRegexpPlaceholderWithoutPatternIsOneLabel() throws Exception {
        String rule = "HostRegexp(`{sub}.example.com`, `example.com`)";
        assertThat(v2(rule, TestRequest.host("a-b.example.com"))).isTrue();
        assertThat(v2(rule, TestRequest.host("example.com"))).isTrue();
        assertThat(v2(rule, TestRequest.host("a.b.example.com"))).isFalse();
        assertThat(v2("HostRegexp(`{host:.+}`)", TestRequest.host("any.thing"))).isTrue();
    }

    @Test
    void pathTemplates() throws Exception {
        String rule = "Path(`/users/{id:[0-9]+}`)";
        assertThat(v2(rule, TestRequest.path("/users/42"))).isTrue();
        assertThat(v2(rule, TestRequest.path("/users/42/x"))).isFalse();
        assertThat(v2(rule, TestRequest.path("/users/abc"))).isFalse();
        assertThat(v2("Path(`/users/{name}`)", TestRequest.path("/users/bob"))).isTrue();
        assertThat(v2("Path(`/users/{name}`)", TestRequest.path("/users/bob/x"))).isFalse();
        assertThat(v2("Path(`/code/{c:[0-9]{3}}`)", TestRequest.path("/code/404"))).isTrue();
        assertThat(v2("Path(`/code/{c:[0-9]{3}}`)", TestRequest.path("/code/4040"))).isFalse();
    }

    @Test
    void pathPrefixTemplatesAreAnchoredOnlyAtTheStart() throws Exception {
        String rule = "PathPrefix(`/api/{version:v[0-9]+}`)";
        assertThat(v2(rule, TestRequest.path("/api/v2/users"))).isTrue();
        assertThat(v2(rule, TestRequest.path("/api/v2"))).isTrue();
        assertThat(v2(rule, TestRequest.path("/x/api/v2"))).isFalse();
        assertThat(v2(rule, TestRequest.path("/api/beta"))).isFalse();
    }

    @Test
    void pathAndPathPrefixTakeSeveralValues() throws Exception {
        String rule = "PathPrefix(`/api`, `/admin`)";
        assertThat(v2(rule, TestRequest.path("/api/x"))).isTrue();
        assertThat(v2(rule, TestRequest.path("/admin"))).isTrue();
        assertThat(v2(rule, TestRequest.path("/web"))).isFalse();
        assertThat(v2("Path(`/a`, `/b`)", TestRequest.path("/b"))).isTrue();
        assertThat(v2("Path(`/a`, `/b`)", TestRequest.path("/b/"))).isFalse();
    }

    @Test
    void literalTemplateTextIsQuoted() throws Exception {
        assertThat(v2("Path(`/a.b/{x}`)", TestRequest.path("/a.b/1"))).isTrue();
        assertThat(v2("Path(`/a.b/{x}`)", TestRequest.path("/axb/1"))).isFalse();
    }

    @Test
    void methodTakesSeveralValues() throws Exception {
        String rule = "Method(`GET`, `post`)";
        assertThat(v2(rule, TestRequest.path("/").method("POST"))).isTrue();
        assertThat(v2(rule, TestRequest.path("/").method("GET"))).isTrue();
        assertThat(v2(rule, TestRequest.path("/").method("PUT"))).isFalse();
    }

    @Test
    void headersAndHeadersRegexpTakePairsThatMustAllMatch() throws Exception {
        TestRequest request = TestRequest.path("/").header("X-A", "1").header("X-B", "two");
        assertThat(v2("Headers(`X-A`, `1`)", request)).isTrue();
        assertThat(v2("Headers(`X-A`, `1`, `X-B`, `two`)", request)).isTrue();
        assertThat(v2("Headers(`X-A`, `1`, `X-B`, `three`)", request)).isFalse();
        assertThat(v2("HeadersRegexp(`X-B`, `^t`)", request)).isTrue();
        assertThat(v2("HeadersRegexp(`X-B`, `w`)", request)).isTrue(); // unanchored
        assertThat(v2("HeadersRegexp(`X-B`, `^w`)", request)).isFalse();
        rejects("Headers(`X-A`)", V2, 0, "Headers").hasMessageContaining("name/value pairs");
        rejects("HeadersRegexp(`X-A`, `a`, `X-B`)", V2, 0, "HeadersRegexp").hasMessageContaining("pairs");
    }

    @Test
    void queryTakesKeyEqualsValuePairs() throws Exception {
        TestRequest request = TestRequest.path("/").query("mobile", "true").query("lang", "en");
        assertThat(v2("Query(`mobile=true`)", request)).isTrue();
        assertThat(v2("Query(`mobile=false`)", request)).isFalse();
        assertThat(v2("Query(`mobile=true`, `lang=en`)", request)).isTrue();
        assertThat(v2("Query(`mobile=true`, `lang=fr`)", request)).isFalse();
        assertThat(v2("Query(`absent=1`)", request)).isFalse();
    }

    @Test
    void queryWithEmptyValueMatchesAnyValue() throws Exception {
        assertThat(v2("Query(`mobile=`)", TestRequest.path("/").query("mobile", "whatever"))).isTrue();
        assertThat(v2("Query(`mobile=`)", TestRequest.path("/").query("mobile", ""))).isTrue();
        assertThat(v2("Query(`mobile=`)", TestRequest.path("/").query("mobile"))).isTrue();
        assertThat(v2("Query(`mobile=`)", TestRequest.path("/"))).isFalse();
    }

    @Test
    void queryValueTemplatesAndFirstValueOnly() throws Exception {
        assertThat(v2("Query(`id={id:[0-9]+}`)", TestRequest.path("/").query("id", "42"))).isTrue();
        assertThat(v2("Query(`id={id:[0-9]+}`)", TestRequest.path("/").query("id", "4x"))).isFalse();
        // gorilla/mux tests only the first value of the parameter
        assertThat(v2("Query(`id=2`)", TestRequest.path("/").query("id", "1", "2"))).isFalse();
        assertThat(v2("Query(`id=1`)", TestRequest.path("/").query("id", "1", "2"))).isTrue();
    }

    @Test
    void queryPiecesArePairedAsMuxQueriesDoes() throws Exception {
        // Each argument splits at its first '='; the pieces pair up: (`a`, `b`) is a=b.
        assertThat(v2("Query(`a`, `b`)", TestRequest.path("/").query("a", "b"))).isTrue();
        assertThat(v2("Query(`eq=a=b`)", TestRequest.path("/").query("eq", "a=b"))).isTrue();
        rejects("Query(`mobile`)", V2, 6, "`mobile`").hasMessageContaining("key=value pairs");
        rejects("Query(`a=1`, `b`)", V2, 13, "`b`").hasMessageContaining("key=value pairs");
        rejects("Query(`{k}=1`)", V2, 6, "`{k}=1`").hasMessageContaining("placeholders are not supported");
    }

    @Test
    void combinedWithOperators() throws Exception {
        String rule = "Host(`a.com`, `b.com`) && (PathPrefix(`/api`) || Method(`POST`)) && !Headers(`X-Block`, `1`)";
        assertThat(v2(rule, TestRequest.to("b.com", "/api/x"))).isTrue();
        assertThat(v2(rule, TestRequest.to("b.com", "/web").method("POST"))).isTrue();
        assertThat(v2(rule, TestRequest.to("b.com", "/api/x").header("X-Block", "1"))).isFalse();
        assertThat(v2(rule, TestRequest.to("c.com", "/api/x"))).isFalse();
    }

    @Test
    void v3OnlyMatchersAreUnknownInV2() {
        rejects("QueryRegexp(`a`, `b`)", V2, 0, "QueryRegexp")
                .hasMessageContaining("unknown matcher 'QueryRegexp'")
                .hasMessageContaining("other rule syntax")
                .hasMessageContaining("known matchers: ClientIP, Headers, HeadersRegexp, Host, HostHeader, "
                        + "HostRegexp, Method, Path, PathPrefix, Query");
        rejects("Header(`a`, `b`)", V2, 0, "Header").hasMessageContaining("unknown matcher");
        rejects("PathRegexp(`a`)", V2, 0, "PathRegexp").hasMessageContaining("unknown matcher");
    }

    @Test
    void v2OnlyMatchersAreUnknownInV3() {
        rejects("Headers(`a`, `b`)", 0, "Headers").hasMessageContaining("other rule syntax");
        rejects("HostHeader(`a`)", 0, "HostHeader").hasMessageContaining("unknown matcher");
        rejects("Host(`a`) || HeadersRegexp(`a`, `b`)", 13, "HeadersRegexp").hasMessageContaining("unknown matcher");
    }

    @Test
    void badTemplatesAreRefused() {
        rejects("Path(`/a/{id`)", V2, 5, "`/a/{id`").hasMessageContaining("unbalanced braces");
        rejects("Path(`/a/id}`)", V2, 5, "`/a/id}`").hasMessageContaining("unbalanced braces");
        rejects("Path(`/a/{:[0-9]+}`)", V2, 5, "`/a/{:[0-9]+}`").hasMessageContaining("missing name or pattern");
        rejects("Path(`/a/{id:}`)", V2, 5, "`/a/{id:}`").hasMessageContaining("missing name or pattern");
        rejects("HostRegexp(`{sub:(}.a.com`)", V2, 11, "`{sub:(}.a.com`").hasMessageContaining("invalid pattern");
        rejects("Path(`users`)", V2, 5, "`users`").hasMessageContaining("does not start with '/'");
        rejects("Host(`bücher.de`)", V2, 5, "`bücher.de`").hasMessageContaining("non-ASCII");
        rejects("HostRegexp(`{s}.bücher.de`)", V2, 11, "`{s}.bücher.de`").hasMessageContaining("non-ASCII");
        rejects("Host()", V2, 0, "Host").hasMessageContaining("has no value");
        rejects("Path(`/a`, ``)", V2, 11, "``").hasMessageContaining("empty value");
    }

    @Test
    void aGroupPatternThatWouldLeakWithoutWrappingStaysInsideItsPlaceholder() throws Exception {
        // {x:a|b} must mean /p/(a|b)$, not /p/a|b$
        String rule = "Path(`/p/{x:a|b}`)";
        assertThat(v2(rule, TestRequest.path("/p/a"))).isTrue();
        assertThat(v2(rule, TestRequest.path("/zzz/b"))).isFalse();
    }
}
