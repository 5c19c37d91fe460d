package io.gatehouse.core.rule;

import java.util.List;

/** {@code HeaderRegexp(`name`, `re`)}: some value of the header contains a match of the expression. */
record HeaderRegexpRule(String name, CompiledRegex regex) implements Rule {

    @Override
    public boolean matches(MatchInput request) {
        List<String> values = request.headerValues(name);
        for (int i = 0, n = values.size(); i < n; i++) {
            if (regex.find(values.get(i))) {
                return true;
            }
        }
        return false;
    }
}
