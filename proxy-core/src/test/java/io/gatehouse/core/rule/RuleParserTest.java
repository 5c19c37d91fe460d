package io.gatehouse.core.rule;

import static io.gatehouse.core.rule.Rules.v3;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RuleParserTest {

    private static final TestRequest API = TestRequest.to("example.com", "/api");
    private static final TestRequest WEB = TestRequest.to("example.com", "/web");
    private static final TestRequest OTHER_HOST_API = TestRequest.to("other.com", "/api");

    @Test
    void andRequiresBothSides() throws Exception {
        String rule = "Host(`example.com`) && PathPrefix(`/api`)";
        assertThat(v3(rule, API)).isTrue();
        assertThat(v3(rule, WEB)).isFalse();
        assertThat(v3(rule, OTHER_HOST_API)).isFalse();
    }

    @Test
    void orNeedsEitherSide() throws Exception {
        String rule = "Path(`/api`) || Path(`/web`)";
        assertThat(v3(rule, API)).isTrue();
        assertThat(v3(rule, WEB)).isTrue();
        assertThat(v3(rule, TestRequest.path("/other"))).isFalse();
    }

    @Test
    void notInvertsItsOperand() throws Exception {
        assertThat(v3("!Path(`/api`)", API)).isFalse();
        assertThat(v3("!Path(`/api`)", WEB)).isTrue();
        assertThat(v3("!!Path(`/api`)", API)).isTrue();
        assertThat(v3("!(Path(`/api`) || Path(`/web`))", WEB)).isFalse();
        assertThat(v3("!(Path(`/api`) || Path(`/web`))", TestRequest.path("/x"))).isTrue();
    }

    @Test
    void andBindsTighterThanOr() throws Exception {
        // a || b && c  ==  a || (b && c)
        String rule = "Path(`/web`) || Host(`other.com`) && Path(`/api`)";
        assertThat(v3(rule, WEB)).isTrue();
        assertThat(v3(rule, OTHER_HOST_API)).isTrue();
        assertThat(v3(rule, API)).isFalse();
        // a && b || c  ==  (a && b) || c
        String rule2 = "Host(`other.com`) && Path(`/api`) || Path(`/web`)";
        assertThat(v3(rule2, WEB)).isTrue();
        assertThat(v3(rule2, API)).isFalse();
    }

    @Test
    void notBindsTighterThanAnd() throws Exception {
        // !a && b  ==  (!a) && b
        String rule = "!Host(`other.com`) && Path(`/api`)";
        assertThat(v3(rule, API)).isTrue();
        assertThat(v3(rule, OTHER_HOST_API)).isFalse();
        assertThat(v3(rule, WEB)).isFalse();
    }

    @Test
    void parenthesesOverridePrecedence() throws Exception {
        String rule = "(Path(`/web`) || Host(`other.com`)) && Path(`/api`)";
        assertThat(v3(rule, WEB)).isFalse();
        assertThat(v3(rule, OTHER_HOST_API)).isTrue();
        assertThat(v3("((((Path(`/api`)))))", API)).isTrue();
    }

    @Test
    void traefikDocumentationExample() throws Exception {
        String rule = "Host(`example.com`) && (PathPrefix(`/api`) || PathPrefix(`/admin`)) && !Method(`DELETE`)";
        assertThat(v3(rule, API)).isTrue();
        assertThat(v3(rule, TestRequest.to("example.com", "/admin/users"))).isTrue();
        assertThat(v3(rule, API.method("DELETE"))).isFalse();
        assertThat(v3(rule, WEB)).isFalse();
    }

    @Test
    void longChainsOfOperatorsParse() throws Exception {
        StringBuilder rule = new StringBuilder("Path(`/0`)");
        for (int i = 1; i < 20_000; i++) {
            rule.append(i % 2 == 0 ? " && " : " || ").append("Path(`/").append(i).append("`)");
        }
        ParsedRule parsed = RuleParser.parse(rule.toString());
        assertThat(parsed.rule().matches(TestRequest.path("/0"))).isTrue();
        assertThat(parsed.rule().matches(TestRequest.path("/5"))).isFalse();
    }

    @Test
    void nestingUpToTheLimitIsAccepted() throws Exception {
        int levels = RuleParser.MAX_NESTING;
        String rule = "(".repeat(levels) + "Path(`/api`)" + ")".repeat(levels);
        assertThat(v3(rule, API)).isTrue();
        String nots = "!".repeat(levels) + "Path(`/api`)";
        assertThat(v3(nots, API)).isTrue(); // an even number of '!'
    }

    @ParameterizedTest
    @ValueSource(strings = {"Host", "host", "HOST", "hOsT"})
    void matcherNamesAreCaseInsensitive(String name) throws Exception {
        assertThat(v3(name + "(`example.com`)", API)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"pathprefix", "PATHPREFIX", "Pathprefix", "PathPrefix"})
    void traefiksSpellingsOfCompoundNamesWork(String name) throws Exception {
        assertThat(v3(name + "(`/api`)", API)).isTrue();
    }

    @Test
    void valuesMayBeInDoubleQuotes() throws Exception {
        assertThat(v3("Host(\"example.com\") && Path(\"/api\")", API)).isTrue();
        assertThat(v3("Header(\"X-Name\", \"a \\\"quoted\\\" value\")",
                API.header("X-Name", "a \"quoted\" value"))).isTrue();
    }

    @Test
    void doubleQuotesUnderstandGoEscapes() throws Exception {
        assertThat(v3("Path(\"/a\\tb\")", TestRequest.path("/a\tb"))).isTrue();
        assertThat(v3("Path(\"/\\x41\\102\\u00e9\\U0001F600\")", TestRequest.path("/AB\u00e9\uD83D\uDE00"))).isTrue();
        assertThat(v3("Path(\"/back\\\\slash\")", TestRequest.path("/back\\slash"))).isTrue();
    }

    @Test
    void backtickValuesAreRaw() throws Exception {
        assertThat(v3("Path(`/a\\tb`)", TestRequest.path("/a\\tb"))).isTrue();
        assertThat(v3("Path(`/say\"hi\"`)", TestRequest.path("/say\"hi\""))).isTrue();
    }

    @Test
    void whitespaceAndLineBreaksBetweenTokensAreIgnored() throws Exception {
        assertThat(v3("  Host( `example.com` )\n&&\tPath(`/api`)\r\n ", API)).isTrue();
        assertThat(v3("Host(`example.com`)&&Path(`/api`)", API)).isTrue();
    }

    @Test
    void aTrailingCommaAfterTheLastValueIsAllowedAsInGo() throws Exception {
        assertThat(v3("Header(`X-A`, `1`,)", API.header("X-A", "1"))).isTrue();
    }

    @Test
    void defaultPriorityIsTheRuleLength() throws Exception {
        // Traefik documentation: HostRegexp(`[a-z]+\.traefik\.com`) = 34, Host(`foobar.traefik.com`) = 26
        assertThat(RuleParser.parse("HostRegexp(`[a-z]+\\.traefik\\.com`)").defaultPriority()).isEqualTo(34);
        assertThat(RuleParser.parse("Host(`foobar.traefik.com`)").defaultPriority()).isEqualTo(26);
        String spaced = "  Path(`/a`)  ";
        assertThat(RuleParser.parse(spaced).defaultPriority()).isEqualTo(spaced.length());
    }

    @Test
    void parsedRuleKeepsTheSourceAsWritten() throws Exception {
        String rule = "HOST(`Example.COM`)";
        assertThat(RuleParser.parse(rule).source()).isEqualTo(rule);
    }

    @Test
    void nullSyntaxMeansV3() throws Exception {
        assertThat(RuleParser.parse("QueryRegexp(`a`, `b`)", null).rule()
                .matches(API.query("a", "abc"))).isTrue();
    }

    @Test
    void compiledRulesAreSafeToShareBetweenThreads() throws Exception {
        Rule rule = RuleParser.parse("PathRegexp(`^/items/[0-9]+$`) && HeaderRegexp(`X-T`, `^t[0-9]$`)").rule();
        Thread[] threads = new Thread[4];
        int[] mismatches = new int[threads.length];
        for (int t = 0; t < threads.length; t++) {
            int id = t;
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 5_000; i++) {
                    boolean expected = i % 2 == 0;
                    TestRequest request = TestRequest.path(expected ? "/items/" + i : "/items/x" + i)
                            .header("X-T", "t" + id);
                    if (rule.matches(request) != expected) {
                        mismatches[id]++;
                    }
                }
            });
            threads[t].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(mismatches).containsOnly(0);
    }
}
