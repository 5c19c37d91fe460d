package io.gatehouse.core.rule;

/** Inverts its operand. */
record NotRule(Rule operand) implements Rule {

    @Override
    public boolean matches(MatchInput request) {
        return !operand.matches(request);
    }
}
