package io.gatehouse.core.rule;

/** {@code HostRegexp(`re`)}: the lower-cased request host contains a match of the expression. */
record HostRegexpRule(CompiledRegex regex) implements Rule {

    @Override
    public boolean matches(MatchInput request) {
        return regex.find(request.host());
    }
}
