package io.gatehouse.core.rule;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.api.AbstractThrowableAssert;

/** Short helpers for rule tests. */
final class Rules {

    private Rules() {
    }

    static boolean v3(String rule, MatchInput request) throws RuleSyntaxException {
        return RuleParser.parse(rule).rule().matches(request);
    }

    static boolean v2(String rule, MatchInput request) throws RuleSyntaxException {
        return RuleParser.parse(rule, RuleSyntax.V2).rule().matches(request);
    }

    /** Asserts the rule is refused with a RuleSyntaxException at the position, naming the token. */
    static AbstractThrowableAssert<?, ? extends Throwable> rejects(String rule, RuleSyntax syntax,
                                                                  int position, String token) {
        return assertThatThrownBy(() -> RuleParser.parse(rule, syntax))
                .isInstanceOf(RuleSyntaxException.class)
                .hasMessageContaining("at position " + position)
                .satisfies(e -> {
                    RuleSyntaxException error = (RuleSyntaxException) e;
                    org.assertj.core.api.Assertions.assertThat(error.position()).isEqualTo(position);
                    org.assertj.core.api.Assertions.assertThat(error.token()).isEqualTo(token);
                });
    }

    static AbstractThrowableAssert<?, ? extends Throwable> rejects(String rule, int position, String token) {
        return rejects(rule, RuleSyntax.V3, position, token);
    }
}
