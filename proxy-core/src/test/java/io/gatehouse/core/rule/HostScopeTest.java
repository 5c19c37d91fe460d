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
