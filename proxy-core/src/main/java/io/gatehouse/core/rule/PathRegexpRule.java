package io.gatehouse.core.rule;

/** {@code PathRegexp(`re`)}: the routing path contains a match of the expression. */
record PathRegexpRule(CompiledRegex regex) implements Rule {

    @Override
    public boolean matches(MatchInput request) {
        return regex.find(request.path());
    }
}
