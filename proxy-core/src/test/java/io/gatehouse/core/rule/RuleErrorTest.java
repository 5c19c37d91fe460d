package io.gatehouse.core.rule;

import static io.gatehouse.core.rule.Rules.rejects;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Malformed and hostile rules: always a RuleSyntaxException with position and token, never anything else. */
class RuleErrorTest {

    @Test
    void nullRule() {
        rejects(null, 0, "").hasMessageContaining("no rule");
    }

    @Test
    void emptyAndBlankRules() {
        rejects("", 0, "").hasMessageContaining("empty rule");
        rejects("   \n\t ", 0, "").hasMessageContaining("empty rule");
    }

    @Test
    void unknownMatcherListsTheKnownOnes() {
        rejects("Hots(`example.com`)", 0, "Hots")
                .hasMessage("unknown matcher 'Hots' at position 0; known matchers: ClientIP, Header, "
                        + "HeaderRegexp, Host, HostRegexp, Method, Path, PathPrefix, PathRegexp, Query, QueryRegexp");
        rejects("Path(`/a`) && Foo(`b`)", 14, "Foo").hasMessageContaining("unknown matcher 'Foo'");
    }

    @Test
    void unbalancedParentheses() {
        rejects("(Host(`a`)", 10, "").hasMessageContaining("end of input").hasMessageContaining("expected ')'");
        rejects("Host(`a`))", 9, ")").hasMessageContaining("no '(' to close");
        rejects("((Host(`a`) && Path(`/`))", 25, "").hasMessageContaining("'(' at position 0");
        rejects("Host(`a`", 8, "").hasMessageContaining("')' to close the '(' at position 4");
        rejects("Host `a`)", 5, "`a`").hasMessageContaining("expected '('");
        rejects("()", 1, ")").hasMessageContaining("expected a matcher");
    }

    @Test
    void unterminatedValues() {
        rejects("Host(`example.com)", 5, "`example.com)").hasMessageContaining("unterminated value");
        rejects("Host(\"example.com)", 5, "\"example.com)").hasMessageContaining("unterminated value");
        rejects("Host(\"a\\", 5, "\"a\\").hasMessageContaining("unterminated value");
        rejects("Path(\"/a\nb\")", 8, "\\n").hasMessageContaining("line break");
    }

    @Test
    void badEscapesInDoubleQuotes() {
        rejects("Path(\"/a\\qb\")", 8, "\\q").hasMessageContaining("invalid escape")
                .hasMessageContaining("unknown escape");
        rejects("Path(\"/\\xZZ\")", 7, "\\xZZ").hasMessageContaining("invalid escape");
        rejects("Path(\"/\\400\")", 7, "\\400").hasMessageContaining("octal");
        rejects("Path(\"/\\uD800\")", 7, "\\uD800").hasMessageContaining("code point");
        rejects("Path(\"/\\'\")", 7, "\\'").hasMessageContaining("invalid escape");
    }

    @Test
    void singleQuotesAreNotValueQuotes() {
        rejects("Host('example.com')", 5, "'").hasMessageContaining("single quote").hasMessageContaining("backticks");
    }

    @Test
    void unquotedValues() {
        rejects("Host(example.com)", 5, "example").hasMessageContaining("expected a value in backticks");
        rejects("Path(/api)", 5, "/").hasMessageContaining("unexpected character '/'");
        rejects("Path(80)", 5, "8").hasMessageContaining("values are quoted");
    }

    @Test
    void trailingAndMissingOperators() {
        rejects("Host(`a`) &&", 12, "").hasMessageContaining("end of input");
        rejects("Host(`a`) ||  ", 14, "").hasMessageContaining("expected a matcher");
        rejects("&& Host(`a`)", 0, "&&").hasMessageContaining("unexpected '&&'");
        rejects("Host(`a`) && || Path(`/`)", 13, "||");
        rejects("Host(`a`) && && Path(`/`)", 13, "&&");
        rejects("Host(`a`) !", 10, "!");
        rejects("Host(`a`) && !", 14, "");
        rejects("!", 1, "");
        rejects("Host(`a`) & Path(`/`)", 10, "&").hasMessageContaining("did you mean '&&'");
        rejects("Host(`a`) | Path(`/`)", 10, "|").hasMessageContaining("did you mean '||'");
        rejects("Host(`a`) and Path(`/`)", 10, "and").hasMessageContaining("expected '&&' or '||'");
    }

    @Test
    void junkAfterTheRule() {
        rejects("Host(`a`) Path(`/`)", 10, "Path").hasMessageContaining("after a complete rule");
        rejects("Host(`a`) `b`", 10, "`b`");
        rejects("Host(`a`) ; Path(`/`)", 10, ";").hasMessageContaining("unexpected character ';'");
    }

    @Test
    void argumentSyntax() {
        rejects("Host(`a` `b`)", 9, "`b`").hasMessageContaining("expected ',' or ')'");
        rejects("Host(,`a`)", 5, ",").hasMessageContaining("expected a value");
        rejects("Header(`a`,,`b`)", 11, ",");
    }

