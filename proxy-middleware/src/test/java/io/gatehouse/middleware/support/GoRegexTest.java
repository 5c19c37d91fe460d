package io.gatehouse.middleware.support;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Expected values are Go's regexp.ReplaceAllString results (from Go's documentation and tests). */
class GoRegexTest {

    private static String replace(String regex, String input, String template) {
        GoRegex re = GoRegex.compile("regex", regex);
        return re.replaceAll(input, re.replacement(template));
    }

    @Test
    void templatesExpandAsGo() {
        assertThat(replace("a(x*)b", "-ab-axxb-", "T")).isEqualTo("-T-T-");
        assertThat(replace("a(x*)b", "-ab-axxb-", "$1")).isEqualTo("--xx-");
        assertThat(replace("a(x*)b", "-ab-axxb-", "$1W")).isEqualTo("---");
        assertThat(replace("a(x*)b", "-ab-axxb-", "${1}W")).isEqualTo("-W-xxW-");
        assertThat(replace("a(?P<mid>x*)b", "-ab-axxb-", "[$mid]")).isEqualTo("-[]-[xx]-");
        assertThat(replace("(?P<first>\\w+)\\s(?P<last>\\w+)", "Alan Turing", "$last $first")).isEqualTo("Turing Alan");
        assertThat(replace("a", "a", "$$1")).isEqualTo("$1");
        assertThat(replace("a", "a", "${1")).isEqualTo("${1");
        assertThat(replace("a", "a", "$")).isEqualTo("$");
        assertThat(replace("a", "a", "$9")).isEqualTo("");
        assertThat(replace("(a)", "a", "$01")).isEqualTo("");
    }

    @Test
    void emptyMatchesFollowGosRules() {
        assertThat(replace("a*", "baaac", "X")).isEqualTo("XbXcX");
        assertThat(replace("x*", "abc", "-")).isEqualTo("-a-b-c-");
        assertThat(replace("x*", "", "-")).isEqualTo("-");
        assertThat(replace("x*", "h\u00e9\uD83D\uDE00", "-")).isEqualTo("-h-\u00e9-\uD83D\uDE00-");
        assertThat(replace("^", "abc", ">")).isEqualTo(">abc");
        assertThat(replace("$", "abc", "<")).isEqualTo("abc<");
        assertThat(replace("b", "abc", "")).isEqualTo("ac");
        assertThat(replace("z", "abc", "!")).isEqualTo("abc");
    }

    @Test
    void matchingIsUnanchoredAndLeftmost() {
        GoRegex re = GoRegex.compile("regex", "/v[0-9]+");
        assertThat(re.find("/api/v2/x")).isTrue();
        assertThat(re.leftmostMatch("/api/v2/v3")).isEqualTo("/v2");
        assertThat(re.leftmostMatch("/api")).isNull();
    }

    @Test
    void errorsNameTheOptionAndTheExpression() {
        assertThatThrownBy(() -> GoRegex.compile("regex[2]", "(a")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("regex[2]: invalid regular expression '(a'").hasMessageContaining("RE2");
        assertThatThrownBy(() -> GoRegex.compile("regex", "(?<!a)b")).hasMessageContaining("regex: invalid");
        assertThatThrownBy(() -> GoRegex.compile("regex", null)).hasMessage("regex: a regular expression is required");
        assertThatThrownBy(() -> GoRegex.compile("regex", "")).hasMessage("regex: a regular expression is required");
        // Linear-time engine: a pattern that backtracks exponentially elsewhere is fine here.
        GoRegex evil = GoRegex.compile("regex", "^(a+)+$");
        assertThat(evil.find("a".repeat(10_000) + "!")).isFalse();
    }
}
