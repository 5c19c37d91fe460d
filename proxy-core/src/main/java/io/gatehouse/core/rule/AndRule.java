package io.gatehouse.core.rule;

import java.util.List;

/** All parts must match; stops at the first that does not. */
final class AndRule implements Rule {

    private final Rule[] parts;

    AndRule(List<Rule> parts) {
        this.parts = parts.toArray(new Rule[0]);
    }

    /** The operands, for {@link RuleResidual}. */
    List<Rule> parts() {
        return List.of(parts);
    }

    @Override
    public boolean matches(MatchInput request) {
        for (Rule part : parts) {
            if (!part.matches(request)) {
                return false;
            }
        }
        return true;
    }
}
