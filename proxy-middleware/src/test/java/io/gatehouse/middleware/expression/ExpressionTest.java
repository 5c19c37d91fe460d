package io.gatehouse.middleware.expression;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExpressionTest {

    /** A stand-in context: the values functions read. */
    record Sample(double ratio, int attempts, boolean networkError) {
    }

    private static final List<Function<Sample>> FUNCTIONS = List.of(
            Function.numeric("Ratio", Sample::ratio),
            Function.numeric("Attempts", s -> s.attempts()),
            Function.numeric("Scaled", 1, args -> {
                if (args[0] <= 0) {
                    throw new IllegalArgumentException("factor must be positive");
                }
                double factor = args[0];
                return s -> s.ratio() * factor;
            }),
            Function.condition("IsNetworkError", Sample::networkError));

    private static Predicate<Sample> parse(String text) {
        return Expression.parse(text, FUNCTIONS);
    }

    @Test
    void comparisonsOfEveryKind() {
        Sample s = new Sample(0.5, 2, false);
        assertThat(parse("Ratio() > 0.4").test(s)).isTrue();
        assertThat(parse("Ratio() < 0.4").test(s)).isFalse();
        assertThat(parse("Ratio() >= 0.5").test(s)).isTrue();
        assertThat(parse("Ratio() <= 0.49").test(s)).isFalse();
        assertThat(parse("Attempts() == 2").test(s)).isTrue();
        assertThat(parse("Attempts() != 2").test(s)).isFalse();
        assertThat(parse("3 > Attempts()").test(s)).isTrue();
        assertThat(parse("Scaled(4) == 2").test(s)).isTrue();
        assertThat(parse("Ratio() > -1").test(s)).isTrue();
    }

    @Test
    void andBindsTighterThanOrAndParenthesesGroup() {
        Sample s = new Sample(0.5, 2, true);
        assertThat(parse("Attempts() > 5 && Ratio() > 0 || IsNetworkError()").test(s)).isTrue();
        assertThat(parse("Attempts() > 5 && (Ratio() > 0 || IsNetworkError())").test(s)).isFalse();
        assertThat(parse("IsNetworkError() && Attempts() <= 2").test(s)).isTrue();
        assertThat(parse("((IsNetworkError()))").test(s)).isTrue();
    }

    @Test
    void errorsSayWhatAndWhere() {
        assertError("", "empty", 1);
        assertError("   ", "empty", 1);
        assertError("Ratio() >", "expected a function call or a number at position 10 (got the end of the expression)", 10);
        assertError("Ratio()", "expected a comparison", 8);
        assertError("ratio() > 1", "unknown function 'ratio' at position 1 (did you mean Ratio?)", 1);
        assertError("Nope() > 1", "known: Ratio, Attempts, Scaled, IsNetworkError", 1);
        assertError("Ratio() > 1 &&", "expected a function call or a number", 15);
        assertError("Ratio() > 1 & Attempts() > 1", "unexpected character '&' at position 13", 13);
        assertError("Ratio() = 1", "unexpected character '='", 9);
        assertError("(Ratio() > 1", "expected ')' at position 13", 13);
        assertError("Ratio() > 1)", "expected && or || or the end of the expression at position 12", 12);
        assertError("Ratio(1) > 1", "Ratio takes 0 arguments, got 1", 6);
        assertError("Scaled() > 1", "Scaled takes 1 argument, got 0", 7);
        assertError("Scaled(-1) > 1", "Scaled at position 1: factor must be positive", 1);
        assertError("Scaled(x) > 1", "expected a number as argument of Scaled at position 8", 8);
        assertError("Ratio() > 1.2.3", "not a number at position 11", 11);
        assertError("IsNetworkError() > 1", "expected && or || or the end of the expression", 18);
        assertError("Attempts() > IsNetworkError()", "IsNetworkError() is a condition, not a number", 14);
        assertError("Ratio() > 1\u0000", "unexpected character '\\u0000'", 12);
        assertError("(".repeat(100) + "Ratio() > 1" + ")".repeat(100), "nested too deeply", 66);
        assertError("Ratio() > " + "1".repeat(5000), "longer than", 4096);
    }

    private static void assertError(String text, String message, int position) {
        assertThatThrownBy(() -> parse(text))
                .isInstanceOf(ExpressionException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((ExpressionException) e).position()).isEqualTo(position));
    }
}
