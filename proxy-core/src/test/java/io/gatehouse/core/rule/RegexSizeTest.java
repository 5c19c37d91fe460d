package io.gatehouse.core.rule;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RegexSizeTest {

    @Test
    void countsLiteralsClassesAndGroups() {
        assertThat(RegexSize.estimate("abc")).isEqualTo(3);
        assertThat(RegexSize.estimate("[a-z]+\\.[0-9]")).isEqualTo(4);
        assertThat(RegexSize.estimate("(ab|cd)")).isEqualTo(4);
        assertThat(RegexSize.estimate("\\p{Greek}x")).isEqualTo(2);
    }

    @Test
    void multipliesNestedCountedRepetitions() {
        assertThat(RegexSize.estimate("a{10}")).isEqualTo(10);
        assertThat(RegexSize.estimate("(ab){3,5}")).isEqualTo(10);
        assertThat(RegexSize.estimate("(a{10}){10}")).isEqualTo(100);
        assertThat(RegexSize.estimate("((a{1000}){1000}){1000}")).isGreaterThan(RegexSize.MAX);
    }

    @Test
    void aBraceThatIsNoRepetitionIsALiteral() {
        assertThat(RegexSize.estimate("a{x}")).isEqualTo(4);
        assertThat(RegexSize.estimate("[{]{2}")).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"((a{1000}){1000}){1000}", "(((a{100}){100}){100}){100}", "(a{1000}){1000}"})
    void hugeExpansionsAreRefusedAsRuleErrors(String regex) {
        assertThatThrownBy(() -> RuleParser.parse("PathRegexp(`" + regex + "`)"))
                .isInstanceOf(RuleSyntaxException.class)
                .hasMessageContaining("expression too large");
        assertThatThrownBy(() -> RuleParser.parse("HostRegexp(`{sub:" + regex + "}.example.com`)", RuleSyntax.V2))
                .isInstanceOf(RuleSyntaxException.class)
                .hasMessageContaining("too large");
    }

    @ParameterizedTest
    @ValueSource(strings = {"^/api/v[0-9]{1,3}/.*$", "[a-z]{1000}[0-9]{1000}", "^(?:[a-z0-9-]{1,63}\\.)+example\\.com$"})
    void ordinaryExpressionsStillCompile(String regex) throws RuleSyntaxException {
        assertThat(RuleParser.parse("PathRegexp(`" + regex + "`)")).isNotNull();
    }
}