    @Test
    void nestingDeeperThanTheLimitIsRefused() {
        int limit = RuleParser.MAX_NESTING;
        String rule = "(".repeat(limit + 1) + "Path(`/`)" + ")".repeat(limit + 1);
        rejects(rule, limit, "(").hasMessageContaining("nested deeper than " + limit);
        rejects("!".repeat(limit + 1) + "Path(`/`)", limit, "!").hasMessageContaining("nested deeper");
    }

    @Test
    @Timeout(30)
    void hostileNestingGivesACheckedErrorNotAStackOverflow() {
        int levels = 100_000;
        rejects("(".repeat(levels) + "Path(`/`)" + ")".repeat(levels), 256, "(");
        rejects("!".repeat(levels) + "Path(`/`)", 256, "!");
        rejects("(!".repeat(levels) + "Path(`/`)" + ")".repeat(levels), 256, "(");
        rejects("(".repeat(levels), 256, "(");
    }

    @Test
    @Timeout(60)
    void oneMegabyteRulesAreHandled() throws Exception {
        StringBuilder big = new StringBuilder();
        int i = 0;
        while (big.length() < 1_000_000) {
            if (i > 0) {
                big.append(" || ");
            }
            big.append("(Host(`h").append(i).append(".example.com`) && PathPrefix(`/p").append(i).append("`))");
            i++;
        }
        ParsedRule parsed = RuleParser.parse(big.toString());
        assertThat(parsed.rule().matches(TestRequest.to("h7.example.com", "/p7/x"))).isTrue();
        assertThat(parsed.hosts().exact()).hasSize(i);
        assertThat(parsed.defaultPriority()).isEqualTo(big.length());

        String hugeValue = "Path(`/" + "a".repeat(1_000_000) + "`)";
        assertThat(RuleParser.parse(hugeValue).rule().matches(TestRequest.path("/" + "a".repeat(1_000_000)))).isTrue();

        String unterminated = "Path(`/" + "a".repeat(1_000_000);
        assertThatThrownBy(() -> RuleParser.parse(unterminated))
                .isInstanceOf(RuleSyntaxException.class)
                .hasMessageContaining("unterminated value")
                .hasMessageContaining("...") // the huge token is shortened in the message
                .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(400));

        String junk = "Path(`/`) " + "x".repeat(1_000_000);
        assertThatThrownBy(() -> RuleParser.parse(junk)).isInstanceOf(RuleSyntaxException.class);

        String hugeName = "x".repeat(1_000_000) + "(`a`)";
        assertThatThrownBy(() -> RuleParser.parse(hugeName))
                .isInstanceOf(RuleSyntaxException.class)
                .hasMessageContaining("unknown matcher")
                .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(400));
    }

    @Test
    void everyErrorIsACheckedRuleSyntaxExceptionForArbitraryInput() {
        // A crude fuzz over the rule alphabet: nothing but RuleSyntaxException may escape.
        String alphabet = "()!&|`\",\\ HostPathQueryClientIP{}[]*.:/1a\u00e9";
        java.util.Random random = new java.util.Random(42);
        for (int n = 0; n < 20_000; n++) {
            StringBuilder rule = new StringBuilder();
            int length = random.nextInt(30);
            for (int i = 0; i < length; i++) {
                rule.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            for (RuleSyntax syntax : RuleSyntax.values()) {
                try {
                    RuleParser.parse(rule.toString(), syntax);
                } catch (RuleSyntaxException e) {
                    assertThat(e.position()).isBetween(0, rule.length());
                    assertThat(e.getMessage()).contains("at position " + e.position());
                }
            }
        }
    }

    @Test
    void fuzzedMatcherCallsOnlyFailWithRuleSyntaxException() {
        String[] names = {"Host", "HostRegexp", "Path", "PathPrefix", "PathRegexp", "Method", "Header", "HeaderRegexp",
            "Query", "QueryRegexp", "ClientIP", "Headers", "HeadersRegexp", "HostHeader"};
        String[] values = {"", "a", "/", "*", "*.", "{", "}", "{a}", "{a:}", "(", "\\1", "1.2.3.4/", "::", "=", "a=",
            "=b", "\u00e9", ".", "/{x:[}", "[", "(?P<n>a)"};
        java.util.Random random = new java.util.Random(7);
        for (int n = 0; n < 20_000; n++) {
            StringBuilder rule = new StringBuilder(names[random.nextInt(names.length)]).append('(');
            int count = random.nextInt(4);
            for (int i = 0; i < count; i++) {
                rule.append(i > 0 ? ", `" : "`").append(values[random.nextInt(values.length)]).append('`');
            }
            rule.append(')');
            for (RuleSyntax syntax : RuleSyntax.values()) {
                try {
                    RuleParser.parse(rule.toString(), syntax).rule().matches(TestRequest.to("a.b", "/a"));
                } catch (RuleSyntaxException e) {
                    assertThat(e.position()).isBetween(0, rule.length());
                }
            }
        }
    }
}
