package io.gatehouse.core.rule;

/**
 * {@code Method(`GET`)}: the value is upper-cased once when parsed, the request method is compared
 * as sent (case-sensitive, as in Traefik).
 */
record MethodRule(String method) implements Rule {

    @Override
    public boolean matches(MatchInput request) {
        return method.equals(request.method());
    }
}
