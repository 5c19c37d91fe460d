package io.gatehouse.core.rule;

import java.util.List;

/** {@code QueryRegexp(`key`, `re`)}: some decoded value of the parameter contains a match of the expression. */
record QueryRegexpRule(String key, CompiledRegex regex) implements Rule {

    @Override
    public boolean matches(MatchInput request) {
        List<String> values = request.queryValues(key);
        int n = values.size();
        if (n == 0) {
            return request.hasQueryParameter(key) && regex.find("");
        }
        for (int i = 0; i < n; i++) {
            if (regex.find(values.get(i))) {
                return true;
            }
        }
        return false;
    }
}
