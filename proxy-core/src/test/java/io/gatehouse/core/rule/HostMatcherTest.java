package io.gatehouse.core.rule;

import static io.gatehouse.core.rule.Rules.rejects;
import static io.gatehouse.core.rule.Rules.v3;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HostMatcherTest {

    @Test
    void matchesTheExactHost() throws Exception {
        assertThat(v3("Host(`example.com`)", TestRequest.host("example.com"))).isTrue();
        assertThat(v3("Host(`example.com`)", TestRequest.host("www.example.com"))).isFalse();
        assertThat(v3("Host(`example.com`)", TestRequest.host("example.co"))).isFalse();
        assertThat(v3("Host(`example.com`)", TestRequest.host(""))).isFalse();
    }

    @Test
    void valueIsLowerCasedWhenParsed() throws Exception {
        // Request hosts arrive lower-cased (MatchInput contract); the rule value is lower-cased once.
        assertThat(v3("Host(`EXAMPLE.Com`)", TestRequest.host("example.com"))).isTrue();
    }

    @Test
    void trailingDotOfTheValueIsTolerated() throws Exception {
        assertThat(v3("Host(`example.com.`)", TestRequest.host("example.com"))).isTrue();
    }

    @Test
    void portInTheValueNeverMatchesAPortStrippedHost() throws Exception {
        assertThat(v3("Host(`example.com:8080`)", TestRequest.host("example.com"))).isFalse();
    }

    @Test
    void wildcardMatchesExactlyOneExtraLabel() throws Exception {
        String rule = "Host(`*.example.com`)";
        assertThat(v3(rule, TestRequest.host("foo.example.com"))).isTrue();
        assertThat(v3(rule, TestRequest.host("x.example.com"))).isTrue();
        assertThat(v3(rule, TestRequest.host("foo.bar.example.com"))).isFalse();
        assertThat(v3(rule, TestRequest.host("example.com"))).isFalse();
        assertThat(v3(rule, TestRequest.host(".example.com"))).isFalse();
        assertThat(v3(rule, TestRequest.host("fooexample.com"))).isFalse();
        assertThat(v3(rule, TestRequest.host("foo.example.org"))).isFalse();
        assertThat(v3("Host(`*.Example.COM.`)", TestRequest.host("a.example.com"))).isTrue();
    }

    @Test
    void starAloneMatchesEveryHost() throws Exception {
        assertThat(v3("Host(`*`)", TestRequest.host("anything.at.all"))).isTrue();
        assertThat(v3("Host(`*`)", TestRequest.host(""))).isTrue();
    }

    @Test
    void otherWildcardsAreRefused() {
        rejects("Host(`foo.*.com`)", 5, "`foo.*.com`").hasMessageContaining("invalid wildcard");
        rejects("Host(`**.example.com`)", 5, "`**.example.com`").hasMessageContaining("invalid wildcard");
        rejects("Host(`f*.example.com`)", 5, "`f*.example.com`");
    }

    @Test
    void nonAsciiValueIsRefused() {
        rejects("Host(`bücher.example`)", 5, "`bücher.example`")
                .hasMessageContaining("non-ASCII characters are not allowed")
                .hasMessageContaining("punycode");
        rejects("HostRegexp(`bücher`)", 11, "`bücher`").hasMessageContaining("non-ASCII");
    }

    @Test
    void emptyValueIsRefused() {
        rejects("Host(``)", 5, "``").hasMessageContaining("empty value");
        rejects("Host(`.`)", 5, "`.`").hasMessageContaining("empty host");
    }

    @Test
    void punycodeValueMatches() throws Exception {
        assertThat(v3("Host(`xn--bcher-kva.example`)", TestRequest.host("xn--bcher-kva.example"))).isTrue();
    }

    @Test
    void hostRegexpIsUnanchoredAsGosMatchString() throws Exception {
        assertThat(v3("HostRegexp(`example`)", TestRequest.host("www.example.com"))).isTrue();
        assertThat(v3("HostRegexp(`^example\\.(com|org)$`)", TestRequest.host("example.org"))).isTrue();
        assertThat(v3("HostRegexp(`^example\\.(com|org)$`)", TestRequest.host("www.example.org"))).isFalse();
        // Traefik documentation: any subdomain of example.com
        assertThat(v3("HostRegexp(`^.+\\.example\\.com$`)", TestRequest.host("a.b.example.com"))).isTrue();
        assertThat(v3("HostRegexp(`^.+\\.example\\.com$`)", TestRequest.host("example.com"))).isFalse();
    }

    @Test
    void hostRegexpSeesTheLowerCasedHost() throws Exception {
        assertThat(v3("HostRegexp(`(?i)^EXAMPLE\\.(com|org)$`)", TestRequest.host("example.com"))).isTrue();
        assertThat(v3("HostRegexp(`^EXAMPLE`)", TestRequest.host("example.com"))).isFalse();
    }

    @Test
    void inV3BracePlaceholdersAreRegexSyntaxNotTemplates() throws Exception {
        // {sub:[a-z]+} is not a template in v3: RE2 reads '{' literally here, so it cannot match a real host
        assertThat(v3("HostRegexp(`{sub:[a-z]+}.example.com`)", TestRequest.host("foo.example.com"))).isFalse();
        assertThat(v3("Path(`/users/{id}`)", TestRequest.path("/users/{id}"))).isTrue();
        assertThat(v3("Path(`/users/{id}`)", TestRequest.path("/users/42"))).isFalse();
    }
}
