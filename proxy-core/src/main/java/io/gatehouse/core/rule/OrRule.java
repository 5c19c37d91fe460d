package io.gatehouse.core.rule;

import java.util.List;

/** Any part may match; stops at the first that does. */
final class OrRule implements Rule {

    private final Rule[] parts;

    OrRule(List<Rule> parts) {
        this.parts = parts.toArray(new Rule[0]);
    }

    /** The operands, for {@link RuleResidual}. */
    List<Rule> parts() {
        return List.of(parts);
    }

    @Override
    public boolean matches(MatchInput request) {
        for (Rule part : parts) {
            if (part.matches(request)) {
                return true;
            }
        }
        return false;
    }
}
