package io.gatehouse.core.rule;

import java.util.List;

/** {@code Header(`name`, `value`)}: some value of the header equals the value exactly. */
record HeaderRule(String name, String value) implements Rule {

    @Override
    public boolean matches(MatchInput request) {
        List<String> values = request.headerValues(name);
        for (int i = 0, n = values.size(); i < n; i++) {
            if (value.equals(values.get(i))) {
                return true;
            }
        }
        return false;
    }
}
