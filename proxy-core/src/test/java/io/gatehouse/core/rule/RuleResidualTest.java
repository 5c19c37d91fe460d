package io.gatehouse.core.rule;

import io.gatehouse.core.rule.RuleResidual.Kind;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class RuleResidualTest {

    private static Rule rule(String source) throws RuleSyntaxException {
        return RuleParser.parse(source).rule();
    }

    @Test
    void hostAndPathPrefixUnderItsHostLeavesThePrefix() throws RuleSyntaxException {
        RuleResidual residual = RuleResidual.givenHost(rule("Host(`a.com`) && PathPrefix(`/api`)"), "a.com");

        assertThat(residual.kind()).isEqualTo(Kind.PATH_PREFIX);
        assertThat(residual.value()).isEqualTo("/api");
    }

    @Test
    void underAnotherHostTheRuleCannotMatch() throws RuleSyntaxException {
        assertThat(RuleResidual.givenHost(rule("Host(`a.com`) && PathPrefix(`/api`)"), "b.com").kind())
                .isEqualTo(Kind.NEVER);
        assertThat(RuleResidual.givenHost(rule("!Host(`a.com`) && PathPrefix(`/`)"), "a.com").kind())
                .isEqualTo(Kind.NEVER);
    }

    @Test
    void orFoldsToAlwaysOrToItsOtherOperand() throws RuleSyntaxException {
        Rule rule = rule("Host(`a.com`) || Path(`/x`)");

        assertThat(RuleResidual.givenHost(rule, "a.com").kind()).isEqualTo(Kind.ALWAYS);
        RuleResidual other = RuleResidual.givenHost(rule, "b.com");
        assertThat(other.kind()).isEqualTo(Kind.PATH);
        assertThat(other.value()).isEqualTo("/x");
    }

    @Test
    void hostRegexpAndWildcardAreDecidedForAKnownHost() throws RuleSyntaxException {
        assertThat(RuleResidual.givenHost(rule("HostRegexp(`^a`)"), "abc.com").kind()).isEqualTo(Kind.ALWAYS);
        assertThat(RuleResidual.givenHost(rule("HostRegexp(`^a`)"), "b.com").kind()).isEqualTo(Kind.NEVER);
        assertThat(RuleResidual.givenHost(rule("Host(`*.a.com`)"), "x.a.com").kind()).isEqualTo(Kind.ALWAYS);
        assertThat(RuleResidual.givenHost(rule("Host(`*.a.com`)"), "x.y.a.com").kind()).isEqualTo(Kind.NEVER);
    }

    @Test
    void underAWildcardSuffixOnlyWildcardsAreDecided() throws RuleSyntaxException {
        assertThat(RuleResidual.givenWildcardSuffix(rule("Host(`*.a.com`)"), "a.com").kind())
                .isEqualTo(Kind.ALWAYS);
        assertThat(RuleResidual.givenWildcardSuffix(rule("Host(`*.a.com`)"), "b.a.com").kind())
                .isEqualTo(Kind.NEVER);
        assertThat(RuleResidual.givenWildcardSuffix(rule("Host(`*.a.com`)"), "com").kind())
                .isEqualTo(Kind.NEVER);
        RuleResidual exactHostStays = RuleResidual.givenWildcardSuffix(
                rule("Host(`*.a.com`) || Host(`x.a.com`) && Method(`GET`)"), "b.com");
        assertThat(exactHostStays.kind()).isEqualTo(Kind.RULE);
        assertThat(exactHostStays.rule().matches(TestRequest.to("x.b.com", "/"))).isFalse();
    }

    @Test
    void withoutHostFactsOnlyMatchAllFolds() throws RuleSyntaxException {
        assertThat(RuleResidual.of(rule("Host(`*`)")).kind()).isEqualTo(Kind.ALWAYS);
        assertThat(RuleResidual.of(rule("Host(`*`) && PathPrefix(`/s`)")).kind()).isEqualTo(Kind.PATH_PREFIX);
        assertThat(RuleResidual.of(rule("Host(`a.com`)")).kind()).isEqualTo(Kind.RULE);
        assertThat(RuleResidual.of(rule("!Host(`*`)")).kind()).isEqualTo(Kind.NEVER);
    }

    @Test
    void unknownRuleImplementationsAreKept() {
        Rule custom = request -> request.method().equals("PUT");
        RuleResidual residual = RuleResidual.givenHost(custom, "a.com");

        assertThat(residual.kind()).isEqualTo(Kind.RULE);
        assertThat(residual.rule()).isSameAs(custom);
    }

    @Test
    void unchangedTreesAreNotRebuilt() throws RuleSyntaxException {
        Rule rule = rule("Method(`GET`) && PathPrefix(`/a`)");
        assertThat(RuleResidual.givenHost(rule, "a.com").rule()).isSameAs(rule);
    }

    private static final List<String> ATOMS = List.of(
            "Host(`a.example.com`)", "Host(`b.example.com`)", "Host(`example.com`)", "Host(`*.example.com`)",
            "Host(`*.a.example.com`)", "Host(`*`)", "HostRegexp(`^[ab]\\.`)", "HostRegexp(`com$`)",
            "PathPrefix(`/api`)", "PathPrefix(`/`)", "Path(`/api/x`)", "Method(`GET`)", "Method(`POST`)");
    private static final List<String> HOSTS = List.of("a.example.com", "b.example.com", "example.com",
            "c.example.com", "x.a.example.com", "x.y.a.example.com", "a.example.org", "", "com");
    private static final List<String> PATHS = List.of("/", "/api", "/api/x", "/apix", "/other");

    static String randomRule(Random random, int depth) {
        int pick = random.nextInt(depth <= 0 ? 1 : 4);
        return switch (pick) {
            case 0 -> ATOMS.get(random.nextInt(ATOMS.size()));
            case 1 -> "(" + randomRule(random, depth - 1) + " && " + randomRule(random, depth - 1) + ")";
            case 2 -> "(" + randomRule(random, depth - 1) + " || " + randomRule(random, depth - 1) + ")";
            default -> "!" + randomRule(random, depth - 1);
        };
    }

    /** For every request the index guarantees, the residual decides as the whole rule does. */
    @Test
    void randomRulesAndRequestsAgreeWithTheWholeRule() throws RuleSyntaxException {
        Random random = new Random(7);
        for (int n = 0; n < 2_000; n++) {
            String source = randomRule(random, 3);
            Rule rule = rule(source);
            RuleResidual none = RuleResidual.of(rule);
            for (int r = 0; r < 10; r++) {
                String host = HOSTS.get(random.nextInt(HOSTS.size()));
                TestRequest request = TestRequest.to(host, PATHS.get(random.nextInt(PATHS.size())))
                        .method(random.nextBoolean() ? "GET" : "POST");
                boolean expected = rule.matches(request);
                assertThat(matches(RuleResidual.givenHost(rule, host), request)).as(source + " " + request)
                        .isEqualTo(expected);
                assertThat(RuleResidual.givenHost(rule, host).rule().matches(request)).as(source + " " + request)
                        .isEqualTo(expected);
                assertThat(matches(none, request)).as(source + " " + request).isEqualTo(expected);
                int dot = host.indexOf('.');
                if (dot > 0 && dot < host.length() - 1) {
                    RuleResidual wildcard = RuleResidual.givenWildcardSuffix(rule, host.substring(dot + 1));
                    assertThat(matches(wildcard, request)).as(source + " " + request).isEqualTo(expected);
                }
            }
        }
    }

    /** How the route table checks a residual. */
    private static boolean matches(RuleResidual residual, MatchInput request) {
        return switch (residual.kind()) {
            case ALWAYS -> true;
            case NEVER -> false;
            case PATH_PREFIX -> request.path().startsWith(residual.value());
            case PATH -> request.path().equals(residual.value());
            case RULE -> residual.rule().matches(request);
        };
    }
}
