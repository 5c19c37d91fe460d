package io.gatehouse.core.rule;

import java.util.List;

/**
 * {@code Query(`key`, `value`)}: some decoded value of the parameter equals the value.
 * {@code Query(`key`)} is Traefik's one-argument form: the parameter is present with an empty
 * value ({@code ?key} or {@code ?key=}); use {@code QueryRegexp(`key`, `^.*$`)} for "any value".
 */
record QueryRule(String key, String value) implements Rule {

    @Override
    public boolean matches(MatchInput request) {
        List<String> values = request.queryValues(key);
        int n = values.size();
        if (n == 0) {
            // A bare "?key" may be reported as present without values; it has the empty value.
            return value.isEmpty() && request.hasQueryParameter(key);
        }
        for (int i = 0; i < n; i++) {
            if (value.equals(values.get(i))) {
                return true;
            }
        }
        return false;
    }
}
