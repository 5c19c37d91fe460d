package io.gatehouse.docker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConstraintsTest {

    private static final Map<String, String> LABELS = Map.of("a.label.name", "foo", "team", "ops-east", "env", "prod");

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", value = {
            "Label(`a.label.name`, `foo`) => true",
            "Label(`a.label.name`, `Foo`) => false",
            "Label(\"a.label.name\", \"foo\") => true",
            "!Label(`a.label.name`, `foo`) => false",
            "Label(`missing`, ``) => true",
            "LabelRegex(`a.label.name`, `fo`) => true",
            "LabelRegex(`a.label.name`, `^fo$`) => false",
            "LabelRegex(`a.label.name`, `^f.+`) => true",
            "LabelRegex(`missing`, `^$`) => true",
            "Label(`env`, `prod`) && LabelRegex(`team`, `^ops-`) => true",
            "Label(`env`, `dev`) || Label(`team`, `ops-east`) => true",
            "Label(`env`, `dev`) || Label(`team`, `x`) && Label(`env`, `prod`) => false",
            "(Label(`env`, `dev`) || Label(`team`, `ops-east`)) && !Label(`env`, `prod`) => false",
            "!!Label(`env`, `prod`) => true",
            "  Label( `env` ,`prod` )   => true",
    })
    void traefiksExamples(String expression, boolean expected) throws Exception {
        assertThat(Constraints.parse(expression).matches(LABELS)).isEqualTo(expected);
    }

    @Test
    void anEmptyExpressionMatchesEverything() throws Exception {
        assertThat(Constraints.parse("").matches(Map.of())).isTrue();
        assertThat(Constraints.parse(null).matches(Map.of())).isTrue();
        assertThat(Constraints.parse("   ")).isSameAs(Constraints.NONE);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "Label(`a`)",
            "Label(`a`, `b`",
            "Label `a`, `b`)",
            "Lable(`a`, `b`)",
            "Tag(`a`)",
            "Label(a, b)",
            "Label(`a, `b`)",
            "LabelRegex(`a`, `(`)",
            "Label(`a`, `b`) &&",
            "Label(`a`, `b`) & Label(`c`, `d`)",
            "(Label(`a`, `b`)",
            "Label(`a`, `b`))",
            "!",
            "&&",
            "Label(`a`, `b`) Label(`c`, `d`)",
    })
    void malformedExpressionsAreRefusedWithThePosition(String expression) {
        assertThatThrownBy(() -> Constraints.parse(expression))
                .isInstanceOf(Constraints.InvalidConstraintException.class)
                .hasMessageContaining("constraints:")
                .hasMessageContaining("at position");
    }

    @Test
    void deepNestingIsAnErrorNotAStackOverflow() {
        String deep = "(".repeat(10_000) + "Label(`a`, `b`)" + ")".repeat(10_000);
        assertThatThrownBy(() -> Constraints.parse(deep)).hasMessageContaining("nested deeper");
        String nots = "!".repeat(10_000) + "Label(`a`, `b`)";
        assertThatThrownBy(() -> Constraints.parse(nots)).hasMessageContaining("nested deeper");
    }

    @Test
    void unknownMatchersAreNamed() {
        assertThatThrownBy(() -> Constraints.parse("Lable(`a`, `b`)")).hasMessageContaining("unknown matcher 'Lable'");
    }
}
