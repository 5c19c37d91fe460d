package io.gatehouse.core.rule;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class HostScopeTest {

    private static HostScope v3(String rule) throws RuleSyntaxException {
        return RuleParser.parse(rule).hosts();
    }

    private static HostScope v2(String rule) throws RuleSyntaxException {
        return RuleParser.parse(rule, RuleSyntax.V2).hosts();
    }

    @Test
    void hostGivesExactLowerCasedHost() throws Exception {
        assertThat(v3("Host(`Example.COM.`)")).isEqualTo(HostScope.of(Set.of("example.com"), Set.of()));
    }

    /** The scope is spelled as the rule compares: the route table looks requests up by these strings. */
    @Test
    void hostsAreCanonicalOnceAsRequestHostsAre() throws Exception {
        assertThat(v3("Host(`[2001:DB8::1]`)")).isEqualTo(HostScope.of(Set.of("2001:db8::1"), Set.of()));
        assertThat(v3("Host(`[::1].`)")).isEqualTo(HostScope.of(Set.of("::1"), Set.of()));
        assertThat(v3("Host(`x..`)")).isEqualTo(HostScope.of(Set.of("x."), Set.of())); // one dot removed, not two
        assertThat(v3("Host(`[]`)")).isEqualTo(HostScope.of(Set.of("[]"), Set.of()));
        assertThat(v2("Host(`[::1]`, `A.b.`)")).isEqualTo(HostScope.of(Set.of("::1", "a.b"), Set.of()));
        MatchInput ipv6 = TestRequest.host("::1");
        assertThat(RuleParser.parse("Host(`[::1]`)").rule().matches(ipv6)).isTrue();
        assertThat(RuleParser.parse("Host(`::1`)").rule().matches(ipv6)).isTrue();
    }

    @Test
    void wildcardHostGivesSuffix() throws Exception {
        assertThat(v3("Host(`*.example.com`)")).isEqualTo(HostScope.of(Set.of(), Set.of("example.com")));
    }

    @Test
    void unrestrictedMatchersGiveAny() throws Exception {
        assertThat(v3("Host(`*`)")).isEqualTo(HostScope.ANY);
        assertThat(v3("HostRegexp(`^a\\.com$`)")).isEqualTo(HostScope.ANY);
        assertThat(v3("PathPrefix(`/`)")).isEqualTo(HostScope.ANY);
        assertThat(v3("!Host(`a.com`)")).isEqualTo(HostScope.ANY);
        assertThat(v3("!!Host(`a.com`)")).isEqualTo(HostScope.ANY);
    }

    @Test
    void andKeepsARestrictedSide() throws Exception {
        assertThat(v3("Host(`a.com`) && Path(`/x`)")).isEqualTo(HostScope.of(Set.of("a.com"), Set.of()));
        assertThat(v3("Path(`/x`) && Host(`a.com`)")).isEqualTo(HostScope.of(Set.of("a.com"), Set.of()));
        assertThat(v3("Path(`/x`) && Method(`GET`)")).isEqualTo(HostScope.ANY);
        assertThat(v3("(Host(`a.com`) || Host(`b.com`)) && Host(`a.com`)"))
                .isEqualTo(HostScope.of(Set.of("a.com"), Set.of()));
    }

    @Test
    void orUnitesRestrictedSidesOrGivesAny() throws Exception {
        assertThat(v3("Host(`a.com`) || Host(`*.b.com`) || Host(`c.com`) && Path(`/c`)"))
                .isEqualTo(HostScope.of(Set.of("a.com", "c.com"), Set.of("b.com")));
        assertThat(v3("Host(`a.com`) || Path(`/x`)")).isEqualTo(HostScope.ANY);
        assertThat(v3("Host(`a.com`) || HostRegexp(`b`)")).isEqualTo(HostScope.ANY);
    }

    @Test
    void v2MultiValueHostGivesAllValues() throws Exception {
        assertThat(v2("Host(`a.com`, `B.com`) && PathPrefix(`/p`)"))
                .isEqualTo(HostScope.of(Set.of("a.com", "b.com"), Set.of()));
        assertThat(v2("HostHeader(`a.com`)")).isEqualTo(HostScope.of(Set.of("a.com"), Set.of()));
        assertThat(v2("HostRegexp(`{s}.a.com`)")).isEqualTo(HostScope.ANY);
    }

    @Test
    void scopeIsSoundForEveryHostThatMatches() throws Exception {
        // Whatever the scope says, a matching request's host must be inside it.
        String[] rules = {
            "Host(`a.com`) && Path(`/x`) || Host(`*.b.com`)",
            "(Host(`a.com`) || Host(`c.com`)) && (Host(`c.com`) || Host(`d.com`))",
            "Host(`a.com`) && !Host(`b.com`)",
        };
        String[] hosts = {"a.com", "b.com", "x.b.com", "c.com", "d.com", "e.com"};
        for (String rule : rules) {
            ParsedRule parsed = RuleParser.parse(rule);
            for (String host : hosts) {
                boolean matches = parsed.rule().matches(TestRequest.to(host, "/x"));
                if (matches) {
                    assertThat(inScope(parsed.hosts(), host)).as(rule + " / " + host).isTrue();
                }
            }
        }
    }

    private static boolean inScope(HostScope scope, String host) {
        if (scope.any() || scope.exact().contains(host)) {
            return true;
        }
        int dot = host.indexOf('.');
        return dot > 0 && scope.wildcardSuffixes().contains(host.substring(dot + 1));
    }
}
