package io.gatehouse.core.rule;

import java.util.List;

/**
 * v2 {@code Query(`key=template`)} (gorilla/mux semantics): only the FIRST value of the parameter
 * is tested, against a regular expression anchored at both ends.
 */
record QueryFirstValueRule(String key, CompiledRegex anchoredValue) implements Rule {

    @Override
    public boolean matches(MatchInput request) {
        List<String> values = request.queryValues(key);
        if (values.isEmpty()) {
            return request.hasQueryParameter(key) && anchoredValue.find("");
        }
        return anchoredValue.find(values.get(0));
    }
}
